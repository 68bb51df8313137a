"""One data object, two documents: the figures computed here from the raw rows must appear in the
data object, in the text of the PDF and in the cells of the workbook."""

import io
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pdfplumber
import pytest
from django.db.models import F
from django.utils import timezone

from campaigns.models import ActionDay, DayReport, TaskResult, VillageResult
from directory.demo import seed_issuers
from directory.models import Commune
from directory.services import issuer_save
from ntm_portal.documents import vn_date_words
from reporting.formatting import vn_number, vn_percent
from reporting.rollup import build_weekly_rollup, data_version
from reporting.rollup_pdf import rollup_pdf
from reporting.rollup_xlsx import put, rollup_xlsx

pytestmark = pytest.mark.django_db

FILED = [DayReport.Status.SUBMITTED, DayReport.Status.ACCEPTED]


def raw_expected(action_day):
    e = defaultdict(Decimal)
    for vr in VillageResult.objects.filter(report__action_day=action_day, report__status__in=FILED):
        for name in ("residents", "households", "households_total", "commune_staff", "waste_kg", "waste_m3"):
            e[name] += getattr(vr, name) or 0
        e["villages"] += 1
    e["filed"] = DayReport.objects.filter(action_day=action_day, status__in=FILED).count()
    e["road"] = sum(t.quantity for t in TaskResult.objects.filter(
        village_result__report__action_day=action_day, village_result__report__status__in=FILED,
        task_type__code="ve-sinh-duong"))
    return e


@pytest.fixture
def rollup(week, district, action_day):
    seed_issuers(district=district, communes=list(Commune.objects.filter(parent=district)))
    return build_weekly_rollup(district=district, action_day=action_day)


def test_data_object_pdf_and_workbook_say_the_same(rollup, action_day, week):
    e = raw_expected(action_day)
    t = rollup.totals
    assert (t.residents, t.households, t.households_total, t.commune_staff) == (
        e["residents"], e["households"], e["households_total"], e["commune_staff"])
    assert (t.waste_kg, t.waste_m3, t.filed, t.villages_reported) == (e["waste_kg"], e["waste_m3"], 2, e["villages"])
    rate = (Decimal(100) * e["households"] / e["households_total"]).quantize(Decimal("0.1"))
    assert t.participation_rate == rate
    road = next(c for c in rollup.task_columns if c.name.startswith("Vệ sinh"))
    assert t.task_quantity(road.task_type_id) == e["road"]

    with pdfplumber.open(io.BytesIO(rollup_pdf(rollup))) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    text = " ".join(" ".join(pages).split())
    assert "UBND HUYỆN DI LINH" in text and "PHÒNG NÔNG NGHIỆP VÀ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "/BC-NN" in text and "BÁO CÁO" in text and "Nơi nhận:" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "II. TỒN TẠI, HẠN CHẾ" in text and "III. ĐỀ XUẤT" in text
    assert f"có 2 xã trên tổng số {t.units} xã, thị trấn báo cáo kết quả (1 đúng hạn, 1 trễ hạn)" in text
    assert f"Tổng số {vn_number(e['residents'])} lượt người dân, {vn_number(e['households'])} hộ tham gia" in text
    assert f"(đạt {vn_percent(rate)} số hộ" in text
    assert f"Thu gom {vn_number(e['waste_kg'])} kg và {vn_number(e['waste_m3'])} m³ rác thải" in text
    assert f"vệ sinh, quét dọn đường thôn {vn_number(e['road'])} m" in text
    # Section II is written from the data: the draft and returned communes are named as not filed.
    assert week["draft_commune"].name in text and "Chi nhánh Ngân hàng Chính sách" in text
    assert not pages[0].startswith("1") and pages[1].strip().startswith("2")  # page numbers from page 2

    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup)))
    assert book.sheetnames == ["Tổng hợp", "Theo xã", "Theo thôn", "Cơ quan - đơn vị", "Kiến nghị", "Quỹ thôn",
                               "Dữ liệu chi tiết"]
    communes = book["Theo xã"]
    headers = [c.value for c in communes[3]]
    total_row = [c.value for c in communes[communes.max_row]]
    assert total_row[2] == "Tổng cộng"
    assert total_row[headers.index("Người dân")] == e["residents"]
    assert total_row[headers.index("Hộ tham gia")] == e["households"]
    assert total_row[headers.index("Rác thải (kg)")] == float(e["waste_kg"])
    assert total_row[headers.index("Vệ sinh, quét dọn đường thôn (m)")] == e["road"]
    assert communes.freeze_panes == "A4" and communes.auto_filter.ref.startswith("A3:")
    assert int(communes.page_setup.paperSize) == 9 and communes.page_setup.orientation == "landscape"  # A4
    summary = {row[0].value: row for row in book["Tổng hợp"].iter_rows(min_row=4)}
    assert summary["Người dân tham gia"][2].value == e["residents"]
    assert isinstance(summary["Người dân tham gia"][2].value, int)
    details = book["Dữ liệu chi tiết"]
    assert sum(r[5].value for r in details.iter_rows(min_row=4) if r[3].value == "Người dân tham gia") == e["residents"]


def test_formula_injection_cannot_run(rollup):
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup)))
    texts = [row[3] for row in book["Kiến nghị"].iter_rows(min_row=4)]
    cell = next(c for c in texts if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    ws = openpyxl.Workbook().active
    for i, dangerous in enumerate(["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "bình thường"], start=1):
        put(ws, i, 1, dangerous)
    out = io.BytesIO()
    ws.parent.save(out)
    again = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert [again.cell(i, 1).data_type for i in range(1, 8)] == ["s"] * 7
    assert again.cell(1, 1).value == "=1+1"


def test_data_version_follows_the_data_not_the_issue_date(rollup, week, district, action_day):
    again = build_weekly_rollup(district=district, action_day=action_day)
    again.issued_on = again.issued_on.replace(year=2030)
    assert data_version(again) == data_version(rollup)
    VillageResult.objects.filter(report=week["reports"]["late"]).update(residents=F("residents") + 1)
    assert data_version(build_weekly_rollup(district=district, action_day=action_day)) != data_version(rollup)


def test_builder_costs_a_fixed_number_of_queries(week, district, action_day, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as ctx:
        build_weekly_rollup(district=district, action_day=action_day)
    first = len(ctx.captured_queries)
    # One more filed commune (more rows to sum) costs no more queries.
    DayReport.objects.filter(pk=week["reports"]["draft"].pk).update(status=DayReport.Status.SUBMITTED,
                                                                     first_submitted_at=timezone.now())
    with django_assert_max_num_queries(first):
        build_weekly_rollup(district=district, action_day=action_day)


def test_header_and_signatory_come_from_the_units_issuing_data(rollup, district, coordinator):
    issuer_save(unit=district, actor=coordinator, parent_body="UBND HUYỆN ĐƠN DƯƠNG", body="PHÒNG KINH TẾ",
                name_in_text="Phòng Kinh tế", place="Đơn Dương", report_symbol="BC-PKT", signer_authority="KT.",
                signer_authority_of="TRƯỞNG PHÒNG", signer_title="PHÓ TRƯỞNG PHÒNG", signer_name="Nguyễn Văn Bình",
                recipients="Như trên\nLưu: VT")
    rollup = build_weekly_rollup(district=district, action_day=ActionDay.objects.get(pk=rollup.action_day_id))
    with pdfplumber.open(io.BytesIO(rollup_pdf(rollup))) as pdf:
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for expected in ("UBND HUYỆN ĐƠN DƯƠNG", "PHÒNG KINH TẾ", "/BC-PKT", "KT. TRƯỞNG PHÒNG", "Nguyễn Văn Bình",
                     "- Như trên;", "- Lưu: VT.", "của Phòng Kinh tế)",
                     f"Đơn Dương, {vn_date_words(rollup.issued_on)}"):
        assert expected in text, expected
    assert "Di Linh, ngày" not in text and "PHÒNG NÔNG NGHIỆP" not in text
