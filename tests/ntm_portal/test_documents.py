"""The document builder's blocks: numbers, dates, symbols, appendix references, the subject's lines."""

import datetime

import pytest

from directory.models import DocumentIssuer, DocumentKind
from ntm_portal.documents import Document, roman, vn_date_words


def test_roman_numerals_of_appendices():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 10, 14, 40)] == ["I", "II", "III", "IV", "V", "IX", "X", "XIV", "XL"]


def test_dates_as_the_decree_writes_them():
    assert vn_date_words(datetime.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert vn_date_words(datetime.date(2025, 3, 17)) == "ngày 17 tháng 3 năm 2025"
    assert vn_date_words(datetime.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


@pytest.fixture
def issuer():
    return DocumentIssuer(parent_body="UBND TỈNH LÂM ĐỒNG", body="SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                          name_in_text="Sở Nông nghiệp và Môi trường", place="Lâm Đồng", report_symbol="BC-SNNMT",
                          plan_symbol="KH-SNNMT", list_symbol="", signer_authority="KT.",
                          signer_authority_of="GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", recipients="Như trên;\nLưu: VT.")


def test_blocks_come_from_the_issuer_of_any_level(issuer):
    """A province's office after the two-tier reform: nothing in the code names a district."""
    doc = Document(issuer=issuer, kind=DocumentKind.REPORT, subject="Kết quả ngày 15/03/2025",
                   issued_on=datetime.date(2025, 3, 17))
    assert doc.title == "BÁO CÁO" and doc.number_line == "Số: " + "\u00a0" * 10 + "/BC-SNNMT"
    assert doc.place_date == "Lâm Đồng, ngày 17 tháng 3 năm 2025"
    assert issuer.authority_line == "KT. GIÁM ĐỐC" and doc.recipient_lines == ["Như trên", "Lưu: VT"]
    first, second = doc.add_appendix("a", "Bảng 1"), doc.add_appendix("b", "Bảng 2")
    assert (first.label, second.label) == ("Phụ lục I", "Phụ lục II")
    assert doc.appendix_reference.startswith("(Kèm theo Báo cáo số ")
    assert doc.appendix_reference.endswith("/BC-SNNMT ngày 17 tháng 3 năm 2025 của Sở Nông nghiệp và Môi trường)")
    assert doc.subject_lines == ["Kết quả ngày\u00a015/03/2025"]
    listing = Document(issuer=issuer, kind=DocumentKind.LIST, subject="x", issued_on=datetime.date(2025, 3, 17))
    assert listing.number_line == ""  # the unit does not number its lists


def test_a_long_subject_is_set_in_balanced_lines(issuer):
    subject = ("Kết quả thực hiện “Ngày thứ Bảy vì nông thôn mới, đô thị văn minh” tại các xã, phường "
               "ngày 15/03/2025")
    lines = Document(issuer=issuer, kind=DocumentKind.REPORT, subject=subject,
                     issued_on=datetime.date(2025, 3, 17)).subject_lines
    assert len(lines) == 2 and " ".join(lines).replace("\u00a0", " ") == subject
    assert abs(len(lines[0]) - len(lines[1])) < 20 and lines[-1].endswith("ngày\u00a015/03/2025")
