"""The office's follow-up report takes in the members' reports of the period (h18b's
directives.selectors.members.period_report_status): who filed, who did not."""

import datetime
import io

import openpyxl
import pytest

from directives import member_services
from directives.followup import followup_pdf, followup_xlsx
from directives.models import ReportFrequency
from directives.schedule import period_ending
from directives.selectors.tasks import followup_data
from tests.directives.conftest import LAST_END
from tests.pdf_checks import pages_text

pytestmark = pytest.mark.django_db


def test_the_followup_lists_members_without_a_report(frozen, bcd, district, tasks):
    period = period_ending(ReportFrequency.TWICE_MONTHLY, LAST_END)
    user = bcd.deputy_a.user
    report = member_services.member_report_open(membership=bcd.deputy_a, period=period, actor=user)
    report = member_services.member_report_save(report=report, actor=user, content="Đã về xã Hòa Ninh kiểm tra.")
    member_services.member_report_submit(report=report, actor=user, token="t1")

    data = followup_data(unit=district, period_start=datetime.date(2025, 9, 1), period_end=datetime.date(2025, 9, 15))
    status = {m.member: m.is_missing for m in data.members}
    assert status == {"Nguyễn Văn Trưởng": True, "Trần Phó Một": False, "Lê Phó Hai": True, "Phạm Thành Viên": True}
    assert data.members_missing == 3
    text = " ".join(" ".join(pages_text(followup_pdf(data))).split())
    assert "4. Báo cáo của các thành viên Ban Chỉ đạo" in text and "3 lượt không có báo cáo" in text
    assert "Lê Phó Hai" in text
    sheet = openpyxl.load_workbook(io.BytesIO(followup_xlsx(data)))["Thành viên BCĐ"]
    rows = {r[0].value: r[3].value for r in sheet.iter_rows(min_row=4) if r[0].value}
    assert rows["Trần Phó Một"] == "Báo cáo muộn"  # filed on 20/09 for the 14th and rows["Lê Phó Hai"] == "Không có báo cáo"
