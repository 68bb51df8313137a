"""The portal's one definition of a commune's filing, of the participation rate and of low participation.

Used by the roll-up (reporting.figures, reporting.rollup), the dashboards (reporting.dashboard)
and the filings pages (campaigns.views.reports, campaigns.selectors.reports):

- **filed**: the report has been submitted and not sent back — *submitted* or *accepted*. A draft,
  a report *returned* for correction and a missing report are not filed; their figures count
  nowhere (the filing page shows a returned report as returned, not as filed).
- **participation rate**: households taking part / households of the villages that reported, in
  percent, one decimal; unknown (None) when no household count was given.
- **low participation**: a village (or commune) with a known rate strictly below the programme's
  threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from campaigns.models import DayReport

FILED_STATUSES = (DayReport.Status.SUBMITTED, DayReport.Status.ACCEPTED)


def filed_q(prefix: str = "") -> Q:
    """Q() selecting filed reports; `prefix` is the path to the report ("report__", "day_reports__" …)."""
    return Q(**{f"{prefix}status__in": FILED_STATUSES})


def is_filed(report: DayReport | None) -> bool:
    return report is not None and report.status in FILED_STATUSES


def participation_rate(households: int | None, households_total: int | None) -> Decimal | None:
    """Households taking part over households of the reporting villages, in percent (0.1)."""
    if not households_total or households is None:
        return None
    return (Decimal(100) * households / households_total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_low_participation(rate: Decimal | None, threshold) -> bool:
    """A known rate strictly below the programme's threshold."""
    return rate is not None and rate < Decimal(threshold)


def filing_counts(reports: Iterable[DayReport | None]) -> dict[str, int]:
    """How many of the given reports are filed, of which late; returned and drafts apart."""
    counts = {"filed": 0, "late": 0, "returned": 0, "draft": 0, "missing": 0}
    for report in reports:
        if report is None:
            counts["missing"] += 1
        elif is_filed(report):
            counts["filed"] += 1
            counts["late"] += bool(report.is_late)
        elif report.status == DayReport.Status.RETURNED:
            counts["returned"] += 1
        else:
            counts["draft"] += 1
    return counts
