"""The status of an indicator from its value and target, and of a criterion from its indicators.

Pure functions: the same rule serves the assessment form, the standing matrix and the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .models import Comparator, ResultStatus


def indicator_status(*, value: Decimal, target: Decimal, comparator: str, margin: Decimal) -> str:
    """Met if the value satisfies the target; approaching if it misses by at most `margin` % of it.

    ≥ 80 with a 10 % margin: 80 met, 72 approaching, 71.99 not met.
    ≤ 5 with a 10 % margin: 5 met, 5.5 approaching, 5.51 not met.
    """
    value, target, margin = Decimal(value), Decimal(target), Decimal(margin)
    slack = abs(target) * margin / Decimal(100)
    if comparator == Comparator.GTE:
        if value >= target:
            return ResultStatus.MET
        return ResultStatus.APPROACHING if value >= target - slack else ResultStatus.NOT_MET
    if comparator == Comparator.LTE:
        if value <= target:
            return ResultStatus.MET
        return ResultStatus.APPROACHING if value <= target + slack else ResultStatus.NOT_MET
    if value == target:
        return ResultStatus.MET
    return ResultStatus.APPROACHING if abs(value - target) <= slack else ResultStatus.NOT_MET


def criterion_status(statuses: Iterable[str | None]) -> str | None:
    """Met only if every indicator is met; not met if any is; approaching otherwise.

    None when an indicator has no result: an incomplete review says nothing about the criterion.
    """
    statuses = list(statuses)
    if not statuses or any(s is None for s in statuses):
        return None
    if all(s == ResultStatus.MET for s in statuses):
        return ResultStatus.MET
    if any(s == ResultStatus.NOT_MET for s in statuses):
        return ResultStatus.NOT_MET
    return ResultStatus.APPROACHING
