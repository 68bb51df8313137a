"""Writes of the programme: its settings and its action days (kept open ahead, cancelled, added)."""

from __future__ import annotations

import datetime

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record, snapshot

from ..models import ActionDay, Programme

WEEKS_AHEAD = 8
PROGRAMME_SETTINGS = [
    "name", "action_weekday", "roster_deadline_days_before", "roster_deadline_time",
    "filing_deadline_days_after", "filing_deadline_time", "rollup_weekday", "rollup_time",
    "low_participation_threshold", "is_active",
]


@transaction.atomic
def programme_update(*, programme: Programme, actor, **fields) -> Programme:
    """Change the coordinator's settings; deadlines of every day follow at once (they are computed)."""
    unknown = set(fields) - set(PROGRAMME_SETTINGS)
    if unknown:
        raise ValueError(f"not a programme setting: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = snapshot(programme)
    changed = [name for name, value in fields.items() if getattr(programme, name) != value]
    if not changed:
        return programme
    for name in changed:
        setattr(programme, name, fields[name])
    programme.full_clean()
    programme.save(update_fields=changed)
    audit_record(actor=actor, action="programme.update", target=programme, before=before,
                 after=snapshot(programme), unit=programme.owner)
    return programme


@transaction.atomic
def action_days_ensure(*, programme: Programme, today: datetime.date | None = None,
                       weeks: int = WEEKS_AHEAD) -> list[ActionDay]:
    """Keep the next `weeks` regular action days in the database; returns those created.

    A day that exists (open, cancelled or extra) is left as it is, so a rerun creates nothing
    and a cancelled day is never reopened by the job.
    """
    today = today or timezone.localdate()
    start = max(programme.next_action_date(today), programme.next_action_date(programme.started_on))
    dates = [start + datetime.timedelta(weeks=n) for n in range(weeks)]
    existing = set(programme.action_days.filter(date__in=dates).values_list("date", flat=True))
    new = [ActionDay(programme=programme, date=d) for d in dates if d not in existing]
    created = ActionDay.objects.bulk_create(new, ignore_conflicts=True)
    if created:
        audit_record(actor=None, action="action_day.ensure", target=programme, unit=programme.owner,
                     note=_("Mở các ngày ra quân: %(dates)s") % {"dates": ", ".join(f"{d.date:%d/%m/%Y}" for d in created)})
    return created


@transaction.atomic
def action_day_cancel(*, action_day: ActionDay, reason: str, actor) -> ActionDay:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do tạm hoãn."), code="reason")
    before = snapshot(action_day)
    updated = ActionDay.objects.filter(pk=action_day.pk, status=ActionDay.Status.OPEN).update(
        status=ActionDay.Status.CANCELLED, cancel_reason=reason[:300]
    )
    if updated != 1:
        raise ValidationError(_("Ngày ra quân này không còn mở, không thể tạm hoãn."), code="not_open")
    action_day.refresh_from_db()
    audit_record(actor=actor, action="action_day.cancel", target=action_day, before=before,
                 after=snapshot(action_day), unit=action_day.programme.owner, note=reason)
    return action_day


@transaction.atomic
def action_day_reopen(*, action_day: ActionDay, actor) -> ActionDay:
    before = snapshot(action_day)
    updated = ActionDay.objects.filter(pk=action_day.pk, status=ActionDay.Status.CANCELLED).update(
        status=ActionDay.Status.OPEN, cancel_reason=""
    )
    if updated != 1:
        raise ValidationError(_("Ngày ra quân này không ở trạng thái tạm hoãn."), code="not_cancelled")
    action_day.refresh_from_db()
    audit_record(actor=actor, action="action_day.reopen", target=action_day, before=before,
                 after=snapshot(action_day), unit=action_day.programme.owner)
    return action_day


@transaction.atomic
def action_day_add_extra(*, programme: Programme, date: datetime.date, title: str = "", actor) -> ActionDay:
    """An extra action day (the launch, a special campaign) on any date."""
    try:
        with transaction.atomic():
            day = ActionDay.objects.create(programme=programme, date=date, kind=ActionDay.Kind.EXTRA,
                                           title=(title or "").strip()[:200])
    except IntegrityError:
        raise ValidationError(
            _("Đã có ngày ra quân ngày %(date)s.") % {"date": f"{date:%d/%m/%Y}"}, code="duplicate"
        ) from None
    audit_record(actor=actor, action="action_day.add", target=day, after=snapshot(day), unit=programme.owner)
    return day


def holiday_proposals(*, action_days: list[ActionDay]) -> dict[int, str]:
    """Action days to propose for cancellation: a VN public holiday on the day or within two days.

    Returns {action_day id: holiday name in Vietnamese}.
    """
    if not action_days:
        return {}
    years = sorted({d.date.year for d in action_days} | {d.date.year + 1 for d in action_days})
    calendar = holidays.country_holidays("VN", years=years, language="vi")
    proposals = {}
    for day in action_days:
        for offset in (0, -1, 1, -2, 2):
            name = calendar.get(day.date + datetime.timedelta(days=offset))
            if name:
                proposals[day.pk] = name
                break
    return proposals


@transaction.atomic
def programme_create(*, district, actor) -> Programme:
    """The district's programme with the default settings (Saturday, Wednesday 23:59 …)."""
    programme, created = Programme.objects.get_or_create(owner=district, name=Programme._meta.get_field("name").default)
    if created:
        audit_record(actor=actor, action="programme.create", target=programme, after=snapshot(programme),
                     unit=district)
    return programme
