# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""Fixtures of the recognition tests.

Model residential areas and village funds: the shipped model-area set, villages of Hòa Ninh and Gia Bắc, a
small real JPEG. Reviews and commendations: the roll-up tests' week (Saturday 15/03/2025, filed, late, draft
and returned reports), a Saturday of the year before, and a review of the first half of 2025."""

import datetime
import io

import pytest
from PIL import Image

from campaigns.models import ActionDay
from criteria.loaders import load_shipped_sets
from criteria.models import CriteriaSet
from directory.models import Village
from recognition.services.reviews import review_create
from tests.criteria.conftest import commune_set, make_assessment, sets  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, file_report, previous_day, programme, week  # noqa: F401


@pytest.fixture
def area_set(db):
    load_shipped_sets()
    return CriteriaSet.objects.get(code="KDC-KIEU-MAU")


@pytest.fixture
def village(hoa_ninh):
    return Village.objects.filter(parent=hoa_ninh).order_by("name").first()


@pytest.fixture
def second_village(hoa_ninh):
    return Village.objects.filter(parent=hoa_ninh).order_by("name")[1]


@pytest.fixture
def other_village(gia_bac):
    return Village.objects.filter(parent=gia_bac).order_by("name").first()


def jpeg_bytes(size=(640, 480), color=(30, 140, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def d():
    return lambda text: datetime.datetime.strptime(text, "%d/%m/%Y").date()


H1_2025 = {
    "title": "Sơ kết 6 tháng đầu năm 2025 thực hiện Đề án số 04-ĐA/HU",
    "period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 6, 30),
    "baseline_date": datetime.date(2025, 1, 18), "unit_deadline": datetime.date(2025, 8, 18),
    "draft_deadline": datetime.date(2025, 8, 23), "conference_date": datetime.date(2025, 8, 30),
}


@pytest.fixture
def last_year_day(programme, hoa_ninh):
    """A Saturday of the first half of 2024, Hòa Ninh filed: the same period a year before."""
    day = ActionDay.objects.create(programme=programme, date=datetime.date(2024, 3, 16))
    file_report(hoa_ninh, day, seed=7)
    return day


@pytest.fixture
def criteria_rounds(commune_set, hoa_ninh, gia_bac, coordinator):
    """Hòa Ninh: two criteria not met at the baseline, all met by 30/06; Gia Bắc: one approaching at the end."""
    make_assessment(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2025, 1, 10), actor=coordinator,
                    statuses={"1.1": "not_met", "2.1": "not_met"})
    make_assessment(criteria_set=commune_set, unit=hoa_ninh, as_of=datetime.date(2025, 6, 1), actor=coordinator)
    make_assessment(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2025, 6, 1), actor=coordinator,
                    statuses={"3.1": "approaching"})


@pytest.fixture
def review(week, last_year_day, district, coordinator):
    return review_create(district=district, actor=coordinator, **H1_2025)
