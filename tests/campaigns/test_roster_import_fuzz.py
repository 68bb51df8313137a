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


# --- issue 12 C: random zips and workbooks through the upload page: never a 500, bounded, nothing saved

XLSX_PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
              "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "docProps/app.xml"]
xml_text = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    st.sampled_from([b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c>'
                     b'</row></sheetData></worksheet>', b"<a>", b"", b"\x00" * 50]),
)


def _zip(parts: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _mutated(data: bytes, positions: list[int], value: int) -> bytes:
    buffer = bytearray(data)
    for p in positions:
        buffer[p % len(buffer)] = value
    return bytes(buffer)


def _upload_answers_within_bounds(client, agency, action_day, data):
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from campaigns.models import Roster
    from directory.models import Person

    commune = agency.assignments.get().commune
    people, rosters = Person.objects.count(), Roster.objects.count()
    import tracemalloc

    started = time.perf_counter()
    response = client.post(reverse("campaigns:roster_upload", args=[agency.pk, commune.pk, action_day.pk]),
                           {"file": SimpleUploadedFile("ds.xlsx", data)})
    assert time.perf_counter() - started < 10  # bounded time, with room for a loaded CI machine
    tracemalloc.start()
    try:
        _read(agency, action_day, data)
        assert tracemalloc.get_traced_memory()[1] < 100 * 2**20  # bounded memory
    finally:
        tracemalloc.stop()
    assert response.status_code in (302, 422)  # preview, or the errors page — never a 500
    assert Person.objects.count() == people and Roster.objects.count() == rosters  # nothing saved


@SETTINGS
@given(parts=st.dictionaries(st.sampled_from(XLSX_PARTS), xml_text, min_size=1, max_size=8))
def test_random_zips_never_crash_and_save_nothing(client, focal_point, agency, action_day, parts):
    client.force_login(focal_point)
    data = _zip(parts)
    result = _read(agency, action_day, data)
    assert not result.ok or result.rows
    _upload_answers_within_bounds(client, agency, action_day, data)


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=5, max_size=5), min_size=0, max_size=6),
       positions=st.lists(st.integers(0, 10**6), max_size=4), value=st.integers(0, 255))
def test_random_and_damaged_workbooks_never_crash_and_save_nothing(client, focal_point, agency, action_day, rows,
                                                                 positions, value):
    client.force_login(focal_point)
    data = xlsx(rows, header=["Họ và tên", "Chức vụ", "Số điện thoại", "Đảng viên", "Ghi chú"])
    _upload_answers_within_bounds(client, agency, action_day, _mutated(data, positions, value) if positions else data)
