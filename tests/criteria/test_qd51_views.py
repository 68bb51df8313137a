"""The office of a province enters QĐ 51's indicators, group targets and commune groups in the portal;
a merged commune's officer assesses against them; the pages say which set they use."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from criteria.loaders import load_shipped_sets
from criteria.models import Assessment, CommuneGroup, CriteriaSet, Indicator, IndicatorResult, Target
from directory.models import AdministrativeUnit, Commune, Role
from ntm_portal.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
IN_FORCE = datetime.date(2026, 2, 15)


@pytest.fixture
def province_world(district):
    load_shipped_sets()
    call_command("merge_communes", verbosity=0)
    province = AdministrativeUnit.objects.get(level="province", code="68")
    office = UserFactory(username="so.nnmt")
    MembershipFactory(user=office, role=Role.COORDINATOR, unit=province)
    leader = UserFactory(username="lanhdao.tinh")
    MembershipFactory(user=leader, role=Role.LEADER, unit=province)
    hoa_ninh = Commune.objects.current(IN_FORCE).get(code="25036")
    officer = UserFactory(username="xa.hoaninh.moi")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_ninh)
    return {"province": province, "office": office, "leader": leader, "officer": officer, "hoa_ninh": hoa_ninh,
            "set": CriteriaSet.objects.get(code="QD51-XA")}


def test_the_office_enters_an_indicator_group_targets_and_groups_and_the_commune_is_assessed(login, province_world):
    w = province_world
    qd51, client = w["set"], login(w["office"])
    criterion = qd51.criteria.get(number=2)
    response = client.post(reverse("criteria:indicator_add", args=[qd51.pk]), {
        "criterion": criterion.pk, "code": "2.1", "name": "Tỷ lệ đường xã được cứng hóa", "unit_label": "%",
        "kind": "numeric", "comparator": "gte", "certainty": "draft"})
    assert response.status_code == 302
    i21 = Indicator.objects.get(criteria_set=qd51, code="2.1")
    assert not Indicator.objects.filter(criteria_set=qd51, code="2").exists()
    page = client.get(reverse("criteria:set_detail", args=[qd51.pk])).content.decode()
    assert "Tỷ lệ đường xã được cứng hóa" in page and "Áp dụng từ 15/02/2026 đến 31/12/2030" in page

    url = reverse("criteria:targets_edit", args=[qd51.pk]) + "?nhom=3"
    assert "nhóm xã 3" in client.get(url).content.decode()
    client.post(url, {f"c_{i21.pk}": "gte", f"t_{i21.pk}": "70", f"m_{i21.pk}": "10"})
    client.post(reverse("criteria:targets_edit", args=[qd51.pk]),
                {f"c_{i21.pk}": "gte", f"t_{i21.pk}": "85,5", f"m_{i21.pk}": "5"})
    assert dict(Target.objects.filter(indicator=i21, unit=w["province"]).values_list("group", "value")) == {
        3: Decimal("70.00"), None: Decimal("85.50")}

    groups_url = reverse("criteria:commune_groups")
    form = client.get(groups_url).content.decode()
    assert "Xã Hòa Ninh" in form and "Xã Hòa Trung" not in form  # only the communes in force
    client.post(groups_url, {"valid_from": "15/02/2026", "decision": "QĐ 100/QĐ-UBND",
                             f"g_{w['hoa_ninh'].pk}": "3"})
    assert CommuneGroup.objects.get(commune=w["hoa_ninh"]).group == 3
    assert AuditEntry.objects.filter(action="commune_group.set", actor=w["office"]).count() == 1

    officer = login(w["officer"])
    officer.post(reverse("criteria:assessment_create", args=[w["hoa_ninh"].pk]),
                 {"criteria_set": qd51.pk, "as_of": "02/03/2026"})
    assessment = Assessment.objects.get(unit=w["hoa_ninh"])
    assert assessment.district == w["province"]
    page = officer.get(assessment.get_absolute_url()).content.decode()
    assert "70" in page
    officer.post(assessment.get_absolute_url(), {f"v_{i21.pk}": "75"})
    result = IndicatorResult.objects.get(assessment=assessment, indicator=i21)
    assert (result.status, result.target_value) == ("met", Decimal("70.00"))


def test_only_the_office_may_enter_indicators_groups_and_targets(login, province_world):
    w = province_world
    for user in (w["leader"], w["officer"]):
        client = login(user)
        assert client.get(reverse("criteria:indicator_add", args=[w["set"].pk])).status_code == 403
        assert client.post(reverse("criteria:commune_groups"), {"valid_from": "15/02/2026"}).status_code == 403
        assert client.get(reverse("criteria:targets_upload", args=[w["set"].pk])).status_code == 403
    assert not AuditEntry.objects.filter(action__in=["criteria_indicator.save", "commune_group.set"]).exists()


def test_targets_and_groups_upload_all_or_nothing(login, province_world):
    w = province_world
    client = login(w["office"])
    url = reverse("criteria:targets_upload", args=[w["set"].pk])
    bad = SimpleUploadedFile("nhom.csv", b"commune_code,group,valid_from\n25036,3,15/02/2026\n25039,2,15/02/2026\n"
)
    page = client.post(url, {"what": "groups", "file": bad}).content.decode()
    assert "Dòng 3: không có xã mã «25039» có hiệu lực ngày 15/02/2026." in page
    assert not CommuneGroup.objects.exists()
    good = SimpleUploadedFile("nhom.csv", "Mã xã,Nhóm,Từ ngày\n25036,3,15/02/2026\n25000,1,15/02/2026\n".encode())
    assert client.post(url, {"what": "groups", "file": good}).status_code == 302
    assert dict(CommuneGroup.objects.values_list("commune__code", "group")) == {"25036": 3, "25000": 1}


def test_the_pages_say_which_set_they_use_and_warn_when_none_is_in_force(login, coordinator, province_world):
    w = province_world
    client = login(w["office"])
    page = client.get(reverse("criteria:matrix"), {"ngay": "01/03/2026"}).content.decode()
    assert "Bộ tiêu chí đang dùng:" in page and "Quyết định số 51/2025/QĐ-TTg" in page
    assert 'id="set-warning"' not in page
    w["set"].delete()
    page = client.get(reverse("criteria:matrix"), {"ngay": "30/11/2026"}).content.decode()
    assert "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025" in page
    assert "không có hiệu lực ngày 30/11/2026" in page and 'id="set-warning"' in page
    page = client.get(reverse("criteria:compare"), {"date_before": "01/01/2026",
                                                    "date_after": "30/11/2026"}).content.decode()
    assert "không có hiệu lực ngày 30/11/2026" in page
    page = login(w["officer"]).get(reverse("criteria:commune_standing", args=[w["hoa_ninh"].pk])).content.decode()
    assert 'id="set-warning"' in page


def test_the_roadmap_says_no_district_set_is_in_force_after_qd320(login, leader, sets):
    page = login(leader).get(reverse("criteria:roadmap"), {"ngay": "01/03/2026"}).content.decode()
    assert "Không có bộ tiêu chí cấp huyện nào có hiệu lực ngày 01/03/2026" in page
    page = login(leader).get(reverse("criteria:roadmap"), {"ngay": "01/03/2025"}).content.decode()
    assert 'id="no-district-set"' not in page and "Tiêu chí huyện: đạt 0/9" in page


def test_a_province_set_is_uploaded_in_the_portal_and_by_command(login, province_world, tmp_path):
    w = province_world
    upload = SimpleUploadedFile("tinh.csv", "criterion,criterion_name\n1,Quy hoạch\n".encode())
    response = login(w["office"]).post(reverse("criteria:set_upload"), {
        "file": upload, "code": "LD-THON-KM", "version": 1, "name": "Thôn kiểu mẫu tỉnh Lâm Đồng",
        "level": "village", "tier": "model", "owner": w["province"].pk, "valid_from": "01/01/2026"})
    assert response.status_code == 302
    assert CriteriaSet.objects.get(code="LD-THON-KM").owner == w["province"]
    path = tmp_path / "tinh.csv"
    path.write_text("criterion,criterion_name\n1,Quy hoạch\n", encoding="utf-8")
    call_command("load_criteria", str(path), set_code="LD-XA", name="Bộ xã của tỉnh", level="commune",
                 owner_code="68", verbosity=0)
    assert CriteriaSet.objects.get(code="LD-XA").owner == w["province"]


def test_the_matrix_shows_the_previous_set_and_says_so_until_someone_is_assessed_against_the_new(
        login, coordinator, commune_officer, hoa_ninh, commune_set, assess):
    qd51 = CriteriaSet.objects.get(code="QD51-XA")  # loaded with the shipped sets
    assess(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2025, 6, 30), actor=commune_officer,
           statuses={"3.1": "not_met"})
    client = login(coordinator)
    page = client.get(reverse("criteria:matrix"), {"ngay": "01/03/2026"}).content.decode()
    assert "Chưa có kết quả đánh giá đã xác nhận nào theo bộ Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn " \
           "2026-2030 (áp dụng từ 15/02/2026)" in page
    assert 'data-commune="Hòa Ninh"' in page and 'data-status="not_met"' in page
    chosen = client.get(reverse("criteria:matrix"), {"ngay": "01/03/2026", "bo": qd51.pk}).content.decode()
    assert "Chưa có kết quả đánh giá đã xác nhận nào" not in chosen and 'data-status="not_met"' not in chosen
    # Once a commune is assessed against QĐ 51, the matrix shows QĐ 51.
    assess(criteria_set=qd51, unit=hoa_ninh, as_of=datetime.date(2026, 2, 20), actor=commune_officer)
    page = client.get(reverse("criteria:matrix"), {"ngay": "01/03/2026"}).content.decode()
    assert 'id="set-warning"' not in page and "Quyết định số 51/2025/QĐ-TTg" in page
