"""The roll-up PDF in the layout of Nghị định 30/2020/NĐ-CP: margins, font, rules, rows, appendices,
and what its figures mean."""

import io
import re

import pdfplumber
import pytest

from directory.demo import seed_issuers
from directory.models import Commune
from reporting.rollup import build_weekly_rollup
from reporting.rollup_pdf import rollup_pdf
from tests.pdf_checks import check_document, check_tables, save_first_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(week, district, action_day):
    seed_issuers(district=district, communes=list(Commune.objects.filter(parent=district)))
    rollup = build_weekly_rollup(district=district, action_day=action_day)
    return rollup, rollup_pdf(rollup)


def test_rollup_pdf_is_a_report_in_the_decree_layout(pdf):
    rollup, content = pdf
    save_first_page(content, "rollup")
    pages = check_document(content, kind_title="BÁO CÁO", appendices=4, kind_name="Báo cáo")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert check_tables(pdf) >= len(rollup.communes) + len(rollup.agencies)  # the rows were read, not skipped
    text = " ".join(" ".join(pages).split())
    # The issuing block and the signature come from the unit's data (seeded for the demo).
    for phrase in ("UBND HUYỆN DI LINH", "PHÒNG NÔNG NGHIỆP VÀ PTNT", "Số: ", "/BC-NN", "KT. TRƯỞNG PHÒNG",
                   "PHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Bình", "- Lưu: VT, NN.",
                   "(Kèm theo Báo cáo số", "của Phòng Nông nghiệp và PTNT)"):
        assert phrase in text, phrase
    assert re.search(r"Di Linh, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", text)
    # The authority line stands on its own line above the title.
    lines = [ln.strip() for page in pages for ln in page.splitlines()]
    assert any(ln.endswith("KT. TRƯỞNG PHÒNG") for ln in lines)
    assert any(ln.endswith("PHÓ TRƯỞNG PHÒNG") and "KT." not in ln for ln in lines)


def test_rollup_staff_figure_says_what_it_means(pdf):
    rollup, content = pdf
    t = rollup.totals
    text = " ".join(" ".join(check_document(content, kind_title="BÁO CÁO")).split())
    # Only the two filed communes count for presence; the others' staff are "sent", not "absent".
    assert t.agency_staff_listed_filed < t.agency_staff_listed or t.agency_staff_listed_not_filed == 0
    expected = (f"{t.agency_staff_present}/{t.agency_staff_listed_filed} cán bộ các cơ quan, đơn vị được cử có mặt "
                f"ở 2 xã đã báo cáo; 16 xã, 1 thị trấn chưa báo cáo ({t.agency_staff_listed_not_filed} cán bộ được cử)")
    assert expected in text
    # A thị trấn is not counted among the xã, and unit types are lower case inside a sentence.
    assert "Còn 16 xã, 1 thị trấn chưa báo cáo kết quả: xã " in text
    assert "thị trấn Di Linh" in text


def test_rollup_order_is_vietnamese(pdf):
    rollup, _content = pdf
    names = [c.commune_name for c in rollup.communes]
    assert names.index("Xã Bảo Thuận") < names.index("Xã Đinh Lạc") < names.index("Xã Gia Bắc")
    assert names.index("Xã Đinh Trang Thượng") < names.index("Xã Gia Bắc")  # Đ after D, before G
