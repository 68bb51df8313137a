"""Reading the text out of a document's file: PDF text layer, Word, Excel, plain text, and scans
through Tesseract's Vietnamese model where it is installed (otherwise a person pastes the text).

The file is recognised by its content, not its name; anything else is refused in Vietnamese.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ntm_portal import limits

from .models import TextSource

PDF, DOCX, XLSX, IMAGE, TEXT = "pdf", "docx", "xlsx", "image", "text"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    TEXT: "text/plain; charset=utf-8",
}
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff", "BMP": "image/bmp",
               "GIF": "image/gif", "WEBP": "image/webp"}
OCR_TIMEOUT_SECONDS = 120


def file_format(data: bytes) -> tuple[str, str]:
    """(format, content type) of an uploaded file, read from its bytes; ValidationError otherwise."""
    if data.startswith(b"%PDF"):
        return PDF, CONTENT_TYPES[PDF]
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return DOCX, CONTENT_TYPES[DOCX]
        if "xl/workbook.xml" in names:
            return XLSX, CONTENT_TYPES[XLSX]
        raise ValidationError(_("Tệp nén này không phải tệp Word (.docx) hay Excel (.xlsx)."), code="format")
    image = _image_format(data)
    if image:
        return IMAGE, IMAGE_TYPES[image]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Không nhận ra loại tệp. Thư viện nhận tệp PDF, Word (.docx), Excel (.xlsx), "
                                "ảnh chụp/quét (PNG, JPEG, TIFF) hoặc văn bản thuần (UTF-8)."),
                              code="format") from None
    if "\x00" in text:
        raise ValidationError(_("Tệp văn bản thuần có ký tự lạ (không phải UTF-8)."), code="format")
    return TEXT, CONTENT_TYPES[TEXT]


def _image_format(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.format if image.format in IMAGE_TYPES else None
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def check_size(size: int) -> None:
    if size > limits.LIBRARY_FILE_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn: %(size)s MB (tối đa %(max)s MB).")
            % {"size": f"{size / 1048576:.1f}".replace(".", ","), "max": limits.LIBRARY_FILE_MAX_BYTES // 1048576},
            code="size")
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")


def clean_text(text: str) -> str:
    """NFC, no NUL, no trailing spaces, at most two blank lines in a row."""
    text = unicodedata.normalize("NFC", (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    out, blank = [], 0
    for line in lines:
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            out.append(line)
    return "\n".join(out).strip()[: limits.LIBRARY_TEXT_MAX_CHARS]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[: limits.LIBRARY_PDF_MAX_PAGES])
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("Không đọc được tệp PDF (%(error)s).") % {"error": str(error)[:100]},
                              code="pdf") from error


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value not in (None, "")]
            if cells:
                parts.append(" | ".join(cells))
    book.close()
    return "\n".join(parts)


def ocr_available() -> bool:
    """Tesseract and its Vietnamese model are installed (Debian: tesseract-ocr, tesseract-ocr-vie)."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        return False
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in listed.stdout.split()


def ocr_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".img") as image:
        image.write(data)
        image.flush()
        try:
            result = subprocess.run([shutil.which("tesseract"), image.name, "-", "-l", "vie"], capture_output=True,
                                    timeout=OCR_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return ""
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def extract_text(data: bytes, pasted: str = "") -> tuple[str, str, str]:
    """(text, text source, content type) of a file's bytes (and the text a person pasted, which
    wins when given: it is what the person read). An image without OCR and without pasted text
    has no text yet (TextSource.NONE)."""
    check_size(len(data))
    kind, content_type = file_format(data)
    pasted = clean_text(pasted)
    if pasted:
        return pasted, TextSource.PASTED, content_type
    if kind == PDF:
        text, source = pdf_text(data), TextSource.PDF_TEXT
        if not text.strip() and ocr_available():
            text, source = _ocr_pdf(data), TextSource.OCR
    elif kind == DOCX:
        text, source = docx_text(data), TextSource.DOCX
    elif kind == XLSX:
        text, source = xlsx_text(data), TextSource.XLSX
    elif kind == IMAGE:
        text, source = (ocr_text(data), TextSource.OCR) if ocr_available() else ("", TextSource.NONE)
    else:
        text, source = data.decode("utf-8-sig"), TextSource.PLAIN
    text = clean_text(text)
    return text, (source if text else TextSource.NONE), content_type


def _ocr_pdf(data: bytes) -> str:
    """A scanned PDF (no text layer): its page images through Tesseract (pdftoppm when present)."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        return ""
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/in.pdf"
        with open(source, "wb") as handle:
            handle.write(data)
        try:
            subprocess.run([pdftoppm, "-r", "300", "-png", "-l", str(limits.LIBRARY_PDF_MAX_PAGES), source,
                            f"{folder}/page"], check=True, timeout=OCR_TIMEOUT_SECONDS)
        except (subprocess.SubprocessError, OSError):
            return ""
        import pathlib

        pages = sorted(pathlib.Path(folder).glob("page*.png"))
        return "\n".join(ocr_text(page.read_bytes()) for page in pages)
