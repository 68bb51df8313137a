"""Whatever bytes or cell values arrive, the import answers with rows or with Vietnamese errors, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.services import roster_import

from .roster_files import xlsx

pytestmark = pytest.mark.django_db

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cell = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                 st.booleans())


def _read(agency, action_day, data, name="ds.xlsx"):
    commune = agency.assignments.get().commune
    return roster_import.roster_file_read(data=data, filename=name, agency=agency, commune=commune,
                                          action_day=action_day)


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["ds.xlsx", "ds.xls", "ds.csv", "ds"]))
def test_random_bytes_are_refused_with_a_reason(agency, action_day, data, name):
    result = _read(agency, action_day, data, name)
    assert not result.ok and result.rows == [] and all(isinstance(e, str) and e for e in result.errors)


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=5, max_size=5), min_size=1, max_size=8))
def test_random_cells_give_rows_or_named_errors(agency, action_day, rows):
    header = ["Họ và tên", "Chức vụ", "Số điện thoại", "Đảng viên", "Ghi chú"]
    result = _read(agency, action_day, xlsx(rows, header=header))  # a text starting with "=" is a formula
    if result.ok:
        assert result.rows and all(r.full_name for r in result.rows)
    else:
        assert result.rows == []
        assert all(e.startswith(("Dòng ", "Danh sách trống", "Trang tính")) for e in result.errors), result.errors
