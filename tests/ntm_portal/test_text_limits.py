# ruff: noqa: F811  (fixtures imported from the reporting conftest are used by name)
"""Issue 12 A7: free text has a maximum length in the form, the service and the database; the
audit trail and lists show long values shortened."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns.forms.reports import DayReportForm, PlanNoteForm, ProposalAnswerForm, ReturnForm
from campaigns.models import DayReport, DayReportVersion, Proposal, VillageResult, WeeklyPlan
from campaigns.services import plans as plan_services
from campaigns.services import proposals as proposal_services
from campaigns.services import reports as report_services
from criteria import services as criteria_services
from criteria.models import Assessment
from ntm_portal import limits
from ntm_portal.audit import audit_record
from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

TEN_MILLION = "x" * 10_000_000


def test_a_ten_million_character_plan_note_is_refused_by_the_form_and_not_stored(login, commune_officer, hoa_ninh,
                                                                               action_day):
    url = reverse("campaigns:plan_edit", args=[hoa_ninh.pk, action_day.pk])
    response = login(commune_officer).post(url, {"form": "note", "note": TEN_MILLION})
    assert response.status_code == 200
    assert "tối đa 2000" in response.content.decode()
    assert len(response.content) < 200_000  # the page does not echo 10 MB back … nor store it
    assert not WeeklyPlan.objects.filter(commune=hoa_ninh, note__startswith="xxx").exists()


def test_the_plan_note_service_refuses_what_the_form_would(commune_officer, hoa_ninh, action_day):
    with pytest.raises(ValidationError, match="tối đa 2.000 ký tự"):
        plan_services.plan_note_set(commune=hoa_ninh, action_day=action_day, actor=commune_officer,
                                    note="x" * (limits.NOTE + 1))
    plan = plan_services.plan_note_set(commune=hoa_ninh, action_day=action_day, actor=commune_officer,
                                       note="x" * limits.NOTE)
    assert len(plan.note) == limits.NOTE


@pytest.mark.parametrize(("model", "field", "limit"), [
    (WeeklyPlan, "note", limits.NOTE), (DayReport, "remarks", limits.LONG_NOTE),
    (DayReport, "return_comment", limits.NOTE), (VillageResult, "remarks", limits.NOTE),
    (VillageResult, "proposal_text", limits.NOTE), (Proposal, "text", limits.NOTE),
    (Proposal, "answer", limits.LONG_NOTE), (DayReportVersion, "reason", limits.NOTE),
    (Assessment, "note", limits.LONG_NOTE), (Assessment, "review_note", limits.NOTE),
])
def test_the_database_refuses_text_over_the_limit(week, commune_officer, hoa_ninh, commune_set, model, field, limit):
    report = week["reports"]["on_time"]
    if model is WeeklyPlan:
        plan_services.plan_note_set(commune=hoa_ninh, action_day=report.action_day, actor=commune_officer, note="a")
    if model is DayReportVersion:
        DayReportVersion.objects.create(report=report, number=9, status=report.status, snapshot={}, reason="a")
    if model is Assessment:
        criteria_services.assessment_create(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2023, 7, 31),
                                            actor=commune_officer)
    rows = model.objects.all()
    assert rows.exists()
    assert model._meta.get_field(field).max_length == limit
    rows.update(**{field: "đ" * limit})  # exactly the limit (in characters, not bytes) is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: "đ" * (limit + 1)})


@pytest.mark.parametrize(("form", "field", "limit"), [
    (PlanNoteForm(), "note", limits.NOTE), (ReturnForm(), "comment", limits.NOTE),
    (ProposalAnswerForm(), "answer", limits.LONG_NOTE),
])
def test_forms_carry_the_same_limits(form, field, limit):
    assert form.fields[field].max_length == limit
    bound = type(form)({field: "x" * (limit + 1)})
    assert not bound.is_valid() and field in bound.errors


def test_day_report_form_and_service_limit_remarks(week, commune_officer):
    report = week["reports"]["draft"]
    assert DayReportForm.base_fields["remarks"].max_length == limits.LONG_NOTE
    with pytest.raises(ValidationError, match="tối đa 4.000 ký tự"):
        report_services.day_report_save(report=report, actor=commune_officer, villages={}, attendance={},
                                        remarks="x" * (limits.LONG_NOTE + 1))
    figures = report_services.VillageFigures(remarks="x" * (limits.NOTE + 1))
    assert "remarks" in report_services.village_figure_errors(figures, 100)


def test_return_comment_and_answer_services_refuse_overlong_text(week, coordinator):
    report = week["reports"]["late"]
    with pytest.raises(ValidationError):
        report_services.day_report_return(report=report, actor=coordinator, comment="x" * (limits.NOTE + 1))
    proposal = Proposal.objects.first()
    with pytest.raises(ValidationError):
        proposal_services.proposal_answer(proposal=proposal, answer="x" * (limits.LONG_NOTE + 1), actor=coordinator)
    # A comment at the limit fits in the version kept on return, "Trả lại: " included.
    report_services.day_report_return(report=report, actor=coordinator, comment="y" * limits.NOTE)
    assert len(report.versions.latest("number").reason) == limits.NOTE


def test_the_audit_trail_shows_long_values_shortened(login, coordinator, district):
    audit_record(actor=coordinator, action="plan.note", unit=district, before={"note": ""},
                 after={"note": "z" * 50_000}, note="w" * 5_000)
    page = login(coordinator).get(reverse("audit_list")).content.decode()
    assert "z" * 199 + "…" in page and "z" * 201 not in page
    assert "w" * 199 + "…" in page and "w" * 201 not in page
    assert len(page) < 100_000
