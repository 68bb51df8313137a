"""Before and after: the figures on the page, in the workbook and in the PDF, recomputed here by hand."""

import datetime
import io
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from criteria.models import AssessmentStatus, Indicator
from directory.models import Commune

pytestmark = pytest.mark.django_db

BEFORE, AFTER = datetime.date(2023, 1, 18), datetime.date(2023, 7, 31)
# commune name → (statuses at 18/01/2023, statuses at 31/07/2023); unnamed indicators are met.
PLAN = {
    "Gia Bắc": ({"2.1": "not_met", "2.2": "not_met", "10": "not_met", "17.4": "approaching"},
                {"2.2": "approaching", "17.4": "not_met"}),
    "Sơn Điền": ({"11": "not_met", "5": "approaching", "13.1": "not_met"},
                 {"11": "not_met", "13.1": "approaching"}),
    "Hòa Ninh": ({}, {}),
}
QUERY = {"date_before": "18/01/2023", "date_after": "31/07/2023"}


@pytest.fixture
def history(commune_set, commune_officer, assess):
    for name, (before, after) in PLAN.items():
        commune = Commune.objects.get(name=name)
        assess(criteria_set=commune_set, unit=commune, as_of=BEFORE - datetime.timedelta(days=3), actor=commune_officer,
               statuses=before)
        assess(criteria_set=commune_set, unit=commune, as_of=AFTER, actor=commune_officer, statuses=after)
    # Not verified, or after the second date: neither counts.
    gia_bac = Commune.objects.get(name="Gia Bắc")
    assess(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2023, 5, 1), actor=commune_officer,
           default="not_met", status=AssessmentStatus.SUBMITTED)
    assess(criteria_set=commune_set, unit=gia_bac, as_of=datetime.date(2023, 8, 1), actor=commune_officer,
           default="not_met")


def expected(commune_set):
    """Criteria met per commune and communes per criterion, from PLAN alone (a criterion = code prefix)."""
    codes = list(Indicator.objects.filter(criteria_set=commune_set).values_list("code", flat=True))
    per_commune, per_criterion, moves = {}, [Counter(), Counter()], {}
    rank = {"not_met": 0, "approaching": 1, "met": 2}
    for name, plans in PLAN.items():
        counts = []
        for side, plan in enumerate(plans):
            failing = {code.split(".")[0] for code, status in plan.items() if status != "met"}
            met = {str(n) for n in range(1, 20)} - failing
            counts.append(len(met))
            per_criterion[side].update(met)
        per_commune[name] = tuple(counts)
        before, after = plans
        up = sum(1 for c in codes if rank[after.get(c, "met")] > rank[before.get(c, "met")])
        down = sum(1 for c in codes if rank[after.get(c, "met")] < rank[before.get(c, "met")])
        moves[name] = (up, down)
    return per_commune, per_criterion, moves


def test_page_figures(login, coordinator, commune_set, history):
    response = login(coordinator).get(reverse("criteria:compare"), QUERY)
    comparison = response.context["comparison"]
    per_commune, per_criterion, moves = expected(commune_set)
    rows = {c.commune.name: c for c in comparison.communes}
    for name, (met_before, met_after) in per_commune.items():
        assert (rows[name].met_before, rows[name].met_after) == (met_before, met_after), name
        assert (len(rows[name].improved), len(rows[name].worsened)) == moves[name], name
    assert per_commune["Gia Bắc"] == (16, 17)  # 2, 10, 17 → 17 only
    for row in comparison.criteria:
        n = str(row.criterion.number)
        assert (row.met_before, row.met_after) == (per_criterion[0][n], per_criterion[1][n]), n
    assert rows["Tân Lâm"].before is None and rows["Tân Lâm"].met_after == 0
    assert comparison.full_before == 1 and comparison.full_after == 1  # Hòa Ninh only
    html = response.content.decode()
    assert "↑ 2.1" in html and "↓ 17.4" in html
    assert "Từ 18/01/2023 đến 31/07/2023: 5 lượt chỉ tiêu tiến bộ, 1 lượt giảm." in html


def test_one_commune_only(login, commune_officer, commune_set, history, hoa_ninh):
    response = login(commune_officer).get(reverse("criteria:compare"), {**QUERY, "commune": hoa_ninh.pk})
    assert [c.commune.name for c in response.context["comparison"].communes] == ["Hòa Ninh"]
    # A commune officer cannot pick another commune: the form refuses it.
    gia_bac = Commune.objects.get(name="Gia Bắc")
    response = login(commune_officer).get(reverse("criteria:compare"), {**QUERY, "commune": gia_bac.pk})
    assert response.context["comparison"] is None


def test_dates_must_be_in_order(login, coordinator, commune_set):
    response = login(coordinator).get(reverse("criteria:compare"),
                                      {"date_before": "31/07/2023", "date_after": "18/01/2023"})
    assert "Ngày sau phải sau ngày trước." in response.content.decode()


def test_workbook_cells(login, coordinator, commune_set, history):
    response = login(coordinator).get(reverse("criteria:compare_xlsx"), QUERY)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    per_commune, per_criterion, moves = expected(commune_set)
    sheet = book["Theo tiêu chí"]
    assert sheet["A1"].value == "So sánh kết quả thực hiện Bộ tiêu chí: 18/01/2023 và 31/07/2023"
    body = {row[0]: row for row in sheet.iter_rows(min_row=5, max_row=23, values_only=True)}
    for n in range(1, 20):
        assert body[n][2:5] == (per_criterion[0][str(n)], per_criterion[1][str(n)],
                                per_criterion[1][str(n)] - per_criterion[0][str(n)])
    by_commune = {row[0]: row for row in book["Theo xã"].iter_rows(min_row=2, values_only=True)}
    assert by_commune["Xã Gia Bắc"][1:] == (16, 17, 1, *moves["Gia Bắc"])
    assert by_commune["Xã Tân Lâm"][1:3] == (None, None)
    moved = [row for row in book["Chỉ tiêu thay đổi"].iter_rows(min_row=2, values_only=True)]
    assert ("Xã Gia Bắc", "17.4") in {(r[0], r[1]) for r in moved}
    assert {r[7] for r in moved if r[:2] == ("Xã Gia Bắc", "17.4")} == {"Giảm"}


def test_pdf_is_a_report_in_the_decree_layout(login, coordinator, commune_set, history, district):
    from directory.demo import seed_issuers
    from directory.models import Commune
    from tests.pdf_checks import check_document, save_first_page

    seed_issuers(district=district, communes=list(Commune.objects.filter(parent=district)))
    response = login(coordinator).get(reverse("criteria:compare_pdf"), QUERY)
    assert response["Content-Type"] == "application/pdf"
    save_first_page(response.content, "criteria_comparison")
    pages = check_document(response.content, kind_title="BÁO CÁO", appendices=2, kind_name="Báo cáo")
    text = " ".join(" ".join(pages).split())
    for phrase in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND HUYỆN DI LINH",
                   "PHÒNG NÔNG NGHIỆP VÀ PTNT", "Thủy lợi và phòng, chống thiên tai", "Xã Gia Bắc",
                   "so sánh ngày 18/01/2023 và ngày 31/07/2023", "KT. TRƯỞNG PHÒNG", "Nguyễn Văn Bình"]:
        assert phrase in text, phrase
    # The signer is the issuing unit's, not the user who pressed the button (printed "Điều Trần Văn" before).
    assert coordinator.get_full_name() not in text or coordinator.get_full_name() == "Nguyễn Văn Bình"
    # The total row carries its change like every criterion, as the workbook does.
    total = [ln for page in pages for ln in page.splitlines() if ln.startswith("Số xã đạt đủ 19 tiêu chí ")][-1]
    assert total.endswith("tiêu chí 1 1 0"), total  # before, after, change (the change cell was blank)
