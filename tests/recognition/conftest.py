"""Fixtures for model residential areas and village funds: the shipped model-area set, villages of
Hòa Ninh and Gia Bắc, a small real JPEG."""

import datetime
import io

import pytest
from PIL import Image

from criteria.loaders import load_shipped_sets
from criteria.models import CriteriaSet
from directory.models import Village


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
