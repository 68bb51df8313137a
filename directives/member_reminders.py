"""Reminders of the BCĐ members' periodic reports: N days before the due day
(settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE, default 2) and on the day, by in-portal notice and
e-mail to the member's account, once each (the MemberReminder marker). A member who has already
filed (submitted or accepted) is not reminded; a seat without an account is not reminded (the
seats page says so)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm_portal import workflow
from ntm_portal.audit import audit_record
from ntm_portal.notices import notice_send

from .models import BcdMembership, MemberReminder, MemberReport, ReminderKind
from .schedule import Period, period_ending, periods_ending_between


def _kind_due(period: Period, today: datetime.date) -> str | None:
    return ReminderKind.due(period.due, today, settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE)


def _holds(membership: BcdMembership, period: Period) -> bool:
    return period.end >= membership.valid_from and not (membership.valid_to and period.start > membership.valid_to)


def _filed(membership_id: int, period_end: datetime.date) -> bool:
    return MemberReport.objects.filter(membership_id=membership_id, period_end=period_end,
                                       status__in=list(workflow.FILED)).exists()


def member_reminders_due(today: datetime.date) -> list[tuple[int, datetime.date]]:
    """(seat id, period end) of the reports that may need a reminder today: seats with an active
    account, periods due today or within N days, not filed yet (the marker decides the rest)."""
    horizon = today + datetime.timedelta(days=settings.DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE)
    seats = (BcdMembership.objects.filter(user__isnull=False, user__is_active=True, valid_from__lte=horizon)
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today - datetime.timedelta(days=200)))
             .only("pk", "frequency", "valid_from", "valid_to").order_by("pk"))
    periods = {}
    wanted = []
    for seat in seats:
        if seat.frequency not in periods:
            periods[seat.frequency] = [p for p in periods_ending_between(
                seat.frequency, today - datetime.timedelta(days=10), horizon + datetime.timedelta(days=10))
                if _kind_due(p, today) is not None]
        wanted += [(seat.pk, p.end) for p in periods[seat.frequency] if _holds(seat, p)]
    if not wanted:
        return []
    filed = set(MemberReport.objects.filter(membership_id__in={pk for pk, _end in wanted},
                                            period_end__in={end for _pk, end in wanted},
                                            status__in=list(workflow.FILED))
                .values_list("membership_id", "period_end"))
    return [w for w in wanted if w not in filed]


def member_reminder_send(*, membership_id: int, period_end: datetime.date, today: datetime.date) -> bool:
    """Send the reminder due today for one member's period, once: the marker, the notice and the
    e-mail go together (a refused mail rolls the marker back; the next run tries again)."""
    with transaction.atomic():
        seat = (BcdMembership.objects.select_for_update(of=("self",)).select_related("user", "unit")
                .get(pk=membership_id))
        period = period_ending(seat.frequency, period_end)
        user = seat.user
        if period is None or user is None or not user.is_active or not _holds(seat, period):
            return False
        kind = _kind_due(period, today)
        if kind is None or _filed(seat.pk, period.end):
            return False
        if MemberReminder.objects.filter(membership=seat, period_end=period.end, kind=kind).exists():
            return False
        emails = [user.email] if user.email else []
        MemberReminder.objects.create(membership=seat, period_end=period.end, kind=kind, due_on=period.due,
                                      recipients=", ".join(emails))
        due = period.due.strftime("%d/%m/%Y")
        url = reverse("directives:member_report_edit", args=[seat.pk, period.key])
        title = (_("Hôm nay (%(d)s) đến hạn báo cáo kết quả chỉ đạo") if kind == ReminderKind.ON_DAY
                 else _("Sắp đến hạn (%(d)s) báo cáo kết quả chỉ đạo")) % {"d": due}
        body = render_to_string("emails/member_reminder.txt", {
            "seat": seat, "period": period, "kind": kind, "due": due, "url": url,
            "start": period.start.strftime("%d/%m/%Y"), "end": period.end.strftime("%d/%m/%Y")})
        notice_send(users=[user], title=title, body=body, url=url,
                    dedupe_key=f"member-report-{seat.pk}-{period.key}-{kind}")
        if emails:
            EmailMessage(subject=f"[NTM] {title}"[:250], body=body, to=emails).send(fail_silently=False)
        audit_record(actor=None, action="directives.member_reminder", target=seat, unit=seat.unit,
                     after={"kind": kind, "period_end": period.key, "recipients": emails})
    return True
