"""Writes of the follow-up: enter a directing document and its tasks, report progress, extend a
deadline, send reminders. Each is atomic and writes its audit row in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Membership, Role
from library.services import create_document
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import LONG_NOTE, SHORT_NOTE, check_length
from ntm_portal.notices import notice_send

from .deadlines import due_dates
from .models import (
    DeadlineKind,
    ExpectedResult,
    ProgressFile,
    ProgressReport,
    ReminderKind,
    Task,
    TaskDeadline,
    TaskExtension,
    TaskReminder,
    TaskState,
)


@dataclasses.dataclass
class TaskInput:
    text: str
    point: str = ""
    lead_agency: object = None
    lead_commune: object = None
    lead_person: str = ""
    co_agencies: list = dataclasses.field(default_factory=list)
    co_communes: list = dataclasses.field(default_factory=list)
    co_others: str = ""
    deadline_kind: str = DeadlineKind.DATE
    deadline_date: datetime.date | None = None
    meeting_month: datetime.date | None = None
    recurring_count: int | None = None
    recurring_year: int | None = None
    expected: str = ExpectedResult.REPORT
    expected_count: int | None = None


def _check_task(data: TaskInput) -> None:
    check_length(data.text, LONG_NOTE, _("Nội dung nhiệm vụ"))
    if not data.text.strip():
        raise ValidationError(_("Chưa nhập nội dung nhiệm vụ."))
    leads = [x for x in (data.lead_agency, data.lead_commune, data.lead_person.strip()) if x]
    if len(leads) != 1:
        raise ValidationError(_("Mỗi nhiệm vụ có đúng một đơn vị chủ trì: một cơ quan, một xã hoặc một thành viên BCĐ."))
    needed = {DeadlineKind.DATE: data.deadline_date, DeadlineKind.MEETING: data.meeting_month,
              DeadlineKind.RECURRING: data.recurring_count and data.recurring_year, DeadlineKind.NONE: True}
    if not needed.get(data.deadline_kind):
        raise ValidationError(_("Thời hạn chưa đủ: nhập ngày, tháng có phiên họp, hoặc số đợt và năm."))
    if data.deadline_kind == DeadlineKind.RECURRING and not 1 <= data.recurring_count <= 12:
        raise ValidationError(_("Số đợt trong năm từ 1 đến 12."))


@transaction.atomic
def task_create(*, document, owner, data: TaskInput, actor, position: int = 0, is_demo: bool = False) -> Task:
    """One task of a document and its deadlines (one per occurrence)."""
    _check_task(data)
    meeting = data.meeting_month.replace(day=1) if data.meeting_month else None
    task = Task.objects.create(
        document=document, owner=owner, point=data.point.strip(), position=position, text=data.text.strip(),
        lead_agency=data.lead_agency, lead_commune=data.lead_commune, lead_person=data.lead_person.strip(),
        co_others=data.co_others.strip(), deadline_kind=data.deadline_kind,
        deadline_date=data.deadline_date if data.deadline_kind == DeadlineKind.DATE else None,
        meeting_month=meeting if data.deadline_kind == DeadlineKind.MEETING else None,
        recurring_count=data.recurring_count if data.deadline_kind == DeadlineKind.RECURRING else None,
        recurring_year=data.recurring_year if data.deadline_kind == DeadlineKind.RECURRING else None,
        expected=data.expected,
        expected_count=data.expected_count or (data.recurring_count if data.expected == ExpectedResult.EVENTS else None),
        is_demo=is_demo, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    task.co_agencies.set(data.co_agencies)
    task.co_communes.set(data.co_communes)
    dates = due_dates(kind=task.deadline_kind, deadline_date=task.deadline_date, meeting_month=task.meeting_month,
                      recurring_count=task.recurring_count, recurring_year=task.recurring_year)
    TaskDeadline.objects.bulk_create([TaskDeadline(task=task, occurrence=i, due_on=d, original_due_on=d)
                                      for i, d in enumerate(dates, start=1)])
    audit_record(actor=actor, action="directives.task_create", target=task, unit=owner,
                 after={**snapshot(task), "due": [d.isoformat() if d else None for d in dates]})
    if task.lead_agency_id or task.lead_commune_id:  # the lead unit hears of its new task in the portal
        first_due = next((d for d in dates if d), None)
        notice_send(users=reminder_users(task), url=task.get_absolute_url(), dedupe_key=f"directive-task-{task.pk}",
                    title=_("Nhiệm vụ mới Ban Chỉ đạo giao: %(t)s") % {"t": task.text[:120]},
                    body=(_("Hạn: %(d)s.") % {"d": first_due.strftime("%d/%m/%Y")}) if first_due else "")
    return task


@transaction.atomic
def directive_create(*, owner, document_data: dict, tasks: list[TaskInput], actor, upload=None,
                     is_demo: bool = False):
    """A directing document (library.Document with its PDF) and its points as tasks, all or nothing."""
    if not tasks:
        raise ValidationError(_("Văn bản chỉ đạo phải có ít nhất một nhiệm vụ."))
    if upload is not None:
        pdf_check(upload)
    fields = {key: document_data.get(key) or "" for key in ("kind", "number", "issuing_body", "signer", "subject")}
    document = create_document(owner, actor, issued_on=document_data.get("issued_on"), file=upload,
                               is_demo=is_demo, **fields)
    for position, data in enumerate(tasks, start=1):
        task_create(document=document, owner=owner, data=data, actor=actor, position=position, is_demo=is_demo)
    return document


PDF_MAX_BYTES = 20 * 1024 * 1024


def pdf_check(upload) -> None:
    """The directing document's file is its PDF, at most 20 MB, by its first bytes (the name alone
    proves nothing); the library itself accepts other formats."""
    name = upload.name or ""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(_("Tệp «%(name)s» lớn hơn 20 MB.") % {"name": name})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Tệp «%(name)s» không phải tệp PDF.") % {"name": name})


def _file_check(upload) -> None:
    from criteria.services import evidence_check  # the one check of an attached file (type by content, size)

    evidence_check(upload)


@transaction.atomic
def progress_report(*, deadline: TaskDeadline, state: str, text: str, actor, reason: str = "",
                    events_done: int | None = None, uploads=(), submit_token: str = "",
                    today: datetime.date | None = None) -> ProgressReport | None:
    """The lead's report on one deadline: the deadline takes the reported state. A second submit with
    the same token (a double click) changes nothing and returns None."""
    today = today or timezone.localdate()
    check_length(text, LONG_NOTE, _("Kết quả thực hiện"))
    check_length(reason, SHORT_NOTE, _("Lý do"))
    if state not in TaskState.values:
        raise ValidationError(_("Tình trạng không hợp lệ."))
    if not text.strip():
        raise ValidationError(_("Chưa nhập kết quả thực hiện."))
    if state == TaskState.CANNOT and not reason.strip():
        raise ValidationError(_("Nhiệm vụ không thực hiện được: phải nêu lý do."))
    for upload in uploads:
        _file_check(upload)
    if submit_token and ProgressReport.objects.filter(deadline=deadline, submit_token=submit_token).exists():
        return None
    deadline = TaskDeadline.objects.select_for_update().get(pk=deadline.pk)
    before = snapshot(deadline, ["state", "state_reason", "done_on"])
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                deadline=deadline, state=state, text=text.strip(), reason=reason.strip() if state == TaskState.CANNOT else "",
                events_done=events_done, submit_token=submit_token[:40], reported_by=actor)
    except IntegrityError:
        return None  # the same submission, sent twice at once
    saved = []
    try:
        for upload in uploads:
            attached = ProgressFile(report=report, original_name=os.path.basename(upload.name)[:255], size=upload.size)
            attached.file.save(attached.original_name, upload, save=False)
            saved.append(attached)
            attached.save()
        deadline.state = state
        deadline.state_reason = report.reason
        deadline.done_on = today if state == TaskState.DONE else None
        deadline.save(update_fields=["state", "state_reason", "done_on", "updated_at"])
        task = Task.objects.only("pk", "owner_id").get(pk=deadline.task_id)
        audit_record(actor=actor, action="directives.progress_report", target=deadline, unit=task.owner,
                     before=before, after={**snapshot(deadline, ["state", "state_reason", "done_on"]),
                                           "files": [f.original_name for f in saved]},
                     note=text.strip()[:500])
    except Exception:
        for attached in saved:
            attached.file.delete(save=False)
        raise
    return report


@transaction.atomic
def deadline_extend(*, deadline: TaskDeadline, new_due_on: datetime.date, reason: str, actor) -> TaskExtension:
    """Move a deadline, with the reason; the old date stays in the history (and in the audit trail)."""
    check_length(reason, SHORT_NOTE, _("Lý do gia hạn"))
    if not reason.strip():
        raise ValidationError(_("Phải nêu lý do gia hạn."))
    deadline = TaskDeadline.objects.select_for_update(of=("self",)).select_related("task__owner").get(pk=deadline.pk)
    if deadline.due_on is not None and new_due_on <= deadline.due_on:
        raise ValidationError(_("Hạn mới phải sau hạn hiện tại (%(d)s).") % {"d": deadline.due_on.strftime("%d/%m/%Y")})
    extension = TaskExtension.objects.create(deadline=deadline, old_due_on=deadline.due_on, new_due_on=new_due_on,
                                             reason=reason.strip(), extended_by=actor)
    before = snapshot(deadline, ["due_on"])
    deadline.due_on = new_due_on
    deadline.save(update_fields=["due_on", "updated_at"])
    audit_record(actor=actor, action="directives.deadline_extend", target=deadline, unit=deadline.task.owner,
                 before=before, after=snapshot(deadline, ["due_on"]), note=reason.strip()[:500])
    return extension


# --- reminders --------------------------------------------------------------------------------

def reminder_users(task: Task) -> list:
    """Who is reminded: the lead agency's focal points, the lead commune's officers; for a person of
    the steering committee (no account of their own), the office that follows the task up."""
    members = Membership.objects.select_related("user").filter(user__is_active=True)
    if task.lead_agency_id:
        members = members.filter(role=Role.AGENCY_FOCAL_POINT, agency_id=task.lead_agency_id)
    elif task.lead_commune_id:
        members = members.filter(role=Role.COMMUNE_OFFICER, unit_id=task.lead_commune_id)
    else:
        members = members.filter(role=Role.COORDINATOR, unit_id=task.owner_id)
    return list({m.user_id: m.user for m in members.order_by("user_id")}.values())


def reminder_kind_due(deadline: TaskDeadline, today: datetime.date) -> str | None:
    """Which reminder is due today: on the day; before it, from N days ahead (a missed run catches up)."""
    if deadline.due_on is None or deadline.is_closed:
        return None
    return ReminderKind.due(deadline.due_on, today, settings.DIRECTIVES_REMIND_DAYS_BEFORE)


def reminder_send(*, deadline_id: int, today: datetime.date) -> bool:
    """Send the reminder due today for one deadline, once: the marker row and the e-mail go together
    (if the mail server refuses, the marker rolls back and the next run tries again)."""
    with transaction.atomic():
        deadline = (TaskDeadline.objects.select_for_update(of=("self",))
                    .select_related("task__lead_agency", "task__lead_commune", "task__document").get(pk=deadline_id))
        kind = reminder_kind_due(deadline, today)
        if kind is None or TaskReminder.objects.filter(deadline=deadline, kind=kind, due_on=deadline.due_on).exists():
            return False
        task = deadline.task
        users = reminder_users(task)
        emails = sorted({u.email for u in users if u.email}
                        | ({task.lead_agency.email} if task.lead_agency_id and task.lead_agency.email else set()))
        TaskReminder.objects.create(deadline=deadline, kind=kind, due_on=deadline.due_on, recipients=", ".join(emails))
        due = deadline.due_on.strftime("%d/%m/%Y")
        title = (_("Hôm nay (%(d)s) đến hạn nhiệm vụ: %(t)s") if kind == ReminderKind.ON_DAY
                 else _("Sắp đến hạn (%(d)s) nhiệm vụ: %(t)s")) % {"d": due, "t": task.text[:120]}
        context = {"task": task, "deadline": deadline, "kind": kind, "due": due,
                   "url": task.get_absolute_url()}
        body = render_to_string("emails/directive_reminder.txt", context)
        notice_send(users=users, title=title, body=body, url=task.get_absolute_url(),
                    dedupe_key=f"directive-{deadline.pk}-{kind}-{deadline.due_on.isoformat()}")
        if emails:
            EmailMessage(subject=f"[NTM] {title}"[:250], body=body, to=emails).send(fail_silently=False)
        audit_record(actor=None, action="directives.reminder", target=deadline, unit=task.owner,
                     after={"kind": kind, "due_on": deadline.due_on.isoformat(), "recipients": emails})
    return True


def reminders_due(today: datetime.date) -> list[int]:
    """Deadlines that may need a reminder today (the marker decides whether it already went)."""
    horizon = today + datetime.timedelta(days=settings.DIRECTIVES_REMIND_DAYS_BEFORE)
    return list(TaskDeadline.objects.filter(due_on__gte=today, due_on__lte=horizon)
                .exclude(state__in=[TaskState.DONE, TaskState.CANNOT]).order_by("due_on", "pk")
                .values_list("pk", flat=True))
