"""The week being filed, for the load mix (issue 16): the commune officers' draft reports of the
coming action day, as on a Saturday evening when they fill in the current week and press save.

The demo's reports of the last action day are mostly submitted already, so posting that page back
only ever met "cần ghi lý do thay đổi" and redrew the page from bound forms — not what an evening of
draft saves costs. `prepare_drafts()` (run inside Django, by bench/load/run.py and pages.py) opens,
through the portal's own services, each commune officer's report of the action day being filed as a
draft and saves the figures of its first half of villages (last filed week's people, households
and waste: an officer part-way through). Idempotent: a commune whose report exists is left as it is.
"""

from __future__ import annotations


def filing_day():
    """The action day being filed: the next open action day from today on (on the Saturday evening,
    today's); the last one that took place if the programme has none coming."""
    from django.utils import timezone

    from campaigns.models import ActionDay

    today = timezone.localdate()
    return (ActionDay.objects.filter(date__gte=today, status="open").order_by("date").first()
            or ActionDay.objects.filter(date__lte=today, status="open").order_by("-date").first())


def filed_day():
    """The last action day that took place: its demo reports are mostly submitted already."""
    from django.utils import timezone

    from campaigns.models import ActionDay

    return ActionDay.objects.filter(date__lte=timezone.localdate(), status="open").order_by("-date").first()


def prepare_drafts() -> int:
    """Each commune officer's draft of the day being filed (see the module); returns how many were made."""
    from campaigns.models import DayReport
    from campaigns.selectors.reports import last_week_figures, villages_on
    from campaigns.services import reports as services
    from directory.models import Membership, Role

    day = filing_day()
    made = 0
    for membership in Membership.objects.filter(role=Role.COMMUNE_OFFICER).select_related("user", "unit"):
        commune, officer = membership.unit, membership.user
        if DayReport.objects.filter(commune=commune, action_day=day).exists():
            continue
        report = services.day_report_open(commune=commune, action_day=day, actor=officer)
        villages = villages_on(commune, day.date)
        last = last_week_figures(commune=commune, action_day=day)
        figures = {}
        for village in villages[: (len(villages) + 1) // 2]:
            week = last.get(village.pk, {})
            figures[village.pk] = services.VillageFigures(
                residents=week.get("residents"), households=week.get("households"),
                waste_kg=week.get("waste_kg"), waste_m3=week.get("waste_m3"))
        services.day_report_save(report=report, actor=officer, villages=figures, attendance={}, confirmed=True)
        made += 1
    return made
