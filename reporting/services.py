"""Writes of the roll-up: request a version, build its files, send it, record a failure.

Idempotency, as the Monday job needs it:
- version 1 of an action day is created once: the unique constraint (action_day, version) makes a
  second worker get the existing row (`rollup_ensure_first`);
- building is a pure function of the data; a rerun on a READY roll-up does nothing, a rerun after a
  crash in the middle rebuilds the same files;
- sending is a conditional update of `emailed_at` in the same transaction as the send, so a failed
  send rolls back and a retry sends; a second sender finds `emailed_at` set and sends nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import ActionDay, Programme
from directory.models import AdministrativeUnit
from ntm_portal.audit import audit_record
from ntm_portal.notices import coordinators_email

from .models import RollUp, RollupRecipient
from .rollup import build_weekly_rollup, data_version
from .rollup_pdf import rollup_pdf
from .rollup_xlsx import rollup_xlsx

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A roll-up still BUILDING this long after it was asked for has lost its message: it is queued again.
STUCK_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5 * 60)


class RollupBusy(ValidationError):
    pass


class AnonymousActor:
    """The actor of a command or a periodic job: no user, recorded as the system in the audit trail."""

    is_authenticated = False
    pk = None


def _enqueue(rollup_id: int, *, send: bool) -> None:
    from .tasks import rollup_build_task

    transaction.on_commit(lambda: rollup_build_task.delay(rollup_id, send=send))


@transaction.atomic
def rollup_ensure_first(*, district: AdministrativeUnit, action_day: ActionDay,
                        trigger: str = RollUp.Trigger.SCHEDULE, actor=None) -> tuple[RollUp, bool]:
    """Version 1 of the day's roll-up: created once whatever the number of callers (unique constraint)."""
    try:
        with transaction.atomic():
            rollup = RollUp.objects.create(district=district, action_day=action_day, version=1, trigger=trigger,
                                           created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:
        return RollUp.objects.get(action_day=action_day, version=1), False
    audit_record(actor=actor, action="rollup.create", target=rollup, unit=district,
                 after={"version": 1, "trigger": trigger})
    return rollup, True


@transaction.atomic
def rollup_request(*, district: AdministrativeUnit, action_day: ActionDay, actor, reason: str = "",
                   trigger: str = RollUp.Trigger.MANUAL, send: bool = False, enqueue: bool = True) -> RollUp:
    """The coordinator asks for a roll-up of a past day: version 1 if none, a new version with a reason.

    Refused while another version of the same day is still being built.
    """
    reason = reason.strip()
    if action_day.date >= timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError(_("Chỉ tổng hợp được ngày ra quân đã diễn ra."), code="future")
    if action_day.status == ActionDay.Status.CANCELLED:
        raise ValidationError(_("Ngày ra quân này đã tạm hoãn, không có số liệu để tổng hợp."), code="cancelled")
    # Lock the day's versions so two requests cannot take the same number.
    existing = list(RollUp.objects.select_for_update().filter(action_day=action_day)
                    .values("pk", "version", "status", "created_at"))
    building = [r for r in existing if r["status"] == RollUp.Status.BUILDING]
    if building:
        if building[0]["created_at"] < timezone.now() - STUCK_AFTER:
            # Its message was lost (broker wiped, worker gone for good): queue it again rather than refuse forever.
            _enqueue(building[0]["pk"], send=send)
            return RollUp.objects.get(pk=building[0]["pk"])
        raise RollupBusy(_("Báo cáo của ngày này đang được tổng hợp, vui lòng chờ."), code="busy")
    if not existing:
        rollup, _created = rollup_ensure_first(district=district, action_day=action_day, trigger=trigger, actor=actor)
        if reason:
            RollUp.objects.filter(pk=rollup.pk).update(reason=reason)
    else:
        if not reason:
            raise ValidationError(_("Cần ghi lý do tổng hợp lại (ví dụ: xã báo cáo bổ sung)."), code="reason")
        version = (RollUp.objects.filter(action_day=action_day).aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                rollup = RollUp.objects.create(
                    district=district, action_day=action_day, version=version, trigger=trigger, reason=reason,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
        except IntegrityError:  # another request took this number a moment ago
            raise RollupBusy(_("Báo cáo của ngày này đang được tổng hợp, vui lòng chờ."), code="busy") from None
        audit_record(actor=actor, action="rollup.create", target=rollup, unit=district,
                     after={"version": version, "trigger": trigger, "reason": reason})
    if enqueue:
        _enqueue(rollup.pk, send=send)
    return rollup


def _store(field, name: str, content: bytes) -> None:
    """Save the file under its upload path, replacing what a previous attempt left there.

    The check is on the full upload path (``tong-hop/<year>/<name>``): the storage would otherwise
    give the new file a random suffix and leave the old one behind, unreferenced.
    """
    path = field.field.generate_filename(field.instance, name)
    for stale in {field.name, path} - {""}:
        if field.storage.exists(stale):
            field.storage.delete(stale)  # a rebuild after a crash replaces the half-written file
    field.save(name, ContentFile(content), save=False)


def rollup_text(pdf: bytes) -> str:
    """The text of a roll-up's PDF, for the library's search."""
    from library.extraction import pdf_text

    try:
        return pdf_text(pdf)
    except ValidationError:
        return ""


def rollup_build(*, rollup: RollUp) -> RollUp:
    """Build both files of a roll-up from one data object; nothing to do if it is already built.

    The heavy part runs outside any transaction; the result is recorded by a conditional update
    (BUILDING or FAILED → READY), so two workers on the same row record it once.
    """
    rollup = RollUp.objects.select_related("action_day__programme", "district").get(pk=rollup.pk)
    if rollup.status == RollUp.Status.READY:
        return rollup
    RollUp.objects.filter(pk=rollup.pk).update(attempts=F("attempts") + 1)
    data = build_weekly_rollup(district=rollup.district, action_day=rollup.action_day)
    pdf, xlsx = rollup_pdf(data), rollup_xlsx(data)
    stem = rollup.file_stem()
    _store(rollup.pdf, f"{stem}.pdf", pdf)
    _store(rollup.xlsx, f"{stem}.xlsx", xlsx)
    text = rollup_text(pdf)
    with transaction.atomic():
        updated = RollUp.objects.filter(pk=rollup.pk).exclude(status=RollUp.Status.READY).update(
            status=RollUp.Status.READY, pdf=rollup.pdf.name, xlsx=rollup.xlsx.name,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(), xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
            data_version=data_version(data), built_at=timezone.now(), error="")
        rollup.refresh_from_db()
        if updated == 1:
            audit_record(actor=None, action="rollup.build", target=rollup, unit=rollup.district,
                         after={"pdf_sha256": rollup.pdf_sha256, "xlsx_sha256": rollup.xlsx_sha256,
                                "data_version": rollup.data_version})
            # The printed roll-up appears in the document library (text_source "generated").
            from library.services import document_for_rollup

            document_for_rollup(rollup=rollup, text=text)
    return rollup


def _subject(rollup: RollUp) -> str:
    return _("[NTM] Báo cáo tuần – %(district)s – ngày ra quân %(date)s%(version)s") % {
        "district": rollup.district.full_name, "date": rollup.action_day.date.strftime("%d/%m/%Y"),
        "version": _(" (phiên bản %(v)d)") % {"v": rollup.version} if rollup.version > 1 else ""}


def rollup_message(rollup: RollUp, recipients: list[str]) -> EmailMessage:
    body = render_to_string("emails/rollup_sent.txt", {"rollup": rollup, "portal_name": settings.PORTAL_NAME})
    message = EmailMessage(subject=_subject(rollup), body=body, to=recipients)
    stem = rollup.file_stem()
    with rollup.pdf.open("rb") as f:
        message.attach(f"{stem}.pdf", f.read(), "application/pdf")
    with rollup.xlsx.open("rb") as f:
        message.attach(f"{stem}.xlsx", f.read(), XLSX_TYPE)
    return message


@transaction.atomic
def rollup_send(*, rollup: RollUp) -> bool:
    """E-mail a built roll-up (PDF and XLSX attached) to the district's active recipients, once.

    Returns True if this call sent it. The send happens inside the transaction that sets
    `emailed_at`: if the mail server refuses, the update rolls back and a retry sends again.
    """
    recipients = list(RollupRecipient.objects.filter(district_id=rollup.district_id, is_active=True)
                      .order_by("name").values_list("email", flat=True))
    if not recipients:
        return False
    now = timezone.now()
    if RollUp.objects.filter(pk=rollup.pk, status=RollUp.Status.READY, emailed_at__isnull=True).update(
            emailed_at=now) != 1:
        return False
    rollup = RollUp.objects.select_related("action_day", "district").get(pk=rollup.pk)
    rollup_message(rollup, recipients).send(fail_silently=False)
    audit_record(actor=None, action="rollup.send", target=rollup, unit=rollup.district,
                 after={"recipients": recipients})
    return True


def rollup_fail(*, rollup_id: int, error: str) -> bool:
    """After the last retry: mark the roll-up failed and tell the district's coordinators (once)."""
    with transaction.atomic():
        updated = RollUp.objects.filter(pk=rollup_id).exclude(status=RollUp.Status.FAILED).update(
            status=RollUp.Status.FAILED, error=error[:4000])
        if updated != 1:
            return False
        rollup = RollUp.objects.select_related("action_day", "district").get(pk=rollup_id)
        audit_record(actor=None, action="rollup.fail", target=rollup, unit=rollup.district, note=error[:500])
    coordinators_email(
        subject=_("[NTM] Không tổng hợp được báo cáo tuần ngày %(date)s") % {
            "date": rollup.action_day.date.strftime("%d/%m/%Y")},
        body=render_to_string("emails/rollup_failed.txt", {"rollup": rollup, "error": error}),
        district_ids=[rollup.district_id])
    return True


# --- the Monday job -----------------------------------------------------------------------------

def rollup_moment(programme: Programme, now: datetime.datetime) -> datetime.datetime:
    """This week's roll-up time of the programme: the latest weekday/time at or before `now`."""
    local = timezone.localtime(now)
    day = local.date() - datetime.timedelta(days=(local.weekday() - programme.rollup_weekday) % 7)
    moment = datetime.datetime.combine(day, programme.rollup_time, tzinfo=local.tzinfo)
    if moment > local:
        moment -= datetime.timedelta(weeks=1)
    return moment


def rollups_due(*, now: datetime.datetime | None = None) -> list[int]:
    """For each active programme past this week's roll-up time, version 1 of the roll-up of its last
    past action day (created if missing). Returns the ids that still need building or sending."""
    now = now or timezone.now()
    due = []
    for programme in Programme.objects.filter(is_active=True).select_related("owner"):
        moment = rollup_moment(programme, now)
        day = (programme.action_days.filter(date__lt=moment.date()).exclude(status=ActionDay.Status.CANCELLED)
               .order_by("-date").first())
        if day is None:
            continue
        first, created = rollup_ensure_first(district=programme.owner, action_day=day)
        # The office receives the latest version of the day (the coordinator may have rebuilt it before
        # Monday after a commune filed late), and only if no version of that day has been e-mailed yet.
        versions = list(RollUp.objects.filter(action_day=day).order_by("-version"))
        rollup = versions[0] if versions else first
        if any(v.emailed_at for v in versions):
            continue
        # A row still BUILDING long after its creation lost its message (the broker was wiped): requeue.
        stuck = rollup.status == RollUp.Status.BUILDING and rollup.created_at < now - STUCK_AFTER
        unsent = (rollup.status == RollUp.Status.READY and rollup.emailed_at is None
                  and RollupRecipient.objects.filter(district_id=rollup.district_id, is_active=True).exists())
        if created or stuck or unsent:
            due.append(rollup.pk)
    return due


@transaction.atomic
def recipient_save(*, district, actor, recipient: RollupRecipient | None = None, name: str, email: str,
                   is_active: bool = True) -> RollupRecipient:
    from ntm_portal.audit import snapshot

    before = snapshot(recipient) if recipient is not None and recipient.pk else None
    recipient = recipient or RollupRecipient(district=district)
    recipient.name, recipient.email, recipient.is_active = name.strip(), email.strip().lower(), is_active
    recipient.full_clean(exclude=["district"])
    recipient.save()
    audit_record(actor=actor, action="rollup_recipient.save", target=recipient, before=before,
                 after=snapshot(recipient), unit=district)
    return recipient


@transaction.atomic
def recipient_delete(*, recipient: RollupRecipient, actor) -> None:
    from ntm_portal.audit import snapshot

    audit_record(actor=actor, action="rollup_recipient.delete", target=recipient, before=snapshot(recipient),
                 unit=recipient.district)
    recipient.delete()
