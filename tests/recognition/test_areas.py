"""The life of a model residential area: registered → surveyed → self-assessed with evidence → appraised →
recognised by decision → re-checked yearly, lost when a re-check fails; the counts per commune at a date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria import services as criteria_services
from criteria.models import Recognition, RecognitionLevel, RoadmapTarget
from directory.models import Village
from ntm_portal.models import AuditEntry
from recognition.models import AreaState, LeadOrganisation, ModelAreaCase, StandardLead
from recognition.selectors.areas import model_area_summary, roadmap_counts
from recognition.services import areas as services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _assessment_with_evidence(area_set, village, as_of, actor):
    assessment = criteria_services.assessment_create(criteria_set=area_set, unit=village, as_of=as_of, actor=actor)
    criteria_services.evidence_add(assessment=assessment, indicator=None, actor=actor,
                                   upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    return assessment


def _recognised(area_set, village, officer, d, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.area_case_register(village=village, criteria_set=area_set, registered_on=d("10/01/2023"),
                                       actor=officer)
    case = services.area_case_survey(case=case, surveyed_on=d("20/01/2023"), note="Khảo sát 12 tiêu chí",
                                     actor=officer)
    assessment = _assessment_with_evidence(area_set, village, d("15/03/2023"), officer)
    case = services.area_case_self_assess(case=case, assessment=assessment, actor=officer)
    case = services.area_case_appraise(case=case, appraised_on=d("01/04/2023"), note="Đạt", actor=officer)
    return services.area_case_recognise(case=case, decision_number="125/QĐ-UBND", decision_date=d("20/04/2023"),
                                        decision_file=SimpleUploadedFile("qd.pdf", PDF), actor=officer)


def test_the_shipped_set_is_at_village_level_with_a_lead_for_every_standard(area_set):
    assert area_set.level == "village" and area_set.tier == "model"
    leads = dict(StandardLead.objects.filter(criterion__criteria_set=area_set)
                 .values_list("criterion__number", "organisation"))
    assert sorted(leads) == list(range(1, 8))
    assert leads[2] == LeadOrganisation.FARMERS and leads[4] == LeadOrganisation.WOMEN
    assert leads[5] == LeadOrganisation.YOUTH and leads[6] == LeadOrganisation.VETERANS
    assert leads[3] == LeadOrganisation.LABOUR and leads[1] == LeadOrganisation.FRONT


def test_a_village_goes_the_whole_path_and_loses_the_title_on_a_failed_recheck(
        area_set, village, commune_officer, d, settings, tmp_path, hoa_ninh):
    case = _recognised(area_set, village, commune_officer, d, settings, tmp_path)
    assert case.state == AreaState.RECOGNISED and case.decision_number == "125/QĐ-UBND"
    assert case.decision_file.read() == PDF
    assert Recognition.objects.get(unit=village, level=RecognitionLevel.MODEL_AREA).decision_date == d("20/04/2023")
    assert services.recheck_due(case, d("19/04/2024")) is False
    assert services.recheck_due(case, d("20/04/2024")) is True

    case = services.area_case_recheck(case=case, checked_on=d("25/04/2024"), passed=True, note="Giữ vững",
                                      actor=commune_officer)
    assert case.state == AreaState.RECOGNISED and case.last_checked_on == d("25/04/2024")
    case = services.area_case_recheck(case=case, checked_on=d("28/04/2025"), passed=False,
                                      note="Tiêu chí 5 không đạt", actor=commune_officer)
    assert case.state == AreaState.LOST and case.lost_on == d("28/04/2025")
    assert [c.passed for c in case.checks.order_by("checked_on")] == [True, False]
    actions = list(AuditEntry.objects.filter(target_id=str(case.pk), action__startswith="model_area.").order_by("pk").values_list("action", flat=True))
    assert actions == ["model_area.register", "model_area.survey", "model_area.self_assess", "model_area.appraise",
                       "model_area.recognise", "model_area.recheck_pass", "model_area.recheck_fail"]

    # The counts as they stood on each date.
    assert model_area_summary([hoa_ninh.pk], d("01/02/2023"))[hoa_ninh.pk] == {"model": 0, "preparing": 1, "lost": 0}
    assert model_area_summary([hoa_ninh.pk], d("01/05/2023"))[hoa_ninh.pk] == {"model": 1, "preparing": 0, "lost": 0}
    assert model_area_summary([hoa_ninh.pk], d("01/05/2025"))[hoa_ninh.pk] == {"model": 0, "preparing": 0, "lost": 1}

    # A lost village may register again: a new case, the old one kept as history.
    again = services.area_case_register(village=village, criteria_set=area_set, registered_on=d("01/06/2025"),
                                        actor=commune_officer)
    assert again.pk != case.pk
    assert model_area_summary([hoa_ninh.pk], d("02/06/2025"))[hoa_ninh.pk] == {"model": 0, "preparing": 1, "lost": 1}


def test_steps_cannot_be_skipped_or_run_twice(area_set, village, commune_officer, d):
    case = services.area_case_register(village=village, criteria_set=area_set, registered_on=d("10/01/2023"),
                                       actor=commune_officer)
    with pytest.raises(services.CaseStateError):
        services.area_case_appraise(case=case, appraised_on=d("01/02/2023"), note="", actor=commune_officer)
    services.area_case_survey(case=case, surveyed_on=d("20/01/2023"), note="", actor=commune_officer)
    stale = ModelAreaCase.objects.get(pk=case.pk)
    stale.state = AreaState.REGISTERED  # a second tab still showing the first step
    with pytest.raises(services.CaseStateError):
        services.area_case_survey(case=stale, surveyed_on=d("21/01/2023"), note="", actor=commune_officer)
    assert ModelAreaCase.objects.get(pk=case.pk).surveyed_on == d("20/01/2023")
    with pytest.raises(ValidationError, match="đã có hồ sơ"):
        services.area_case_register(village=village, criteria_set=area_set, registered_on=d("11/01/2023"),
                                    actor=commune_officer)


def test_self_assessment_needs_evidence_and_a_survey_date_before_it(area_set, village, commune_officer, d,
                                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.area_case_register(village=village, criteria_set=area_set, registered_on=d("10/01/2023"),
                                       actor=commune_officer)
    with pytest.raises(ValidationError, match="trước ngày"):
        services.area_case_survey(case=case, surveyed_on=d("09/01/2023"), note="", actor=commune_officer)
    case = services.area_case_survey(case=case, surveyed_on=d("20/01/2023"), note="", actor=commune_officer)
    bare = criteria_services.assessment_create(criteria_set=area_set, unit=village, as_of=d("01/03/2023"),
                                               actor=commune_officer)
    with pytest.raises(ValidationError, match="minh chứng"):
        services.area_case_self_assess(case=case, assessment=bare, actor=commune_officer)
    assert ModelAreaCase.objects.get(pk=case.pk).state == AreaState.SURVEYED


def test_the_commune_page_registers_and_the_case_page_moves_a_step(
        login, area_set, village, commune_officer, hoa_ninh, d):
    client = login(commune_officer)
    response = client.post(reverse("recognition:area_commune", args=[hoa_ninh.pk]),
                           {"village": village.pk, "criteria_set": area_set.pk, "registered_on": "10/01/2023"})
    case = ModelAreaCase.objects.get(village=village)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    response = client.post(case.get_absolute_url(), {"step": "survey", "survey-surveyed_on": "20/01/2023",
                                                      "survey-note": "Đã khảo sát"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == AreaState.SURVEYED and case.survey_note == "Đã khảo sát"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Đã khảo sát" in page and "Hội Nông dân" in page


def test_the_leaders_view_counts_per_commune_with_the_plan(login, leader, area_set, village, second_village,
                                                          commune_officer, hoa_ninh, district, d,
                                                          django_assert_max_num_queries):
    services.area_case_register(village=village, criteria_set=area_set, registered_on=d("10/01/2023"),
                                actor=commune_officer)
    RoadmapTarget.objects.create(unit=second_village, district=district, level=RecognitionLevel.MODEL_AREA,
                                 year=datetime.date.today().year)
    assert roadmap_counts([hoa_ninh.pk], datetime.date.today().year) == {hoa_ninh.pk: 1}
    drill = login(leader).get(reverse("recognition:area_commune", args=[hoa_ninh.pk]))
    assert [t.unit_id for t in drill.context["roadmap"]] == [second_village.pk]
    assert [c.village_id for c in drill.context["cases"]] == [village.pk]
    client = login(leader)
    # session, user, memberships, provinces/programmes, communes, counts, roadmap, notices…: a fixed number
    with django_assert_max_num_queries(12):
        response = client.get(reverse("recognition:area_overview"))
    rows = {c.pk: (counts, planned) for c, counts, planned in response.context["rows"]}
    assert rows[hoa_ninh.pk] == ({"model": 0, "preparing": 1, "lost": 0}, 1)
    assert response.context["totals"]["preparing"] == 1


def test_the_office_records_the_decision_with_its_file_and_a_reader_cannot(
        login, area_set, village, commune_officer, coordinator, leader, other_commune_officer, d, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.area_case_register(village=village, criteria_set=area_set, registered_on=d("10/01/2023"),
                                       actor=commune_officer)
    case = services.area_case_survey(case=case, surveyed_on=d("20/01/2023"), note="", actor=commune_officer)
    case = services.area_case_self_assess(case=case, actor=commune_officer,
                                          assessment=_assessment_with_evidence(area_set, village, d("15/03/2023"),
                                                                               commune_officer))
    case = services.area_case_appraise(case=case, appraised_on=d("01/04/2023"), note="", actor=commune_officer)
    post = {"step": "recognise", "recognise-decision_number": "88/QĐ-UBND", "recognise-decision_date": "20/04/2023",
            "recognise-authority": "district", "recognise-decision_file": SimpleUploadedFile("qd-88.pdf", PDF)}
    assert login(leader).post(case.get_absolute_url(), post).status_code == 403
    assert login(other_commune_officer).post(case.get_absolute_url(), post).status_code == 404
    post["recognise-decision_file"] = SimpleUploadedFile("qd-88.pdf", PDF)
    assert login(coordinator).post(case.get_absolute_url(), post).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.decision_number, case.decision_date) == (AreaState.RECOGNISED, "88/QĐ-UBND",
                                                                       d("20/04/2023"))
    download = login(leader).get(reverse("recognition:area_decision", args=[case.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # a file that is not what it says is refused, and nothing is recorded
    other = services.area_case_register(village=Village.objects.filter(parent=village.parent).order_by("name")[1],
                                        criteria_set=area_set, registered_on=d("10/01/2023"), actor=commune_officer)
    ModelAreaCase.objects.filter(pk=other.pk).update(state=AreaState.APPRAISED, appraised_on=d("01/04/2023"))
    response = login(coordinator).post(other.get_absolute_url(), {
        **post, "recognise-decision_number": "89/QĐ-UBND",
        "recognise-decision_file": SimpleUploadedFile("qd-89.pdf", b"MZ not a pdf")})
    assert response.status_code == 400 and "không đúng định dạng" in response.content.decode()
    assert ModelAreaCase.objects.get(pk=other.pk).state == AreaState.APPRAISED
    assert not Recognition.objects.filter(decision_number="89/QĐ-UBND").exists()
