# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""Every workbook the portal writes, opened with openpyxl and printed by LibreOffice.

The portal has one workbook writer (ntm_portal/workbooks.py): safe cells (issue 12 A3), A4 page
set-up one page wide, header rows repeated and tall enough, Vietnamese number formats,
percentages as 30 % / 30,0 %, dates dd/mm/yyyy, "Trang x/y" in the footer.
"""

import datetime
import io
import pathlib
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import RosterEntry
from criteria.models import AssessmentStatus
from directory.models import Commune, Person, Village
from ntm_portal.workbooks import FORMULA_START, NUMBER_FORMATS, Percent, new_workbook, put, workbook_bytes
from reporting.rollup import build_weekly_rollup
from reporting.rollup_xlsx import rollup_xlsx
from tests.conftest import require_service
from tests.criteria.conftest import assess, commune_set, sets  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

REPO = pathlib.Path(__file__).resolve().parents[2]
DANGEROUS_NAME = '=HYPERLINK("http://x","y")'
DANGEROUS_NAMES = [DANGEROUS_NAME, "=cmd|' /C calc'!A0", "+84 912", "-1+2", "\t=1+1", "\r=1"]
DANGEROUS_POSITION = "@SUM(1+1)"
A4 = 9


@pytest.fixture
def dangerous_people(week, agency, hoa_ninh, action_day):
    """People whose names and positions a spreadsheet could take for formulas, on the roster."""
    roster = hoa_ninh.rosters.get(agency=agency, action_day=action_day)
    people = []
    for i, name in enumerate(DANGEROUS_NAMES):
        person = Person.objects.create(agency=agency, full_name=name, name_folded=name.lower(),
                                       position=DANGEROUS_POSITION, phone=f"09120000{i:02d}", is_party_member=True)
        RosterEntry.objects.create(roster=roster, action_day=action_day, person=person, full_name=name,
                                   position=DANGEROUS_POSITION, phone=person.phone, is_party_member=True)
        people.append(person)
    return people


@pytest.fixture
def criteria_history(commune_set, commune_officer, assess):
    gia_bac = Commune.objects.get(name="Gia Bắc")
    assess(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2023, 1, 15), actor=commune_officer)
    assess(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2023, 7, 31), actor=commune_officer,
           statuses={"2.1": "not_met", "17.4": "approaching"})
    assert commune_set.assessments.filter(status=AssessmentStatus.VERIFIED).count() == 2


def every_workbook(client, *, agency, hoa_ninh, district, action_day) -> dict[str, bytes]:
    """name → the bytes of every kind of workbook the portal hands out."""
    day = action_day.date.isoformat()
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    gets = {
        "dashboard-district": (reverse("dashboards:district"), {"ngay": day, "xuat": "xlsx"}),
        "dashboard-commune": (reverse("dashboards:commune", args=[hoa_ninh.pk]), {"ngay": day, "xuat": "xlsx"}),
        "dashboard-village": (reverse("dashboards:village", args=[village.pk]), {"xuat": "xlsx"}),
        "dashboard-compliance": (reverse("dashboards:compliance"), {"ngay": day, "xuat": "xlsx"}),
        "roster-template": (reverse("campaigns:roster_template", args=[agency.pk, hoa_ninh.pk, action_day.pk]), {}),
        "commune-roster": (reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk]), {}),
        "criteria-compare": (reverse("criteria:compare_xlsx"), {"date_before": "18/01/2023", "date_after": "31/07/2023"}),
    }
    books = {}
    for name, (url, query) in gets.items():
        response = client.get(url, query)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], name
        books[name] = response.content
    books["rollup"] = rollup_xlsx(build_weekly_rollup(district=district, action_day=action_day))
    return books


@pytest.fixture
def books(login, coordinator, dangerous_people, criteria_history, agency, hoa_ninh, district, action_day):
    return every_workbook(login(coordinator), agency=agency, hoa_ninh=hoa_ninh, district=district,
                          action_day=action_day)


def _cells(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws, cell


def test_every_workbook_prints_on_a4_one_page_wide_with_repeated_headers_and_page_numbers(books):
    for name, content in books.items():
        book = openpyxl.load_workbook(io.BytesIO(content))
        for ws in book.worksheets:
            where = f"{name}/{ws.title}"
            assert int(ws.page_setup.paperSize) == A4, where
            assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, where
            assert ws.sheet_properties.pageSetUpPr.fitToPage is True, where
            assert ws.oddFooter.center.text == "Trang &P/&N", where
            if ws.sheet_state == "visible":
                assert ws.print_title_rows, where
                header_row = int(ws.print_title_rows.split(":")[0].lstrip("$"))
                assert ws.row_dimensions[header_row].height >= 15, where
                assert all(c.font.bold for c in ws[header_row] if c.value is not None), where


def test_no_cell_of_any_workbook_is_a_live_formula(books):
    seen_dangerous = set()
    for name, content in books.items():
        for ws, cell in _cells(openpyxl.load_workbook(io.BytesIO(content))):
            assert cell.data_type != "f", f"{name}/{ws.title}!{cell.coordinate} {cell.value!r}"
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.data_type == "s" and cell.quotePrefix, f"{name}/{ws.title}!{cell.coordinate}"
                seen_dangerous.add((name, cell.value))
    # The names typed as formulas reached the roster workbooks (as text), and the proposal the roll-up.
    assert ("commune-roster", DANGEROUS_NAME) in seen_dangerous
    assert ("roster-template", DANGEROUS_NAME) in seen_dangerous
    assert ("commune-roster", DANGEROUS_POSITION) in seen_dangerous
    assert ("roster-template", DANGEROUS_POSITION) in seen_dangerous
    assert any(name == "rollup" and value.startswith("=HYPERLINK") for name, value in seen_dangerous)


def test_numbers_dates_and_percentages_use_vietnamese_formats(books):
    percents = 0
    for name, content in books.items():
        for ws, cell in _cells(openpyxl.load_workbook(io.BytesIO(content))):
            where = f"{name}/{ws.title}!{cell.coordinate}"
            if isinstance(cell.value, bool):
                continue
            if isinstance(cell.value, (int, float)):
                assert cell.number_format in NUMBER_FORMATS, (where, cell.number_format)
                assert cell.number_format != "0.00%", where
                if cell.number_format.endswith("%"):
                    percents += 1
                    assert 0 <= cell.value <= 1, (where, cell.value)  # a fraction, shown as 30,0 %
            elif isinstance(cell.value, datetime.datetime):
                assert cell.number_format in ("dd/mm/yyyy", "dd/mm/yyyy hh:mm"), (where, cell.number_format)
    assert percents > 0


def test_negative_numbers_stay_numbers_and_text_is_neutralised():
    book = new_workbook()
    ws = book.create_sheet("Thử")
    values = [-3, Decimal("-2.5"), -0.25, "-3", "=1+1", "+1", "@SUM(A1)", "\t=1", "\r=1", "bình thường",
              Percent(Decimal("30.0")), Percent(Decimal("12.5")), Percent(40, decimals=0), datetime.date(2026, 11, 28)]
    for row, value in enumerate(values, start=1):
        put(ws, row, 1, value)
    again = openpyxl.load_workbook(io.BytesIO(workbook_bytes(book)))["Thử"]
    got = [again.cell(r, 1) for r in range(1, len(values) + 1)]
    assert [c.value for c in got[:3]] == [-3, -2.5, -0.25] and {c.data_type for c in got[:3]} == {"n"}
    assert [c.number_format for c in got[:3]] == ["#,##0", "#,##0.0", "#,##0.00"]
    assert all(c.data_type == "s" and c.quotePrefix for c in got[3:9])
    assert [c.value for c in got[3:8]] == ["-3", "=1+1", "+1", "@SUM(A1)", "\t=1"]
    assert got[8].value in ("\r=1", "\n=1")  # XML reads a carriage return back as a line feed
    assert got[9].value == "bình thường" and not got[9].quotePrefix
    assert (got[10].value, got[10].number_format) == (0.3, "0.0%")
    assert (got[11].value, got[11].number_format) == (0.125, "0.0%")
    assert (got[12].value, got[12].number_format) == (0.4, "0%")
    assert got[13].number_format == "dd/mm/yyyy"


def test_no_module_but_the_writer_builds_a_workbook():
    """One workbook writer: nothing else in the portal instantiates openpyxl's Workbook."""
    offenders = []
    for path in REPO.glob("*/**/*.py"):
        parts = path.relative_to(REPO).parts
        if parts[0] in {".venv", "tests", "bench", "var"} or path.name == "workbooks.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text or "from openpyxl import Workbook" in text:
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_libreoffice_prints_every_workbook_on_a4(books, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_service(soffice is not None, "LibreOffice (soffice, Debian package libreoffice-calc)")
    paths = []
    for name, content in books.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(content)
        paths.append(path)
    out = tmp_path / "pdf"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    for path in paths:
        pdf = out / f"{path.stem}.pdf"
        assert pdf.exists(), (path.name, result.stdout, result.stderr)
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 1
        for number, page in enumerate(reader.pages, start=1):
            size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
            assert size == [595, 842], (path.name, size)  # A4, portrait or landscape
            assert f"Trang {number}/{len(reader.pages)}" in page.extract_text(), (path.name, number)
