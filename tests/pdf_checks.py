"""Checks of a PDF against the layout of Nghị định 30/2020/NĐ-CP, read back with pdfplumber and pypdf."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
from fontTools.ttLib import TTFont
from pypdf import PdfReader

MM = 72 / 25.4
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def pages_text(pdf_bytes: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def check_margins(pdf: pdfplumber.PDF) -> None:
    """Everything but the page number inside top/bottom 20 mm, left 30 mm, right 15 mm, portrait or landscape.

    Page numbers: centred in the top margin, none on the first page; each appendix numbers its own
    pages again from 1, its first page without a number."""
    counter = 0
    for number, page in enumerate(pdf.pages, start=1):
        body = [c for c in page.chars if c["top"] >= TOP - 0.5]
        margin_text = "".join(c["text"] for c in page.chars if c["top"] < TOP - 0.5).strip()
        counter = 1 if re.match(r"Phụ lục [IVX]+\n", (page.extract_text() or "") + "\n") else counter + 1
        assert margin_text == ("" if counter == 1 else str(counter)), (number, counter, margin_text)
        assert body, f"page {number} is empty"
        assert min(c["x0"] for c in body) >= LEFT - 0.5, (number, min(c["x0"] for c in body) / MM)
        assert max(c["x1"] for c in body) <= page.width - RIGHT + 0.5, (number, (page.width - max(c["x1"] for c in body)) / MM)
        assert max(c["bottom"] for c in body) <= page.height - BOTTOM + 0.5, number
        for shape in page.rects + page.lines:
            assert shape["x0"] >= LEFT - 1 and shape["x1"] <= page.width - RIGHT + 1, (number, shape["x0"], shape["x1"])


def check_fonts(pdf_bytes: bytes, pdf: pdfplumber.PDF) -> None:
    """Every character set in the document's own font, and that font is Liberation Serif embedded."""
    names = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    assert names <= {"NtmSerif", "NtmSerif-Bold", "NtmSerif-Italic", "NtmSerif-Bold-Italic"}, names
    families = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            families.add(program["name"].getDebugName(1))
    assert families == {"Liberation Serif"}, families


def _thin_rects(page, top_max: float):
    return [r for r in page.rects if r["height"] < 1.5 and r["width"] > 10 and r["top"] < top_max]


def check_rules(pdf: pdfplumber.PDF, kind_title: str) -> None:
    """Page 1: a rule under the issuing body (1/3–1/2 of its line), one as long as the Tiêu ngữ,
    and one under the trích yếu (1/3–1/2 of its longest line), each centred on its text."""
    page = pdf.pages[0]
    lines = page.extract_text_lines()
    kind = next(ln for ln in lines if ln["text"].strip() == kind_title)
    rules = sorted(_thin_rects(page, kind["top"] + 200), key=lambda r: r["top"])
    motto_chars = [c for c in page.chars if c["x0"] > page.width / 2 and c["top"] < kind["top"]]
    motto_line = [ln for ln in lines if "Độc lập - Tự do - Hạnh phúc" in ln["text"]][0]
    motto = [c for c in motto_chars if abs(c["top"] - motto_line["top"]) < 3 and c["x0"] > page.width * 0.45]
    mx0, mx1 = min(c["x0"] for c in motto), max(c["x1"] for c in motto)
    motto_rule = next(r for r in rules if r["top"] > motto_line["top"] and r["x0"] > page.width * 0.45)
    assert abs(motto_rule["x0"] - mx0) < 2 and abs(motto_rule["x1"] - mx1) < 2, (motto_rule, mx0, mx1)
    national_x0 = next(w["x0"] for w in page.extract_words() if w["text"] == "CỘNG")  # start of the Quốc hiệu
    issuer_rule = next(r for r in rules if r["x1"] < national_x0 and r["top"] < kind["top"])
    issuer_chars = [c for c in page.chars if c["x1"] < national_x0 and c["bottom"] <= issuer_rule["top"] + 0.5
                    and c["fontname"].endswith("Bold")]
    _check_third(issuer_rule, issuer_chars)
    subject_rule = next(r for r in rules if r["top"] > kind["bottom"])
    subject_chars = [c for c in page.chars if kind["bottom"] <= c["top"] and c["bottom"] <= subject_rule["top"] + 0.5]
    _check_third(subject_rule, subject_chars)


def _check_third(rule, chars) -> None:
    by_line: dict[int, list] = {}
    for c in chars:
        by_line.setdefault(round(c["top"]), []).append(c)
    widest = max(by_line.values(), key=lambda cs: max(c["x1"] for c in cs) - min(c["x0"] for c in cs))
    x0, x1 = min(c["x0"] for c in widest), max(c["x1"] for c in widest)
    ratio = rule["width"] / (x1 - x0)
    assert 1 / 3 - 0.01 <= ratio <= 1 / 2 + 0.01, ratio
    assert abs((rule["x0"] + rule["x1"]) / 2 - (x0 + x1) / 2) < 3, "rule not centred on its text"


def check_tables(pdf: pdfplumber.PDF, header_first_cell: str = "TT") -> int:
    """Each page of a numbered table begins with its header; rows are numbered 1..n with none split
    (a split row would leave a continuation with an empty number cell). Returns the rows seen."""
    seen = 0
    numbers: list[int] = []
    for page in pdf.pages:
        for table in page.extract_tables():
            if not table:
                continue
            first_cell = (table[0][0] or "").strip()
            # A numbered table continued on this page without its header row: the header was not repeated.
            assert not re.fullmatch(r"\d+(\.\d+)?", first_cell), f"table without its header on page {page.page_number}"
            if first_cell not in (header_first_cell, "STT"):
                continue
            for index, row in enumerate(table[1:]):
                first = (row[0] or "").strip()
                if not first:
                    # Only a totals row goes unnumbered; a row continued from the previous page would
                    # open the page's table without its number.
                    assert index > 0 or len(table) == 2, f"row split across pages: {row}"
                    continue
                if re.fullmatch(r"\d+", first):
                    numbers.append(int(first))
                seen += 1
    runs, current = [], []
    for n in numbers:
        if n == 1 and current:
            runs.append(current)
            current = []
        current.append(n)
    if current:
        runs.append(current)
    for run in runs:
        assert run == list(range(1, len(run) + 1)), run
    return seen


def check_appendices(pdf: pdfplumber.PDF, count: int, kind_name: str) -> None:
    """Appendices I, II, … in order, each on a landscape page with its reference, each referred to from the body."""
    texts = [page.extract_text() or "" for page in pdf.pages]
    found = []
    for page, text in zip(pdf.pages, texts, strict=True):
        head = re.search(r"^Phụ lục ([IVX]+)$", text, re.M)
        if head:
            found.append(head.group(1))
            assert page.width > page.height, f"appendix {head.group(1)} not landscape"
            assert f"(Kèm theo {kind_name} số" in " ".join(text.split()), head.group(1)
    assert found == ROMAN[:count], found
    first_appendix = next(i for i, t in enumerate(texts) if re.search(r"^Phụ lục I$", t, re.M))
    body = " ".join(" ".join(texts[:first_appendix]).split())
    for numeral in ROMAN[:count]:
        assert f"Phụ lục {numeral}" in body, f"Phụ lục {numeral} is not referred to from the body"


def check_document(pdf_bytes: bytes, *, kind_title: str, appendices: int = 0, kind_name: str = "") -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert abs(pdf.pages[0].width - 595.28) < 1 and abs(pdf.pages[0].height - 841.89) < 1  # A4 portrait
        check_margins(pdf)
        check_fonts(pdf_bytes, pdf)
        check_rules(pdf, kind_title)
        check_tables(pdf)
        if appendices:
            check_appendices(pdf, appendices, kind_name)
        return [page.extract_text() or "" for page in pdf.pages]


def save_first_page(pdf_bytes: bytes, name: str) -> Path | None:
    """var/screenshots/<name>.pdf and its first page as PNG (poppler's pdftoppm), to look at."""
    out = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.pdf").write_bytes(pdf_bytes)
    if shutil.which("pdftoppm") is None:
        return None
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(out / f"{name}.pdf"),
                    str(out / name)], check=True)
    return out / f"{name}.png"
