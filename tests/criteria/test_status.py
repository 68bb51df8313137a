"""Indicator status at the edges of a target, and a criterion's status from its indicators."""

from decimal import Decimal as D

import pytest

from criteria.status import criterion_status, indicator_status


@pytest.mark.parametrize(("value", "expected"), [
    ("80", "met"), ("100", "met"), ("79.99", "approaching"), ("72", "approaching"), ("71.99", "not_met"), ("0", "not_met"),
])
def test_at_least_80_with_10_percent_margin(value, expected):
    assert indicator_status(value=D(value), target=D("80"), comparator="gte", margin=D("10")) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("5", "met"), ("0", "met"), ("5.01", "approaching"), ("6", "approaching"), ("6.01", "not_met"),
])
def test_at_most_5_with_20_percent_margin(value, expected):
    assert indicator_status(value=D(value), target=D("5"), comparator="lte", margin=D("20")) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("100", "met"), ("95", "approaching"), ("105", "approaching"), ("94.99", "not_met"), ("105.01", "not_met"),
])
def test_equal_to_100_with_5_percent_margin(value, expected):
    assert indicator_status(value=D(value), target=D("100"), comparator="eq", margin=D("5")) == expected


def test_zero_margin_has_no_approaching():
    assert indicator_status(value=D("79.99"), target=D("80"), comparator="gte", margin=D("0")) == "not_met"


@pytest.mark.parametrize(("statuses", "expected"), [
    (["met", "met"], "met"),
    (["met", "approaching"], "approaching"),
    (["approaching", "not_met"], "not_met"),
    (["met", None], None),
    ([], None),
])
def test_criterion_status(statuses, expected):
    assert criterion_status(statuses) == expected
