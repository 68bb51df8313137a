"""Issue 12 B: roster files the review sent that were not handled, each refused by row and column
(or in bounded time and memory), and nothing saved."""

import time
import tracemalloc

import pytest
from django.urls import reverse

from campaigns.models import Roster
from campaigns.services import roster_import
from directory.models import AdministrativeUnit, Person
from ntm_portal.text import legacy_vietnamese_font

from .roster_files import HEADER, people_rows, stray_last_column, xlsx, zip_bomb
from .test_roster_views import upload

pytestmark = pytest.mark.django_db


def read(agency, action_day, data):
    commune = agency.assignments.get().commune
    return roster_import.roster_file_read(data=data, filename="ds.xlsx", agency=agency, commune=commune,
                                          action_day=action_day)


def measured(agency, action_day, data):
    """(result, seconds, peak bytes): timed alone, then read again under tracemalloc for the memory."""
    started = time.perf_counter()
    result = read(agency, action_day, data)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        read(agency, action_day, data)
        return result, seconds, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _with_name(name, position="Chuyên viên", note=""):
    return xlsx([[1, name, position, "0912345678", "Không", note], *people_rows(1, start=2)])


def test_a_name_of_digits_only_is_refused_naming_row_and_column(agency, action_day):
    result = read(agency, action_day, _with_name("123456"))
    assert not result.ok
    assert result.errors == ["Dòng 2, cột Họ và tên: “123456” không phải họ và tên (không có chữ cái nào)."]


@pytest.mark.parametrize(("column", "length", "limit"), [("full_name", 560, 120), ("position", 121, 120),
                                                         ("note", 301, 300)])
def test_every_length_the_database_holds_is_checked_in_the_reader(agency, action_day, column, length, limit):
    values = {"full_name": "Nguyễn Văn Dài", "position": "Chuyên viên", "note": ""}
    values[column] = "Nguyễn " + "a" * (length - 7)
    result = read(agency, action_day, _with_name(values["full_name"], values["position"], values["note"]))
    label = roster_import.COLUMNS[column][0]
    assert result.errors == [f"Dòng 2, cột {label}: dài {length} ký tự, tối đa {limit} ký tự."]


def test_a_560_character_name_is_refused_on_upload_and_nothing_is_saved(login, focal_point, agency, hoa_ninh,
                                                                        action_day):
    people = Person.objects.count()
    response = upload(login(focal_point), agency, hoa_ninh, action_day, _with_name("Nguyễn " + "a" * 553))
    assert response.status_code == 422
    assert "Dòng 2, cột Họ và tên: dài 560 ký tự, tối đa 120 ký tự." in response.content.decode()
    assert Person.objects.count() == people and not Roster.objects.exists()


def test_a_zip_bomb_is_refused_within_2_s_and_100_mb(agency, action_day):
    data = zip_bomb(300)
    assert len(data) < roster_import.MAX_BYTES  # small on disk: the size limit alone does not catch it
    result, seconds, peak = measured(agency, action_day, data)
    assert not result.ok and "khi giải nén chiếm 300 MB" in result.errors[0]
    assert seconds < 2 and peak < 100 * 2**20


def test_a_file_just_under_the_unpacked_limit_is_still_bounded(agency, action_day):
    result, seconds, peak = measured(agency, action_day, zip_bomb(7))
    assert not result.ok  # thousands of repeated rows: duplicates, named by row
    assert seconds < 2 and peak < 100 * 2**20


def test_a_stray_value_in_the_last_column_costs_nothing(agency, action_day):
    result, seconds, peak = measured(agency, action_day, stray_last_column(300))
    assert result.ok and len(result.rows) == 300
    assert seconds < 2 and peak < 100 * 2**20


@pytest.mark.parametrize(("typed", "font"), [("NguyÔn V¨n An", "TCVN3"), ("§Æng Quèc ViÖt", "TCVN3"),
                                             ("Nguyeãn Vaên An", "VNI"), ("Ñaëng Quoác Vieät", "VNI")])
def test_names_typed_with_legacy_vietnamese_fonts_are_refused_with_a_clear_message(agency, action_day, typed, font):
    result = read(agency, action_day, _with_name(typed))
    assert not result.ok and len(result.errors) == 1
    message = result.errors[0]
    assert message.startswith("Dòng 2, cột Họ và tên:") and f"phông chữ cũ {font}" in message and "Unicode" in message


def test_a_position_in_a_legacy_font_is_refused_too(agency, action_day):
    result = read(agency, action_day, _with_name("Nguyễn Văn An", position="Tr­ëng phßng"))
    assert result.errors and result.errors[0].startswith("Dòng 2, cột Chức vụ:")


def test_the_legacy_font_check_never_flags_real_vietnamese(agency, action_day):
    names = list(AdministrativeUnit.objects.values_list("name", flat=True))
    names += ["Nguyễn Thị Thuỳ Dương", "Hoà", "Khoẻ", "Xuân", "Huế", "Nguyên", "K'Brêu", "Liêng Hót Ka Sô",
              "ĐINH THỊ NGỌC ÁNH", "Phó Chủ tịch UBND", "Chuyên viên – phụ trách", "Trưởng phòng"]
    assert len(names) > 200
    assert [n for n in names if legacy_vietnamese_font(n)] == []
    unique = sorted(set(names))[:50]
    rows = [[i, name, "Trưởng phòng", "", "Không", ""] for i, name in enumerate(unique, start=1)]
    assert read(agency, action_day, xlsx(rows, header=HEADER)).ok


def test_the_upload_page_shows_the_bomb_refusal(login, focal_point, agency, hoa_ninh, action_day):
    response = upload(login(focal_point), agency, hoa_ninh, action_day, zip_bomb(300))
    assert response.status_code == 422 and "vượt quá giới hạn 8 MB" in response.content.decode()
    assert reverse("campaigns:roster_upload", args=[agency.pk, hoa_ninh.pk, action_day.pk])
