"""Periodic jobs of the campaigns app. Each takes ids (or nothing), calls services, is safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import ActionDay, Programme
from .services.programme import action_days_ensure
from .services.rosters import roster_missing_lists_send, roster_reminders_send


def _next_open_days(now):
    """For each active programme, its next open action day (the one rosters are due for)."""
    today = timezone.localdate(now)
    days = []
    for programme in Programme.objects.filter(is_active=True).select_related("owner"):
        day = programme.action_days.filter(status=ActionDay.Status.OPEN, date__gte=today).order_by("date").first()
        if day is not None:
            days.append(day)
    return days


@shared_task(name="campaigns.action_days_keep_open", time_limit=120, soft_time_limit=100)
def action_days_keep_open() -> int:
    """Keep the next 8 action days of every active programme in the calendar."""
    return sum(len(action_days_ensure(programme=p)) for p in Programme.objects.filter(is_active=True))


@shared_task(name="campaigns.roster_reminders", time_limit=300, soft_time_limit=270)
def roster_reminders() -> int:
    """Tuesday morning: remind agencies that have not sent their roster for the coming day."""
    now = timezone.now()
    return sum(roster_reminders_send(action_day=day, now=now) for day in _next_open_days(now))


@shared_task(name="campaigns.roster_missing_lists", time_limit=300, soft_time_limit=270)
def roster_missing_lists() -> int:
    """Thursday morning: the coordinator and each commune get the list of missing rosters."""
    now = timezone.now()
    days = []
    today = timezone.localdate(now)
    for programme in Programme.objects.filter(is_active=True):
        day = programme.action_days.filter(status=ActionDay.Status.OPEN, date__gte=today).order_by("date").first()
        if day is not None and now > day.roster_deadline:
            days.append(day)
    return sum(roster_missing_lists_send(action_day=day, now=now) for day in days)
