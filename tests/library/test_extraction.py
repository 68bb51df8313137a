"""Text read from each kind of file, and the metadata reader on the seeds' headers."""

import datetime
import io
import shutil

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw, ImageFont

from library import extraction
from library.metadata import read_header
from library.models import DocumentKind, TextSource
from tests.conftest import require_service
from tests.library.conftest import SEEDS, seed_text


def test_pdf_text_layer():
    text, source, content_type = extraction.extract_text(SEEDS["000"].read_bytes())
    assert source == TextSource.PDF_TEXT and content_type == "application/pdf"
    assert "Ngày thứ Bảy vì nông thôn mới, đô thị văn minh" in " ".join(text.split())
    assert "Nguyễn Hữu Hùng" in text


def test_docx_paragraphs_and_tables():
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Xây dựng khu dân cư kiểu mẫu năm 2024")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Thôn 1", "Đạt chuẩn"
    buffer = io.BytesIO()
    document.save(buffer)
    text, source, content_type = extraction.extract_text(buffer.getvalue())
    assert source == TextSource.DOCX and content_type.endswith("wordprocessingml.document")
    assert text.split("\n") == ["KẾ HOẠCH", "Xây dựng khu dân cư kiểu mẫu năm 2024", "Thôn 1 | Đạt chuẩn"]


def test_xlsx_cells_row_by_row():
    book = openpyxl.Workbook()
    book.active.title = "Tổng hợp"
    book.active.append(["Xã", "Số hộ tham gia"])
    book.active.append(["Hòa Ninh", 120])
    buffer = io.BytesIO()
    book.save(buffer)
    text, source, _type = extraction.extract_text(buffer.getvalue())
    assert source == TextSource.XLSX
    assert text.split("\n") == ["Tổng hợp", "Xã | Số hộ tham gia", "Hòa Ninh | 120"]


def test_plain_text_is_normalised():
    text, source, _type = extraction.extract_text("Số: 422-TB/HU\r\n\r\n\r\n\r\nTHÔNG BÁO  \n".encode())
    assert source == TextSource.PLAIN and text == "Số: 422-TB/HU\n\nTHÔNG BÁO"


def test_pasted_text_wins_over_the_file():
    text, source, _type = extraction.extract_text(SEEDS["000"].read_bytes(), pasted="Bản gõ lại")
    assert (text, source) == ("Bản gõ lại", TextSource.PASTED)


def _scan(words: str) -> bytes:
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 48)
    image = Image.new("RGB", (1400, 160), "white")
    ImageDraw.Draw(image).text((30, 40), words, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_scan_is_read_by_tesseract_vietnamese():
    require_service(extraction.ocr_available(), "Tesseract with its Vietnamese model (tesseract-ocr-vie)")
    text, source, content_type = extraction.extract_text(_scan("Ngày thứ Bảy vì nông thôn mới"))
    assert source == TextSource.OCR and content_type == "image/png"
    assert "nông thôn mới" in text


def test_without_tesseract_a_scan_waits_for_a_pasted_text(monkeypatch):
    monkeypatch.setattr(extraction.shutil, "which", lambda name: None)
    assert not extraction.ocr_available()
    text, source, _type = extraction.extract_text(_scan("Ngày thứ Bảy"))
    assert (text, source) == ("", TextSource.NONE)
    assert extraction.extract_text(_scan("x"), pasted="Ngày thứ Bảy")[:2] == ("Ngày thứ Bảy", TextSource.PASTED)


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02\xff\xfe", "Không nhận ra loại tệp"),
    (b"", "Tệp rỗng"),
    (b"PK\x03\x04not a zip", "không phải tệp Word"),
])
def test_unknown_or_empty_files_are_refused_in_vietnamese(data, message):
    with pytest.raises(ValidationError) as error:
        extraction.extract_text(data)
    assert message in error.value.messages[0]


def test_size_limit_from_limits(settings, monkeypatch):
    monkeypatch.setattr(extraction.limits, "LIBRARY_FILE_MAX_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        extraction.extract_text(b"0123456789ab")
    assert "Tệp quá lớn" in error.value.messages[0]


def test_the_ocr_packages_are_in_the_ci_system_list():
    script = open("scripts/ensure-system.sh", encoding="utf-8").read()
    assert "tesseract-ocr" in script and "tesseract-ocr-vie" in script
    assert shutil.which("bash")


# --- the metadata reader on the seeds' headers ----------------------------------------------------

def test_header_of_the_mangled_scan_001():
    header = read_header(seed_text("001"))
    assert header.number == "422-TB/HU"
    assert header.issued_on == datetime.date(2023, 3, 2)
    assert header.place == "Di Linh"
    assert header.kind == DocumentKind.NOTICE
    assert header.issuing_body == "HUYEN UY DI LINH"
    assert header.subject.startswith("Ket luan Hoi nghi danh gia ket qua phat dong va ra quan")
    assert header.subject.endswith("trén dia ban huyén")
    assert header.signer == "Nguyén Hiru Hung"


def test_header_of_the_clean_text_000():
    header = read_header(seed_text("000"))
    assert header.kind == DocumentKind.NOTICE
    assert header.subject == ("Kết luận Hội nghị đánh giá kết quả phát động và ra quân thực hiện Chương trình "
                              "“Ngày thứ Bảy vì nông thôn mới, đô thị văn minh” trên địa bàn huyện")
    assert header.signer == "Nguyễn Hữu Hùng"
    assert header.number == ""  # the text begins at the kind line: no "Số" to read (not a number from the body)


def test_header_of_the_plan_004():
    header = read_header(seed_text("004"))
    assert (header.number, header.kind, header.issued_on) == ("134-KH/HU", DocumentKind.PLAN, datetime.date(2023, 8, 2))
    assert header.issuing_body == "HUYỆN ỦY DI LINH"
    assert header.subject.startswith("Sơ kết đánh giá kết quả triển khai thực hiện Đề án số 04-ĐA/HU")


def test_header_of_the_notice_without_day_002():
    header = read_header(seed_text("002"))
    assert header.number == "/TB-BCĐXDNTM" and header.kind == DocumentKind.NOTICE
    assert header.place == "Triệu Sơn" and header.issued_on is None  # "ngày   tháng 11 năm 2020": day left blank
    assert header.subject.startswith("Kết luận của đồng chí Bí thư Huyện ủy")
    assert header.signer == "Lê Phú Quốc"


def test_header_of_the_directive_003():
    header = read_header(seed_text("003"))
    assert header.kind == DocumentKind.DIRECTIVE
    assert header.subject == ("Về lãnh đạo xây dựng, nhân rộng và nâng cao chất lượng khu dân cư kiểu mẫu "
                              "giai đoạn 2021-2025")
    assert header.signer == "Trương Văn Tùng"


@pytest.mark.parametrize("line, number", [
    ("Số: 12/QĐ-UBND", "12/QĐ-UBND"),
    ("So 45-KL/TU", "45-KL/TU"),
    ("S0: 7 - CT/HU", "7-CT/HU"),
])
def test_number_variants(line, number):
    assert read_header(f"UBND HUYỆN DI LINH\n{line}\nQUYẾT ĐỊNH\nVề việc X").number == number
