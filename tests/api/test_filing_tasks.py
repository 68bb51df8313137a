"""The day report through the API with its task results and the roll call of the agencies' staff:
the page's service (campaigns.services.reports.day_report_save), its rules, its audit rows, one
submission per Idempotency-Key."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, IdempotencyRecord
from campaigns.models import ActionDay, DayReport, Roster, RosterEntry, Task, TaskResult, TaskType, WeeklyPlan
from directory.models import Village
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_day(programme):
    return ActionDay.objects.create(programme=programme, date=datetime.date(2025, 3, 22))


@pytest.fixture
def villages(hoa_ninh, next_day):
    return list(Village.objects.current(next_day.date).filter(parent=hoa_ninh).order_by("pk"))


@pytest.fixture
def tasks(hoa_ninh, next_day, villages):
    plan = WeeklyPlan.objects.create(commune=hoa_ninh, action_day=next_day)
    road = TaskType.objects.get(code="ve-sinh-duong")
    return [Task.objects.create(plan=plan, village=v, task_type=road, quantity=Decimal(500)) for v in villages[:2]]


@pytest.fixture
def entries(agency, hoa_ninh, next_day, villages):
    now = timezone.now()
    roster = Roster.objects.create(agency=agency, commune=hoa_ninh, action_day=next_day, submitted_at=now,
                                   updated_at=now, entry_count=3)
    return [RosterEntry.objects.create(roster=roster, action_day=next_day, person=p, full_name=p.full_name,
                                       village=villages[0])
            for p in agency.staff.order_by("pk")[:3]]


def _url(commune, day):
    return reverse("api:day_report_detail", args=[commune.pk, day.pk])


def _body(villages, tasks, entries, extra_type):
    first = {"village_id": villages[0].pk, "residents": 40, "households": 20,
             "tasks": [{"task_id": tasks[0].pk, "quantity": "450.5"}],
             "extra_tasks": [{"task_type_id": extra_type.pk, "quantity": "12"}]}
    others = [{"village_id": v.pk, "residents": 30, "households": 10} for v in villages[1:]]
    return {"villages": [first, *others], "submit": True,
            "attendance": [{"entry_id": entries[0].pk, "attendance": "present"},
                           {"entry_id": entries[1].pk, "attendance": "absent", "reason": "Ốm"}]}


def test_task_results_and_roll_call_are_saved_once(token_client, commune_officer, hoa_ninh, next_day, villages,
                                                    tasks, entries):
    extra_type = TaskType.objects.filter(is_active=True).exclude(pk=tasks[0].task_type_id).first()
    api = token_client(commune_officer)
    body = _body(villages, tasks, entries, extra_type)
    first = api.post(_url(hoa_ninh, next_day), body, format="json", HTTP_IDEMPOTENCY_KEY="tasks-1")
    assert first.status_code == 200, first.json()
    second = api.post(_url(hoa_ninh, next_day), body, format="json", HTTP_IDEMPOTENCY_KEY="tasks-1")
    assert second.status_code == 200 and second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()

    report = DayReport.objects.get(commune=hoa_ninh, action_day=next_day)
    assert report.status == DayReport.Status.SUBMITTED and report.submission_count == 1
    results = TaskResult.objects.filter(village_result__report=report)
    assert {(r.village_result.village_id, r.task_id, r.task_type_id, r.quantity) for r in results} == set([
        (villages[0].pk, tasks[0].pk, tasks[0].task_type_id, Decimal("450.50")),
        (villages[0].pk, None, extra_type.pk, Decimal("12.00"))])
    marks = {e.pk: (e.attendance, e.absence_reason, e.attendance_recorded_by_id)
             for e in RosterEntry.objects.filter(pk__in=[e.pk for e in entries])}
    assert marks == {entries[0].pk: ("present", "", commune_officer.pk),
                     entries[1].pk: ("absent", "Ốm", commune_officer.pk),
                     entries[2].pk: ("unknown", "", None)}
    saves = AuditEntry.objects.filter(action="day_report.save", target_id=str(report.pk))
    assert saves.count() == 1 and len(saves.get().changes["attendance"][1]) == 2
    assert AuditEntry.objects.filter(action="day_report.submit", target_id=str(report.pk)).count() == 1

    shown = api.get(_url(hoa_ninh, next_day)).json()
    village = next(v for v in shown["village_results"] if v["village_id"] == villages[0].pk)
    assert sorted([(t["task_id"], t["task_type_id"], t["quantity"]) for t in village["task_results"]],
                  key=str) == sorted([(tasks[0].pk, tasks[0].task_type_id, "450.50"),
                                      (None, extra_type.pk, "12.00")], key=str)
    assert {a["id"]: (a["attendance"], a["absence_reason"]) for a in shown["attendance"]} == {
        entries[0].pk: ("present", ""), entries[1].pk: ("absent", "Ốm"), entries[2].pk: ("unknown", "")}


def test_a_later_post_replaces_the_villages_task_lists(token_client, commune_officer, hoa_ninh, next_day, villages,
                                                      tasks, entries):
    types = list(TaskType.objects.filter(is_active=True).exclude(pk=tasks[0].task_type_id)[:2])
    api = token_client(commune_officer)
    api.post(_url(hoa_ninh, next_day), _body(villages, tasks, entries, types[0]), format="json")
    again = {"villages": [{"village_id": villages[0].pk, "residents": 40, "households": 20, "tasks": [],
                           "extra_tasks": [{"task_type_id": types[0].pk, "quantity": "15"},
                                           {"task_type_id": types[1].pk, "quantity": "3"}]}],
             "change_reason": "Bổ sung phần việc"}
    response = api.post(_url(hoa_ninh, next_day), again, format="json")
    assert response.status_code == 200, response.json()
    results = TaskResult.objects.filter(village_result__report__commune=hoa_ninh,
                                        village_result__report__action_day=next_day)
    assert {(r.task_id, r.task_type_id, r.quantity) for r in results} == set([
        (None, types[0].pk, Decimal("15.00")), (None, types[1].pk, Decimal("3.00"))])


def test_a_bad_task_type_is_refused_with_its_field_and_nothing_is_saved(token_client, commune_officer, hoa_ninh,
                                                                         next_day, villages, tasks, entries):
    extra_type = TaskType.objects.filter(is_active=True).first()
    body = _body(villages, tasks, entries, extra_type)
    body["villages"][0]["extra_tasks"] = [{"task_type_id": 987654, "quantity": "1"}]
    api = token_client(commune_officer)
    response = api.post(_url(hoa_ninh, next_day), body, format="json", HTTP_IDEMPOTENCY_KEY="bad-type")
    assert response.status_code == 400
    assert response.json()["field"] == "villages[0].extra_tasks[0].task_type_id"
    assert "Loại phần việc 987654" in response.json()["message"]
    assert not DayReport.objects.filter(commune=hoa_ninh, action_day=next_day).exists()
    assert not TaskResult.objects.exists()
    assert set(RosterEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("attendance", flat=True)) == {
        "unknown"}
    assert not IdempotencyRecord.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="day_report.").exists()


@pytest.mark.parametrize("where, change, field", [
    ("task", {"task_id": 987654}, "villages[0].tasks[0].task_id"),
    ("attendance", {"entry_id": 987654}, "attendance[0].entry_id"),
    ("attendance", {"attendance": "maybe"}, "attendance[0].attendance"),
])
def test_other_bad_lines_name_their_field(token_client, commune_officer, hoa_ninh, next_day, villages, tasks,
                                          entries, where, change, field):
    body = _body(villages, tasks, entries, TaskType.objects.filter(is_active=True).first())
    (body["villages"][0]["tasks"][0] if where == "task" else body["attendance"][0]).update(change)
    response = token_client(commune_officer).post(_url(hoa_ninh, next_day), body, format="json")
    assert response.status_code == 400 and response.json()["field"] == field
    assert not DayReport.objects.filter(commune=hoa_ninh, action_day=next_day).exists()


def test_a_service_account_reads_no_staff(token_client, commune_officer, hoa_ninh, next_day, villages, tasks,
                                          entries):
    token_client(commune_officer).post(_url(hoa_ninh, next_day),
                                       _body(villages, tasks, entries, TaskType.objects.first()), format="json")
    shown = token_client(commune_officer, ApiToken.Kind.SERVICE).get(_url(hoa_ninh, next_day))
    assert shown.status_code == 200 and shown.json()["attendance"] is None
