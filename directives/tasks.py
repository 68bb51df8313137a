"""Celery tasks of the follow-up. Each loads ids, calls a service, and is safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from .followup import followup_send, followup_units
from .member_reminders import member_reminder_send, member_reminders_due
from .schedule import today_vn
from .services import reminder_send, reminders_due

log = logging.getLogger(__name__)


@shared_task(name="directives.task_reminders", time_limit=300, soft_time_limit=280)
def task_reminders_task() -> int:
    """Every morning: remind lead units N days before a deadline and on the day, once each."""
    today = timezone.localdate()
    sent = 0
    for deadline_id in reminders_due(today):
        try:
            sent += reminder_send(deadline_id=deadline_id, today=today)
        except Exception:  # one refused mail must not stop the others; the marker rolled back, next run retries
            log.exception("reminder of deadline %s failed", deadline_id)
    return sent


@shared_task(name="directives.followup_reports", time_limit=900, soft_time_limit=880)
def followup_reports_task() -> int:
    """On the 16th and the 30th: each office's follow-up report, e-mailed once."""
    today = timezone.localdate()
    sent = 0
    for unit in followup_units():
        try:
            sent += followup_send(unit=unit, today=today)
        except Exception:
            log.exception("follow-up report of unit %s failed", unit.pk)
    return sent


@shared_task(name="directives.member_reminders", time_limit=300, soft_time_limit=280)
def member_reminders_task() -> int:
    """Every morning: remind BCĐ members N days before their report is due and on the day, once each."""
    today = today_vn()
    sent = 0
    for membership_id, period_end in member_reminders_due(today):
        try:
            sent += member_reminder_send(membership_id=membership_id, period_end=period_end, today=today)
        except Exception:  # one refused mail must not stop the others; the marker rolled back, next run retries
            log.exception("reminder of BCĐ seat %s (period %s) failed", membership_id, period_end)
    return sent
