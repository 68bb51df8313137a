"""Excel roster upload: every bad input is named by row and column and saves nothing; good files save once."""

import io

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from campaigns.models import Roster, RosterEntry
from campaigns.services import roster_import
from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person
from tests.factories import PersonFactory

from .roster_files import HEADER, people_rows, xlsx

pytestmark = pytest.mark.django_db


def read(agency, action_day, data, filename="danh-sach.xlsx"):
    commune = agency.assignments.get(commune__code="25036").commune
    return roster_import.roster_file_read(data=data, filename=filename, agency=agency, commune=commune,
                                          action_day=action_day)


def one_error(result) -> str:
    assert not result.ok and result.rows == []
    return "\n".join(result.errors)


class TestBadFiles:
    def test_missing_name_names_row_and_column(self, agency, action_day):
        rows = people_rows(3)
        rows[1][1] = ""
        errors = one_error(read(agency, action_day, xlsx(rows)))
        assert "Dòng 3, cột Họ và tên: thiếu họ và tên." in errors

    def test_bad_phone(self, agency, action_day):
        rows = people_rows(2)
        rows[1][3] = "12345"
        errors = one_error(read(agency, action_day, xlsx(rows)))
        assert "Dòng 3, cột Số điện thoại: số điện thoại “12345” không hợp lệ" in errors

    def test_phone_typed_as_a_number_keeps_its_zero(self, agency, action_day):
        result = read(agency, action_day, xlsx([[1, "Lê Thị Hoa", "", 912345678, "", ""]]))
        assert result.ok and result.rows[0].phone == "0912345678"

    def test_duplicate_person_in_the_file(self, agency, action_day):
        rows = people_rows(2) + [[9, "nguyen van thu 1", "", "0900000001", "", ""]]
        errors = one_error(read(agency, action_day, xlsx(rows)))
        assert "Dòng 4, cột Họ và tên: nguyen van thu 1 trùng với dòng 2." in errors

    def test_person_already_on_another_roster_that_day(self, agency, action_day, district, gia_bac):
        from tests.factories import AssignmentFactory

        AssignmentFactory(agency=agency, commune=gia_bac, valid_from=action_day.date.replace(year=2023))
        person = agency.staff.first()
        roster_save(agency=agency, commune=gia_bac, action_day=action_day, lines=[EntryLine.of(person)], actor=None)
        data = xlsx([[1, person.full_name, "", person.phone, "", ""]])
        errors = one_error(read(agency, action_day, data))
        assert f"Dòng 2, cột Họ và tên: {person.full_name} đã có trong danh sách gửi Xã Gia Bắc cùng ngày ra quân." in errors

    def test_empty_sheet(self, agency, action_day):
        errors = one_error(read(agency, action_day, xlsx([], header=None)))
        assert "trống" in errors

    def test_header_without_rows(self, agency, action_day):
        errors = one_error(read(agency, action_day, xlsx([])))
        assert "Danh sách trống: không có dòng nào dưới dòng tiêu đề (dòng 1)." in errors

    def test_wrong_columns(self, agency, action_day):
        data = xlsx([[1, "Lê Văn A", "Hà Nội"]], header=["STT", "Họ và tên", "Quê quán"])
        errors = one_error(read(agency, action_day, data))
        assert "Cột không đúng mẫu: C “Quê quán”." in errors

    def test_no_name_column_at_all(self, agency, action_day):
        data = xlsx([["Lê Văn A", "0912345678"]], header=["Tên cán bộ", "Điện thoại"])
        errors = one_error(read(agency, action_day, data))
        assert "Không tìm thấy dòng tiêu đề có cột “Họ và tên”" in errors

    def test_xls_file(self, agency, action_day):
        errors = one_error(read(agency, action_day, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ds.xls"))
        assert "Excel 97-2003 (.xls)" in errors

    def test_csv_file(self, agency, action_day):
        errors = one_error(read(agency, action_day, "Họ và tên\nLê Văn A\n".encode(), "ds.csv"))
        assert "Tệp .csv không được nhận" in errors

    def test_renamed_file(self, agency, action_day):
        errors = one_error(read(agency, action_day, b"%PDF-1.4 not a workbook", "ds.xlsx"))
        assert "không phải tệp Excel .xlsx (có thể đã bị đổi đuôi tệp)" in errors

    def test_password_protected_file(self, agency, action_day):
        plain = io.BytesIO(xlsx(people_rows(2)))
        encrypted = io.BytesIO()
        office = OOXMLFile(plain)
        office.encrypt("matkhau", encrypted)
        errors = one_error(read(agency, action_day, encrypted.getvalue()))
        assert "Tệp đang được đặt mật khẩu" in errors

    def test_corrupt_file(self, agency, action_day):
        data = xlsx(people_rows(3))
        errors = one_error(read(agency, action_day, data[: len(data) // 2]))
        assert "Tệp Excel bị hỏng" in errors

    def test_formulas(self, agency, action_day):
        rows = people_rows(2)
        rows[1][1] = '=CONCATENATE("Lê ","Văn A")'
        errors = one_error(read(agency, action_day, xlsx(rows)))
        assert "Dòng 3, cột Họ và tên: ô B3 chứa công thức, hãy nhập giá trị." in errors

    def test_merged_cells(self, agency, action_day):
        data = xlsx(people_rows(3), edit=lambda ws: ws.merge_cells("B3:C3"))
        errors = one_error(read(agency, action_day, data))
        assert "Ô gộp B3:C3" in errors

    def test_merged_title_above_the_table_is_fine(self, agency, action_day):
        data = xlsx(people_rows(2), title_rows=[["DANH SÁCH"]], edit=lambda ws: ws.merge_cells("A1:F1"))
        assert read(agency, action_day, data).ok

    def test_too_many_rows(self, agency, action_day, monkeypatch):
        monkeypatch.setattr(roster_import, "MAX_ROWS", 5)
        errors = one_error(read(agency, action_day, xlsx(people_rows(6))))
        assert "Tệp có hơn 5 dòng danh sách: mỗi lần tải lên tối đa 5 dòng." in errors

    def test_too_many_bytes(self, agency, action_day, monkeypatch):
        monkeypatch.setattr(roster_import, "MAX_BYTES", 1000)
        errors = one_error(read(agency, action_day, xlsx(people_rows(3))))
        assert "Tệp quá lớn" in errors

    def test_every_bad_row_is_listed_at_once(self, agency, action_day):
        rows = people_rows(4)
        rows[0][1] = ""
        rows[2][3] = "abc"
        rows[3][4] = "hình như có"
        errors = read(agency, action_day, xlsx(rows)).errors
        assert [e.split(":")[0] for e in errors] == [
            "Dòng 2, cột Họ và tên", "Dòng 4, cột Số điện thoại", "Dòng 5, cột Đảng viên"]


class TestGoodFiles:
    def test_columns_in_any_order_and_plain_sheet(self, agency, action_day):
        data = xlsx([["0912 345 678", "x", "Lê Thị Hoa", "Kế toán"]],
                    header=["Điện thoại", "Đảng viên", "Họ tên", "Chức vụ"])
        result = read(agency, action_day, data)
        assert result.ok
        row = result.rows[0]
        assert (row.full_name, row.position, row.phone, row.is_party_member) == ("Lê Thị Hoa", "Kế toán", "0912345678", True)

    def test_save_adds_new_people_to_staff_and_matches_known_ones(self, agency, action_day, focal_point, hoa_ninh):
        known = agency.staff.order_by("pk").first()
        data = xlsx([[1, known.full_name, "Phó phòng", known.phone, "Có", ""],
                     [2, "Hoàng Thị Mới", "Nhân viên", "0987654321", "Không", "đi xe máy"]])
        result = read(agency, action_day, data)
        assert result.ok and result.rows[0].person_id == known.pk and result.rows[1].person_id is None
        staff_before = Person.objects.filter(agency=agency).count()
        roster = roster_import.roster_import(agency=agency, commune=hoa_ninh, action_day=action_day,
                                             rows=result.rows, digest=result.digest, actor=focal_point)
        assert Person.objects.filter(agency=agency).count() == staff_before + 1
        entries = {e.full_name: e for e in roster.entries.all()}
        assert entries[known.full_name].position == "Phó phòng"
        assert entries["Hoàng Thị Mới"].note == "đi xe máy"
        assert roster.source == Roster.Source.UPLOAD and roster.upload_digest == result.digest

    def test_same_file_twice_does_not_duplicate(self, agency, action_day, focal_point, hoa_ninh):
        data = xlsx(people_rows(5))
        for _ in range(2):
            result = read(agency, action_day, data)
            assert result.ok, result.errors
            roster_import.roster_import(agency=agency, commune=hoa_ninh, action_day=action_day,
                                        rows=result.rows, digest=result.digest, actor=focal_point)
        assert Person.objects.filter(agency=agency, full_name__startswith="Nguyễn Văn Thử").count() == 5
        assert RosterEntry.objects.filter(roster__agency=agency).count() == 5
        assert Roster.objects.get(agency=agency).entry_count == 5


class TestTemplate:
    def test_template_is_filled_and_reads_back(self, agency, action_day, hoa_ninh):
        PersonFactory(agency=agency, full_name="Đặng Thị Ưng", phone="0911000111", is_party_member=False)
        people = list(agency.staff.order_by("full_name"))
        data = roster_import.roster_template_build(agency=agency, commune=hoa_ninh, action_day=action_day,
                                                   people=people)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb["Danh sách"]
        assert ws["B2"].value == agency.name
        assert ws["B3"].value == "Xã Hòa Ninh"
        assert ws["B4"].value == "15/03/2025"
        assert [c.value for c in ws[7]] == HEADER
        assert [ws.cell(row=8 + i, column=2).value for i in range(len(people))] == [p.full_name for p in people]
        ung = next(r for r in range(8, 8 + len(people)) if ws.cell(row=r, column=2).value == "Đặng Thị Ưng")
        assert ws.cell(row=ung, column=4).value == "0911000111"
        assert ws.cell(row=ung, column=5).value == "Không"
        validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        assert validations["E8:E211"].formula1 == '"Có,Không"'
        assert validations["B8:B211"].formula1 == "'Cán bộ'!$A$1:$A$4"
        assert wb["Cán bộ"].sheet_state == "hidden"
        result = read(agency, action_day, data)
        assert result.ok and len(result.rows) == len(people)
        assert all(r.person_id for r in result.rows)
