"""A commune officer records an assessment with evidence; the coordinator verifies or returns it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria import services
from criteria.models import Assessment, AssessmentStatus, Evidence, Indicator, IndicatorResult
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(commune_set, hoa_ninh, commune_officer, targets):
    return services.assessment_create(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                                      actor=commune_officer)


def ind(commune_set, code):
    return Indicator.objects.get(criteria_set=commune_set, code=code)


class TestCreate:
    def test_officer_creates_a_draft(self, login, commune_officer, commune_set, hoa_ninh):
        response = login(commune_officer).post(
            reverse("criteria:assessment_create", args=[hoa_ninh.pk]),
            {"criteria_set": commune_set.pk, "as_of": "18/01/2023", "note": "Rà soát đầu kỳ"})
        assessment = Assessment.objects.get()
        assert response.url == assessment.get_absolute_url()
        assert (assessment.unit_id, assessment.commune_id, assessment.as_of, assessment.status) == (
            hoa_ninh.pk, hoa_ninh.pk, datetime.date(2023, 1, 18), AssessmentStatus.DRAFT)
        assert assessment.district_id == hoa_ninh.parent_id
        assert AuditEntry.objects.filter(action="assessment.create", target_id=str(assessment.pk)).count() == 1

    def test_same_date_twice_is_refused(self, login, commune_officer, commune_set, hoa_ninh, draft):
        response = login(commune_officer).post(
            reverse("criteria:assessment_create", args=[hoa_ninh.pk]),
            {"criteria_set": commune_set.pk, "as_of": "31/07/2023"})
        assert "đã có kết quả đánh giá theo bộ này ngày 31/07/2023" in response.content.decode()
        assert Assessment.objects.count() == 1

    def test_district_set_is_not_offered_for_a_commune(self, login, commune_officer, district_set, commune_set, hoa_ninh):
        response = login(commune_officer).post(
            reverse("criteria:assessment_create", args=[hoa_ninh.pk]),
            {"criteria_set": district_set.pk, "as_of": "18/01/2023"})
        assert response.status_code == 200
        assert not Assessment.objects.exists()

    def test_officer_assesses_a_village_of_their_commune(self, login, commune_officer, hoa_ninh, tmp_path):
        from django.core.management import call_command

        from directory.models import Village

        path = tmp_path / "thon.csv"
        path.write_text("criterion,criterion_name,indicator,indicator_name\n1,Kiểu mẫu,1.1,Có nhà văn hóa\n",
                        encoding="utf-8")
        call_command("load_criteria", str(path), set_code="THON", name="Thôn kiểu mẫu", level="village", verbosity=0)
        village = Village.objects.filter(parent=hoa_ninh).first()
        from criteria.models import CriteriaSet

        s = CriteriaSet.objects.get(code="THON")
        login(commune_officer).post(reverse("criteria:assessment_create", args=[village.pk]),
                                    {"criteria_set": s.pk, "as_of": "18/01/2023"})
        assessment = Assessment.objects.get()
        assert (assessment.unit_id, assessment.commune_id) == (village.pk, hoa_ninh.pk)


class TestResults:
    def test_values_are_judged_against_the_targets_and_evidence_is_kept(self, login, commune_officer, commune_set,
                                                                        draft, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        i31, i11, i1_1, i2_1 = (ind(commune_set, c) for c in ("3.1", "11", "1.1", "2.1"))
        response = login(commune_officer).post(draft.get_absolute_url(), {
            f"v_{i31.pk}": "75,5", f"n_{i31.pk}": "Theo số liệu thủy lợi",
            f"v_{i11.pk}": "4.2",
            f"s_{i1_1.pk}": "met",
            f"v_{i2_1.pk}": "60", f"s_{i2_1.pk}": "approaching",  # no target for 2.1: the chosen status stands
            "evidence": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
            "evidence_indicator": str(i31.pk),
        })
        assert response.status_code == 302
        results = {r.indicator.code: r for r in IndicatorResult.objects.filter(assessment=draft).select_related("indicator")}
        assert set(results) == {"3.1", "11", "1.1", "2.1"}
        assert (results["3.1"].value, results["3.1"].status, results["3.1"].target_value) == (
            Decimal("75.50"), "approaching", Decimal("80.00"))
        assert results["3.1"].note == "Theo số liệu thủy lợi"
        assert (results["11"].status, results["1.1"].status, results["2.1"].status) == ("met", "met", "approaching")
        evidence = Evidence.objects.get()
        assert (evidence.original_name, evidence.indicator_id, evidence.size) == ("bien-ban.pdf", i31.pk, len(PDF))
        assert (tmp_path / evidence.file.name).read_bytes() == PDF
        download = login(commune_officer).get(reverse("criteria:evidence_download", args=[evidence.pk]))
        assert b"".join(download.streaming_content) == PDF

    def test_numeric_indicator_with_target_needs_a_number(self, login, commune_officer, commune_set, draft):
        i31 = ind(commune_set, "3.1")
        response = login(commune_officer).post(draft.get_absolute_url(), {f"n_{i31.pk}": "chưa có số"})
        assert "Chỉ tiêu 3.1: cần nhập số liệu." in response.content.decode()
        assert not IndicatorResult.objects.exists()

    @pytest.mark.parametrize(("name", "content", "message"), [
        ("virus.exe", b"MZ\x90\x00", "chỉ nhận PDF, JPG, PNG, DOCX hoặc XLSX"),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", "không đúng định dạng .pdf"),
    ])
    def test_bad_evidence_is_refused_and_nothing_is_saved(self, login, commune_officer, commune_set, draft, name,
                                                          content, message, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        i1_1 = ind(commune_set, "1.1")
        response = login(commune_officer).post(draft.get_absolute_url(), {
            f"s_{i1_1.pk}": "met", "evidence": SimpleUploadedFile(name, content)})
        assert message in response.content.decode()
        assert not Evidence.objects.exists()
        assert not IndicatorResult.objects.exists()  # one transaction: the results are not half-saved

    def test_too_large_evidence_is_refused(self, commune_officer, draft, monkeypatch):
        monkeypatch.setattr(services, "EVIDENCE_MAX_BYTES", 10)
        with pytest.raises(services.ValidationError, match="lớn hơn 10 MB"):
            services.evidence_add(assessment=draft, indicator=None, upload=SimpleUploadedFile("a.pdf", PDF),
                                  actor=commune_officer)


class TestWorkflow:
    def test_incomplete_assessment_cannot_be_sent(self, login, commune_officer, draft):
        response = login(commune_officer).post(reverse("criteria:assessment_submit", args=[draft.pk]), follow=True)
        assert "Còn 56 chỉ tiêu chưa đánh giá" in response.content.decode()
        draft.refresh_from_db()
        assert draft.status == AssessmentStatus.DRAFT

    def test_send_verify_and_history(self, login, commune_officer, coordinator, commune_set, hoa_ninh, assess):
        assessment = assess(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                            actor=commune_officer, status=AssessmentStatus.DRAFT)
        client = login(commune_officer)
        client.post(reverse("criteria:assessment_submit", args=[assessment.pk]))
        client.post(reverse("criteria:assessment_submit", args=[assessment.pk]))  # double click
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED
        assert AuditEntry.objects.filter(action="assessment.submit").count() == 1

        login(coordinator).post(reverse("criteria:assessment_verify", args=[assessment.pk]))
        assessment.refresh_from_db()
        assert (assessment.status, assessment.reviewed_by) == (AssessmentStatus.VERIFIED, coordinator)
        assert AuditEntry.objects.filter(action="assessment.verify", actor=coordinator).count() == 1

        # A verified assessment is history: the officer can no longer change it.
        i1_1 = ind(commune_set, "1.1")
        response = login(commune_officer).post(assessment.get_absolute_url(), {f"s_{i1_1.pk}": "not_met"}, follow=True)
        assert "không sửa được nữa" in response.content.decode()
        assert IndicatorResult.objects.get(assessment=assessment, indicator=i1_1).status == "met"
        with pytest.raises(services.AssessmentStateError):
            services.assessment_results_save(assessment=assessment, actor=commune_officer,
                                             entries=[services.ResultInput(indicator=i1_1, status="not_met")])

    def test_return_needs_a_reason_then_officer_can_edit_again(self, login, commune_officer, coordinator,
                                                                commune_set, hoa_ninh, assess):
        assessment = assess(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                            actor=commune_officer, status=AssessmentStatus.SUBMITTED)
        client = login(coordinator)
        client.post(reverse("criteria:assessment_return", args=[assessment.pk]), {"note": "  "})
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED
        client.post(reverse("criteria:assessment_return", args=[assessment.pk]), {"note": "Thiếu biên bản chỉ tiêu 3.1"})
        assessment.refresh_from_db()
        assert (assessment.status, assessment.review_note) == (AssessmentStatus.RETURNED, "Thiếu biên bản chỉ tiêu 3.1")
        i1_1 = ind(commune_set, "1.1")
        login(commune_officer).post(assessment.get_absolute_url(), {f"s_{i1_1.pk}": "not_met"})
        assert IndicatorResult.objects.get(assessment=assessment, indicator=i1_1).status == "not_met"
        services.assessment_submit(assessment=assessment, actor=commune_officer)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED


class TestAccess:
    def test_other_commune_officer_gets_404_everywhere(self, login, other_commune_officer, draft, hoa_ninh,
                                                       commune_set):
        client = login(other_commune_officer)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.post(draft.get_absolute_url(), {}).status_code == 404
        assert client.get(reverse("criteria:assessment_create", args=[hoa_ninh.pk])).status_code == 404
        assert client.post(reverse("criteria:assessment_create", args=[hoa_ninh.pk]),
                           {"criteria_set": commune_set.pk, "as_of": "01/01/2023"}).status_code == 404
        assert client.post(reverse("criteria:assessment_submit", args=[draft.pk])).status_code == 404
        assert client.get(reverse("criteria:commune_standing", args=[hoa_ninh.pk])).status_code == 404
        assert Assessment.objects.count() == 1

    def test_other_commune_cannot_download_evidence(self, login, commune_officer, other_commune_officer, draft,
                                                    settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        evidence = services.evidence_add(assessment=draft, indicator=None, upload=SimpleUploadedFile("a.pdf", PDF),
                                         actor=commune_officer)
        url = reverse("criteria:evidence_download", args=[evidence.pk])
        assert login(other_commune_officer).get(url).status_code == 404

    def test_leader_reads_but_gets_403_on_writes(self, login, leader, draft, hoa_ninh, commune_set):
        client = login(leader)
        page = client.get(draft.get_absolute_url())
        assert page.status_code == 200 and "Xã Hòa Ninh" in page.content.decode()
        assert 'name="evidence"' not in page.content.decode()
        assert client.post(draft.get_absolute_url(), {}).status_code == 403
        assert client.get(reverse("criteria:assessment_create", args=[hoa_ninh.pk])).status_code == 403
        assert client.post(reverse("criteria:assessment_submit", args=[draft.pk])).status_code == 403
        assert client.post(reverse("criteria:assessment_verify", args=[draft.pk])).status_code == 403
        assert client.get(reverse("criteria:targets_edit", args=[commune_set.pk])).status_code == 403

    def test_officer_cannot_verify_own_assessment(self, login, commune_officer, draft):
        Assessment.objects.filter(pk=draft.pk).update(status=AssessmentStatus.SUBMITTED)
        assert login(commune_officer).post(reverse("criteria:assessment_verify", args=[draft.pk])).status_code == 403
        draft.refresh_from_db()
        assert draft.status == AssessmentStatus.SUBMITTED

    def test_wrong_method_and_bad_id(self, login, coordinator, draft):
        client = login(coordinator)
        assert client.get(reverse("criteria:assessment_verify", args=[draft.pk])).status_code == 405
        assert client.get(reverse("criteria:assessment_detail", args=[999999])).status_code == 404


def test_assessment_page_costs_a_fixed_number_of_queries(login, commune_officer, commune_set, hoa_ninh, assess,
                                                         django_assert_max_num_queries, leader):
    assessment = assess(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                        actor=commune_officer, status=AssessmentStatus.DRAFT)
    # session, user, memberships, assessment (+ unit, district, users), criteria, indicators, targets,
    # results, evidence (+ nav, messages): the same for 56 indicators as for one
    client = login(commune_officer)
    with django_assert_max_num_queries(14):
        html = client.get(assessment.get_absolute_url()).content.decode()
    assert html.count('name="n_') == 56
    client = login(leader)
    with django_assert_max_num_queries(14):
        html = client.get(assessment.get_absolute_url()).content.decode()
    assert html.count("crit crit-met") >= 56


def test_evidence_file_is_removed_when_its_row_is_not_saved(commune_officer, draft, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.evidence_add(assessment=draft, indicator=None, upload=SimpleUploadedFile("a.pdf", PDF),
                              actor=commune_officer)
    assert not Evidence.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
