import datetime

import pytest

from directives.models import Task
from tests.directives.factories import dated, make_directive


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def directive(district, agency, other_agency, hoa_ninh, gia_bac, coordinator):
    """A conclusion with four dated tasks: one per lead agency, one per lead commune."""
    return make_directive(owner=district, actor=coordinator, tasks=[
        dated("Xây dựng cơ chế hỗ trợ cụ thể cho các xã", datetime.date(2026, 11, 30), lead_agency=agency, point="7"),
        dated("Tổ chức tuyên truyền khẩu hiệu", datetime.date(2026, 12, 10), lead_agency=other_agency, point="1"),
        dated("Xã Hòa Ninh báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=hoa_ninh, point="2a"),
        dated("Xã Gia Bắc báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=gia_bac, point="2b"),
    ])


@pytest.fixture
def tasks(directive):
    return {t.point: t for t in Task.objects.filter(document=directive)}
