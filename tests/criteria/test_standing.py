"""Standing: the communes × criteria matrix, a commune's page, the road map and district readiness."""

import datetime

import pytest
from django.urls import reverse

from criteria import services
from criteria.models import AssessmentStatus, Recognition, RecognitionLevel, RoadmapTarget
from directory.models import Commune, Village

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def assessed(commune_set, hoa_ninh, gia_bac, commune_officer, assess):
    """Hòa Ninh meets all 19 (verified); Gia Bắc misses 2.1 and is approaching on 17.4; a draft is ignored."""
    assess(criteria_set=commune_set, unit=hoa_ninh, as_of=D(2023, 7, 31), actor=commune_officer)
    assess(criteria_set=commune_set, unit=gia_bac, as_of=D(2023, 7, 31), actor=commune_officer,
           statuses={"2.1": "not_met", "17.4": "approaching"})
    assess(criteria_set=commune_set, unit=gia_bac, as_of=D(2023, 8, 15), actor=commune_officer,
           default="not_met", status=AssessmentStatus.DRAFT)


def test_matrix_shows_each_commune_criteria_with_symbols(login, coordinator, assessed, django_assert_max_num_queries):
    client = login(coordinator)
    # session, user, memberships, commune sets, communes, criteria, indicators, assessments, results,
    # recognitions, pending reviews (+ the nav's unread notices, the session save)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("criteria:matrix") + "?ngay=01/09/2023")
    html = response.content.decode()
    standing = response.context["standing"]
    rows = {r.commune.name: r for r in standing.rows}
    assert len(rows) == 19
    assert rows["Hòa Ninh"].met == 19
    assert rows["Gia Bắc"].met == 17
    assert rows["Gia Bắc"].statuses[standing.criteria[1].pk] == "not_met"      # criterion 2
    assert rows["Gia Bắc"].statuses[standing.criteria[16].pk] == "approaching"  # criterion 17
    assert rows["Sơn Điền"].assessment is None
    assert "19/19" in html and "17/19" in html
    assert "✗" in html and "◐" in html and "✓" in html  # not colour alone


def test_matrix_costs_the_same_with_more_assessments(login, coordinator, commune_set, commune_officer, assess,
                                                     django_assert_num_queries):
    communes = list(Commune.objects.order_by("code"))
    assess(criteria_set=commune_set, unit=communes[0], as_of=D(2023, 7, 31), actor=commune_officer)
    client = login(coordinator)
    url = reverse("criteria:matrix") + "?ngay=31/12/2024"  # in the QĐ 318 period (QĐ 51 from 15/02/2026)
    client.get(url)
    # session, user, memberships, sets, communes, criteria, indicators, assessments, results,
    # recognitions, pending reviews
    with django_assert_num_queries(11) as few:
        client.get(url)
    for commune in communes[1:7]:
        assess(criteria_set=commune_set, unit=commune, as_of=D(2023, 7, 31), actor=commune_officer)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_commune_page_counts_and_lists_criteria_not_met(login, commune_officer, gia_bac, assessed,
                                                        other_commune_officer, coordinator):
    Recognition.objects.create(unit=gia_bac, level=RecognitionLevel.STANDARD, authority="province",
                               decision_number="123/QĐ-UBND", decision_date=D(2024, 12, 20))
    village = Village.objects.filter(parent=gia_bac).first()
    services.recognition_create(unit=village, level=RecognitionLevel.MODEL_VILLAGE, authority="district",
                                decision_number="45/QĐ-UBND", decision_date=D(2024, 5, 2), actor=coordinator)
    html = login(other_commune_officer).get(reverse("criteria:commune_standing", args=[gia_bac.pk]),
                                            {"ngay": "31/12/2024"}).content.decode()
    assert "Đạt 17/19 tiêu chí" in html
    assert "2. Giao thông" in html and "17. Môi trường và an toàn thực phẩm" in html
    assert "1. Quy hoạch" not in html.split("Tiêu chí chưa đạt")[1].split("Quyết định công nhận")[0]
    assert "123/QĐ-UBND" in html
    assert f"{village.name}: Thôn nông thôn mới kiểu mẫu" in html
    assert "Đánh giá mới cho xã" in html
    assert login(commune_officer).get(reverse("criteria:commune_standing", args=[gia_bac.pk])).status_code == 404


def test_readiness_counts_standard_advanced_and_district_criteria(login, leader, coordinator, district, district_set,
                                                                  assess):
    communes = list(Commune.objects.filter(parent=district))
    for i, commune in enumerate(communes):
        Recognition.objects.create(unit=commune, level=RecognitionLevel.STANDARD, authority="province",
                                   decision_number=f"{i}/QĐ", decision_date=D(2020, 12, 1))
    Recognition.objects.create(unit=communes[0], level=RecognitionLevel.ADVANCED, authority="province",
                               decision_number="A1", decision_date=D(2022, 12, 1))
    assess(criteria_set=district_set, unit=district, as_of=D(2023, 7, 31), actor=coordinator,
           statuses={"7": "not_met"})
    response = login(leader).get(reverse("criteria:roadmap"), {"ngay": "31/12/2024"})  # QĐ 320 in force
    readiness = response.context["readiness"]
    assert (readiness.communes, readiness.standard, readiness.advanced) == (19, 19, 1)
    assert readiness.all_standard and not readiness.advanced_ok and readiness.advanced_needed == 1
    assert (readiness.district_met, len(readiness.district_criteria)) == (8, 9)
    assert not readiness.ready
    html = response.content.decode()
    assert "19/19 xã" in html and "cần thêm 1 xã" in html and "đạt 8/9" in html
    Recognition.objects.create(unit=communes[1], level=RecognitionLevel.MODEL, authority="province",
                               decision_number="M1", decision_date=D(2023, 1, 1))
    assess(criteria_set=district_set, unit=district, as_of=D(2023, 9, 30), actor=coordinator)
    assert login(leader).get(reverse("criteria:roadmap"), {"ngay": "31/12/2024"}).context["readiness"].ready


def test_roadmap_pipeline_and_coordinator_forms(login, coordinator, leader, district, hoa_ninh, gia_bac):
    client = login(coordinator)
    client.post(reverse("criteria:roadmap_target_create"),
                {"unit": gia_bac.pk, "level": "standard", "year": 2025, "stage": "in_preparation"})
    client.post(reverse("criteria:roadmap_target_create"),
                {"unit": hoa_ninh.pk, "level": "advanced", "year": 2025, "stage": "planned"})
    response = client.post(reverse("criteria:roadmap_target_create"),
                           {"unit": hoa_ninh.pk, "level": "model_village", "year": 2025, "stage": "planned"})
    assert "Mức này không áp dụng" in response.content.decode()
    client.post(reverse("criteria:recognition_create"), {
        "unit": hoa_ninh.pk, "level": "advanced", "authority": "province", "decision_number": "99/QĐ-UBND",
        "decision_date": "15/12/2025"})
    assert RoadmapTarget.objects.count() == 2
    assert Recognition.objects.get().decision_date == D(2025, 12, 15)
    lines = login(leader).get(reverse("criteria:roadmap")).context["lines"]
    by_level = {line.level: line for line in lines}
    assert [t.unit_id for t in by_level["standard"].in_preparation] == [gia_bac.pk]
    assert [t.unit_id for t in by_level["advanced"].achieved] == [hoa_ninh.pk]
    assert login(leader).post(reverse("criteria:recognition_create"), {}).status_code == 403


def test_targets_page_sets_targets_and_recomputes_nothing_past(login, coordinator, leader, commune_set, district):
    from criteria.models import Indicator, Target

    i31 = Indicator.objects.get(criteria_set=commune_set, code="3.1")
    i11 = Indicator.objects.get(criteria_set=commune_set, code="11")
    data = {}
    for row_indicator in Indicator.objects.filter(criteria_set=commune_set, kind="numeric"):
        data[f"c_{row_indicator.pk}"] = row_indicator.comparator
        data[f"m_{row_indicator.pk}"] = "10"
    data.update({f"t_{i31.pk}": "80", f"t_{i11.pk}": "4,5", f"c_{i11.pk}": "lte", f"m_{i11.pk}": "20"})
    login(coordinator).post(reverse("criteria:targets_edit", args=[commune_set.pk]), data)
    targets = {t.indicator.code: t for t in Target.objects.select_related("indicator")}
    assert set(targets) == {"3.1", "11"}
    assert (str(targets["11"].value), str(targets["11"].approaching_margin)) == ("4.50", "20.00")
    i11.refresh_from_db()
    assert i11.comparator == "lte"
    data[f"m_{i31.pk}"] = "150"
    response = login(coordinator).post(reverse("criteria:targets_edit", args=[commune_set.pk]), data)
    assert "Biên độ phải từ 0 đến 100." in response.content.decode()


def test_set_pages_show_criteria_certainty_and_targets(login, leader, coordinator, commune_set, targets,
                                                       django_assert_max_num_queries):
    client = login(leader)
    assert "QD318-XA" in client.get(reverse("criteria:set_list")).content.decode()
    # session, user, memberships, district, criteria, indicators, targets (+ nav)
    with django_assert_max_num_queries(9):
        html = client.get(reverse("criteria:set_detail", args=[commune_set.pk])).content.decode()
    assert "3. Thủy lợi và phòng, chống thiên tai" in html
    assert "Đã đối chiếu văn bản (≥80%)" in html
    assert "≥ 80 · biên độ 10%" in html and "≤ 5 · biên độ 20%" in html
    assert "Nhập mức phải đạt" not in html and "Thêm chỉ tiêu" not in html
    assert "Nhập mức phải đạt" in login(coordinator).get(
        reverse("criteria:set_detail", args=[commune_set.pk])).content.decode()


def test_user_without_role_gets_403(login, commune_set):
    from tests.factories import UserFactory

    client = login(UserFactory(username="khach"))
    assert client.get(reverse("criteria:matrix")).status_code == 403
    assert client.get(reverse("criteria:set_detail", args=[commune_set.pk])).status_code == 404


def test_coordinator_records_the_district_criteria_leader_and_officer_cannot(login, coordinator, leader,
                                                                            commune_officer, district, district_set):
    from criteria.models import Assessment, Indicator, IndicatorResult

    url = reverse("criteria:assessment_create", args=[district.pk])
    assert login(leader).get(url).status_code == 403
    assert login(commune_officer).get(url).status_code == 404
    client = login(coordinator)
    client.post(url, {"criteria_set": district_set.pk, "as_of": "31/12/2024"})
    assessment = Assessment.objects.get()
    assert (assessment.unit_id, assessment.commune_id, assessment.district_id) == (district.pk, None, district.pk)
    data = {f"s_{i.pk}": "met" for i in Indicator.objects.filter(criteria_set=district_set)}
    client.post(assessment.get_absolute_url(), data)
    assert IndicatorResult.objects.filter(assessment=assessment, status="met").count() == 9
    client.post(reverse("criteria:assessment_submit", args=[assessment.pk]))
    client.post(reverse("criteria:assessment_verify", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == "verified"
    readiness = login(leader).get(reverse("criteria:roadmap"), {"ngay": "31/12/2025"}).context["readiness"]
    assert readiness.district_met == 9
