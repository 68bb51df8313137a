"""Rosters and day reports sent through the API: the same services as the pages, nothing else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Attendance, Roster, RosterEntry, Task, TaskResult, TaskType, VillageResult
from campaigns.services import reports as report_services
from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person


def roster_file(*, agency, commune, action_day, people: list[dict], actor) -> Roster:
    """Replace the agency's roster (tick from the staff list, as the page does)."""
    ids = [line["person_id"] for line in people]
    persons = Person.objects.in_bulk([i for i in ids])
    errors = {}
    for index, line in enumerate(people):
        person = persons.get(line["person_id"])
        if person is None or person.agency_id != agency.pk:
            errors[f"people[{index}].person_id"] = _("Cán bộ %(id)s không thuộc %(agency)s.") % {
                "id": line["person_id"], "agency": agency.name}
        elif not person.is_active:
            errors[f"people[{index}].person_id"] = _("%(name)s không còn công tác.") % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    lines = [EntryLine.of(persons[line["person_id"]], note=line.get("note", "")) for line in people]
    return roster_save(agency=agency, commune=commune, action_day=action_day, lines=lines, actor=actor,
                       source=Roster.Source.STAFF_LIST)


def _task_figures(*, index: int, village: dict, planned: dict[int, Task], extras: dict[int, list[TaskResult]],
                  active_types: set[int]) -> dict:
    """The task part of one village sent, as the page's form gives it to the service: `tasks` (planned
    tasks of the village's weekly plan: each one sent is set, the others cleared) and `extra_tasks`
    (unplanned work by task type: the list replaces the village's unplanned results). Either left out:
    unchanged."""
    out: dict = {}
    vid = village["village_id"]
    if village.get("tasks") is not None:
        sent: dict[int, object] = {}
        for j, line in enumerate(village["tasks"]):
            task = planned.get(line["task_id"])
            if task is None or task.village_id != vid:
                raise ValidationError({f"villages[{index}].tasks[{j}].task_id": _(
                    "Phần việc %(id)s không có trong kế hoạch tuần của thôn này.") % {"id": line["task_id"]}})
            if line["task_id"] in sent:
                raise ValidationError({f"villages[{index}].tasks[{j}].task_id": _("Phần việc được gửi hai lần.")})
            sent[line["task_id"]] = line["quantity"]
        out["planned"] = {pk: sent.get(pk) for pk, task in planned.items() if task.village_id == vid}
    if village.get("extra_tasks") is not None:
        existing = {}
        for tr in extras.get(vid, []):
            existing.setdefault(tr.task_type_id, tr)
        kept, new, seen = {}, [], set()
        for j, line in enumerate(village["extra_tasks"]):
            type_id = line["task_type_id"]
            if type_id not in active_types:
                raise ValidationError({f"villages[{index}].extra_tasks[{j}].task_type_id": _(
                    "Loại phần việc %(id)s không có hoặc không còn dùng.") % {"id": type_id}})
            if type_id in seen:
                raise ValidationError({f"villages[{index}].extra_tasks[{j}].task_type_id": _(
                    "Loại phần việc được gửi hai lần.")})
            seen.add(type_id)
            if type_id in existing:
                kept[existing[type_id].pk] = line["quantity"]
            else:
                new.append((type_id, line["quantity"]))
        out["extras"] = {tr.pk: kept.get(tr.pk) for tr in extras.get(vid, [])}
        out["new_extras"] = new
    return out


def _attendance_marks(*, commune, action_day, lines: list[dict]) -> dict[int, report_services.AttendanceMark]:
    """The roll call of the agencies' staff sent to the commune for the day (roster entries), as the page."""
    entries = set(RosterEntry.objects.filter(action_day=action_day, roster__commune=commune)
                  .values_list("pk", flat=True))
    marks = {}
    for index, line in enumerate(lines):
        if line["entry_id"] not in entries:
            raise ValidationError({f"attendance[{index}].entry_id": _(
                "Người %(id)s không có trong danh sách tham gia gửi về xã cho ngày này.") % {"id": line["entry_id"]}})
        if line["entry_id"] in marks:
            raise ValidationError({f"attendance[{index}].entry_id": _("Người được điểm danh hai lần.")})
        if line["attendance"] != Attendance.ABSENT and line.get("reason"):
            raise ValidationError({f"attendance[{index}].reason": _("Chỉ ghi lý do khi vắng mặt.")})
        marks[line["entry_id"]] = report_services.AttendanceMark(line["attendance"], line.get("reason", ""))
    return marks


@transaction.atomic
def day_report_file(*, commune, action_day, data: dict, actor, token: str = ""):
    """Save the villages' figures sent (each village sent is replaced whole, as the page's form does;
    villages not sent stay as they are; the general remarks change only when sent), their task results,
    the roll call, then submit if asked. All or nothing.

    Returns the report. Raises ValidationError (figures, missing villages, reason), NeedsConfirmation,
    ReportChangedMeanwhile and ReportAlreadySubmitted as the page's services do.
    """
    seen = set()
    for index, village in enumerate(data["villages"]):
        if village["village_id"] in seen:
            raise ValidationError({f"villages[{index}].village_id": _("Thôn được gửi hai lần.")})
        seen.add(village["village_id"])
    report = report_services.day_report_open(commune=commune, action_day=action_day, actor=actor)
    known = set(VillageResult.objects.filter(report=report).values_list("village_id", flat=True))
    for index, village in enumerate(data["villages"]):
        if village["village_id"] not in known:
            raise ValidationError({f"villages[{index}].village_id": _("Thôn không thuộc báo cáo này.")})
    planned = {t.pk: t for t in Task.objects.filter(plan__commune=commune, plan__action_day=action_day)}
    extras: dict[int, list[TaskResult]] = {}
    for tr in (TaskResult.objects.filter(village_result__report=report, task__isnull=True)
               .select_related("village_result").order_by("pk")):
        extras.setdefault(tr.village_result.village_id, []).append(tr)
    active_types = set(TaskType.objects.filter(is_active=True).values_list("pk", flat=True))
    villages = {}
    for index, v in enumerate(data["villages"]):
        villages[v["village_id"]] = report_services.VillageFigures(
            **{k: v.get(k) if k not in ("remarks", "proposal_text") else v.get(k) or ""
               for k in report_services.FIGURE_FIELDS},
            **_task_figures(index=index, village=v, planned=planned, extras=extras, active_types=active_types))
    attendance = _attendance_marks(commune=commune, action_day=action_day, lines=data.get("attendance") or [])
    if villages or attendance or data.get("remarks") is not None or not data.get("submit"):
        report = report_services.day_report_save(
            report=report, actor=actor, villages=villages, attendance=attendance, remarks=data.get("remarks"),
            change_reason=data.get("change_reason", ""), confirmed=data.get("confirm_large", False))
    if data.get("submit") and not report.is_filed:
        report = report_services.day_report_submit(report=report, actor=actor, token=token)
    return report
