"""Reads of the BCĐ's membership and the members' reports: who filed for a period, who did not.

"Không có báo cáo thì coi như không đi chỉ đạo" (seed 002): a member whose period ended without a
filed report (submitted or accepted) is listed as missing. Each read costs a fixed number of
queries whatever the number of members (memberships, their communes, the reports).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Prefetch, Q

from directory.models import AdministrativeUnit
from ntm_portal import workflow
from ntm_portal.collation import vi_key

from ..models import BcdMembership, BcdRole, MemberReport, ReportFrequency
from ..schedule import Period, last_due_period, periods_ending_between, today_vn

MISSING_WORDS = "Không có báo cáo thì coi như không đi chỉ đạo."


@dataclasses.dataclass
class MemberPeriodStatus:
    membership: BcdMembership
    period: Period
    report: MemberReport | None  # the filed report (submitted or accepted), else None
    draft: MemberReport | None  # a draft or returned report not yet (re)filed
    late: bool  # filed after the due day, or not filed and the due day has passed

    @property
    def member(self) -> str:
        return self.membership.full_name

    @property
    def role(self) -> str:
        return self.membership.get_role_display()

    @property
    def is_missing(self) -> bool:
        return self.report is None


def active_memberships(unit: AdministrativeUnit | int, first: datetime.date, last: datetime.date,
                       *, commune_ids=None):
    """The unit's BCĐ seats held at some time in [first, last] (communes in charge prefetched);
    with `commune_ids`, only the members in charge of one of those communes."""
    unit_id = getattr(unit, "pk", unit)
    rows = (BcdMembership.objects.filter(unit_id=unit_id, valid_from__lte=last)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
            .select_related("sub_committee", "agency", "user")
            .prefetch_related(Prefetch("communes", queryset=AdministrativeUnit.objects.only("pk", "name", "kind"))))
    if commune_ids is not None:
        rows = rows.filter(communes__in=list(commune_ids)).distinct()
    return rows.order_by("order", "full_name")


def period_report_status(unit, period_start: datetime.date, period_end: datetime.date, *, commune_ids=None,
                         today: datetime.date | None = None) -> list[MemberPeriodStatus]:
    """For each BCĐ seat of `unit`, each period of its schedule ending in [period_start, period_end]:
    the member, their role, the filed report or None, and whether it is late. Three queries."""
    today = today or today_vn()
    memberships = list(active_memberships(unit, period_start, period_end, commune_ids=commune_ids))
    periods = {f: periods_ending_between(f, period_start, period_end) for f in ReportFrequency.values}
    reports = {(r.membership_id, r.period_end): r for r in MemberReport.objects.filter(
        membership__in=[m.pk for m in memberships], period_end__gte=period_start, period_end__lte=period_end)}
    rows = []
    for membership in memberships:
        for period in periods[membership.frequency]:
            if period.end < membership.valid_from or (membership.valid_to and period.start > membership.valid_to):
                continue
            report = reports.get((membership.pk, period.end))
            filed = report if report is not None and report.status in workflow.FILED else None
            late = filed.is_late if filed else period.due < today
            draft = report if report is not None and filed is None else None
            rows.append(MemberPeriodStatus(membership=membership, period=period, report=filed, draft=draft,
                                           late=late))
    return rows


def dashboard_period(today: datetime.date | None = None) -> Period:
    """"This period" on the dashboards: the latest twice-monthly period already due (the 14th or 28th
    that has come), so a member is not counted missing before the day."""
    return last_due_period(ReportFrequency.TWICE_MONTHLY, today)


def missing_reports(unit, period: Period, *, commune_ids=None) -> list[MemberPeriodStatus]:
    """The members without a filed report for the period, heads and deputies first."""
    rows = [r for r in period_report_status(unit, period.start, period.end, commune_ids=commune_ids)
            if r.is_missing and r.period.due <= today_vn()]
    return sorted(rows, key=lambda r: (_ROLE_ORDER[r.membership.role], r.membership.order, vi_key(r.member)))


_ROLE_ORDER = {BcdRole.HEAD: 0, BcdRole.DEPUTY: 1, BcdRole.STANDING: 2, BcdRole.MEMBER: 3}


def memberships_of_user(user, *, on: datetime.date | None = None):
    """The BCĐ seats a user files for (held on `on`, today by default)."""
    on = on or today_vn()
    return (BcdMembership.objects.filter(user=user, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).select_related("unit", "sub_committee")
            .order_by("unit__name", "order"))


def member_history(membership: BcdMembership, *, count: int = 8) -> list[tuple[Period, MemberReport | None]]:
    """The member's recent periods, newest first, each with its report (any state) or None."""
    from ..schedule import recent_periods

    periods = [p for p in recent_periods(membership.frequency, count=count)
               if p.end >= membership.valid_from and not (membership.valid_to and p.start > membership.valid_to)]
    reports = {r.period_end: r for r in MemberReport.objects.filter(membership=membership,
                                                                    period_end__in=[p.end for p in periods])}
    return [(p, reports.get(p.end)) for p in periods]
