"""The review builder: one task per unit, filing with frozen figures, who has filed, accept/return, and the
district's draft as DOCX (read back with python-docx) and PDF (issue 19 item 4)."""

import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import Agency, Commune, Village
from ntm_portal.models import AuditEntry
from recognition.models import Commendation, CommendationForm, NomineeKind, ReviewReport
from recognition.services import commendations as commendation_services
from recognition.services import reviews as services
from tests.pdf_checks import check_document
from tests.recognition.conftest import H1_2025

pytestmark = pytest.mark.django_db


def test_every_commune_and_agency_gets_its_task(review, district):
    communes = Commune.objects.current(review.period_end).filter(parent=district).count()
    agencies = Agency.objects.filter(owner=district, is_active=True).count()
    assert review.reports.filter(commune__isnull=False).count() == communes > 0
    assert review.reports.filter(agency__isnull=False).count() == agencies > 0
    assert AuditEntry.objects.filter(action="review.create", target_id=str(review.pk)).count() == 1


def test_deadlines_out_of_order_are_refused(week, district, coordinator):
    with pytest.raises(ValidationError):
        services.review_create(district=district, actor=coordinator,
                               **{**H1_2025, "draft_deadline": datetime.date(2025, 8, 1)})
    with pytest.raises(ValidationError):  # the same title twice: a double submit
        services.review_create(district=district, actor=coordinator, **H1_2025)
        services.review_create(district=district, actor=coordinator, **H1_2025)


def test_filing_freezes_the_figures_and_marks_late(review, hoa_ninh, commune_officer, coordinator):
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    with pytest.raises(ValidationError):  # nothing written yet
        services.review_report_submit(report=report, actor=commune_officer)
    services.review_report_save(report=report, actor=commune_officer, data={"results": "Làm 3 km đường."})
    with time_machine.travel(datetime.datetime(2025, 8, 20, 9, 0)):
        services.review_report_submit(report=report, actor=commune_officer)
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.SUBMITTED and report.is_late
    assert int(report.figures["changes"][2]["current"]) > 0 and report.figures["action_days"] == 2
    with pytest.raises(ValidationError):
        services.review_report_submit(report=report, actor=commune_officer)  # double submit
    with pytest.raises(ValidationError):
        services.review_report_save(report=report, actor=commune_officer, data={"results": "sửa"})
    services.review_report_return(report=report, actor=coordinator, comment="Thiếu số liệu tiêu chí")
    services.review_report_save(report=report, actor=commune_officer, data={"results": "Làm 4 km đường."})
    services.review_report_submit(report=report, actor=commune_officer)
    services.review_report_accept(report=report, actor=coordinator)
    report.refresh_from_db()
    assert (report.status, report.results) == (ReviewReport.Status.ACCEPTED, "Làm 4 km đường.")
    actions = list(AuditEntry.objects.filter(target_id=str(report.pk), action__startswith="review_report.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["review_report.save", "review_report.submit", "review_report.return", "review_report.save",
                       "review_report.submit", "review_report.accept"]


def test_the_unit_files_through_its_page_and_the_office_sees_it(login, review, hoa_ninh, commune_officer,
                                                                 other_commune_officer, coordinator):
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    url = reverse("reviews:report_edit", args=[report.pk])
    page = login(commune_officer).get(url)
    assert "Người dân tham gia" in page.content.decode()  # the prefilled figures
    assert login(other_commune_officer).get(url).status_code == 404
    assert login(coordinator).post(url, {"results": "x"}).status_code == 403
    response = login(commune_officer).post(url, {"results": "Ra quân 2 ngày.", "nop": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.SUBMITTED
    detail = login(coordinator).get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    row = detail.split("Hòa Ninh</a>")[1].split("</tr>")[0]
    assert "Đã nộp" in row
    assert "Đã nộp 1/" in detail


@pytest.fixture
def filed_review(review, hoa_ninh, gia_bac, commune_officer, coordinator, criteria_rounds):
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    services.review_report_save(report=report, actor=commune_officer, data={
        "leadership": "Ban hành Kế hoạch số 12/KH-UBND triển khai Đề án.",
        "shortcomings": "Một số thôn tỷ lệ hộ tham gia còn thấp."})
    services.review_report_submit(report=report, actor=commune_officer)
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    c = commendation_services.commendation_propose(
        review=review, actor=commune_officer, kind=NomineeKind.VILLAGE, proposed_form=CommendationForm.GIAY_KHEN_UBND,
        proposer_commune=hoa_ninh, village=village)
    commendation_services.quota_set(review=review, actor=coordinator, commune=hoa_ninh, count=2)
    commendation_services.commendation_shortlist(commendation=c, actor=commune_officer)
    commendation_services.commendation_submit(commendation=c, actor=commune_officer)
    commendation_services.commendation_decide(review=review, actor=coordinator, number="125/QĐ-UBND",
                                              date=datetime.date(2025, 8, 28),
                                              awards={c.pk: CommendationForm.GIAY_KHEN_UBND})
    return review


def _docx_text(content: bytes):
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_draft_docx_follows_the_outline_with_the_figures(login, filed_review, coordinator):
    from recognition.selectors.reviews import build_review_draft

    draft = build_review_draft(filed_review)
    response = login(coordinator).get(reverse("reviews:review_draft_docx", args=[filed_review.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    paragraphs, tables = _docx_text(response.content)
    headings = [p for p in paragraphs if p.startswith(("I.", "II.", "III.", "Phần"))]
    assert headings[:3] == ["Phần thứ nhất", "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN"]
    assert "III. BÀI HỌC KINH NGHIỆM" in paragraphs and "III. KIẾN NGHỊ, ĐỀ XUẤT" in paragraphs
    assert "- Xã Hòa Ninh: Ban hành Kế hoạch số 12/KH-UBND triển khai Đề án." in paragraphs
    programme = next(t for t in tables if t[0][0] == "Nội dung")
    residents = next(r for r in programme if r[0] == "Người dân tham gia")
    from reporting.formatting import vn_number

    assert residents[2] == vn_number(draft.programme.totals.residents)
    assert residents[3] == vn_number(draft.programme_last_year.totals.residents)
    criteria = next(t for t in tables if t[0][1] == "Xã, thị trấn")
    hoa_ninh_row = next(r for r in criteria if r[1] == "Xã Hòa Ninh")
    assert hoa_ninh_row[6] == "+2"
    annex = next(t for t in tables if t[0][1] == "Tập thể, cá nhân")
    assert annex[1][1].startswith("Thôn") and annex[1][7] == "125/QĐ-UBND (28/08/2025)"
    filings = next(t for t in tables if t[0][1] == "Cơ quan, đơn vị, địa phương")
    assert any(r[1] == "Xã Hòa Ninh" and r[2].startswith("Đã nộp") for r in filings)


def test_the_draft_pdf_goes_through_the_document_builder(login, filed_review, coordinator):
    response = login(coordinator).get(reverse("reviews:review_draft_pdf", args=[filed_review.pk]))
    pages = check_document(response.content, kind_title="BÁO CÁO", appendices=2, kind_name="Báo cáo")
    text = " ".join(" ".join(pages).split())
    assert "KẾT QUẢ TRIỂN KHAI THỰC HIỆN" in text and "BÀI HỌC KINH NGHIỆM" in text
    assert "Ban hành Kế hoạch số 12/KH-UBND triển khai Đề án." in text
    assert "125/QĐ-UBND" in text


def test_the_draft_is_the_districts(login, filed_review, commune_officer, focal_point):
    for user in (commune_officer, focal_point):
        assert login(user).get(reverse("reviews:review_draft_docx", args=[filed_review.pk])).status_code == 403
    assert Commendation.objects.filter(status=Commendation.Status.AWARDED).count() == 1


def test_each_unit_is_told_of_its_report(week, district, coordinator, commune_officer, focal_point, hoa_ninh, agency):
    from ntm_portal.models import Notice

    review = services.review_create(district=district, actor=coordinator, **H1_2025)
    mine = Notice.objects.get(user=commune_officer)
    assert mine.url == reverse("reviews:report_edit", args=[ReviewReport.objects.get(review=review, commune=hoa_ninh).pk])
    assert "18/08/2025" in mine.title
    theirs = Notice.objects.get(user=focal_point)
    assert theirs.url == reverse("reviews:report_edit", args=[ReviewReport.objects.get(review=review, agency=agency).pk])


def test_the_list_pages_cost_a_fixed_number_of_queries(login, filed_review, coordinator, django_assert_max_num_queries):
    client = login(coordinator)
    for name in ("reviews:review_detail", "reviews:commendation_list"):
        url = reverse(name, args=[filed_review.pk])
        client.get(url)
        with django_assert_max_num_queries(40) as ctx:
            client.get(url)
        first = len(ctx.captured_queries)
        # Twice the proposals and reports: the same number of queries.
        for c in Commendation.objects.filter(review=filed_review):
            c.pk, c.person_name, c.kind, c.village = None, "Ka Điểu", NomineeKind.PERSON, None
            c.save()
        with django_assert_max_num_queries(first) as again:
            client.get(url)
        assert len(again.captured_queries) == first


def test_a_submission_sent_twice_is_one(login, review, hoa_ninh, commune_officer):
    report = ReviewReport.objects.get(review=review, commune=hoa_ninh)
    client = login(commune_officer)
    url = reverse("reviews:report_edit", args=[report.pk])
    data = {"results": "Ra quân 2 ngày.", "nop": "1", "token": "t-123"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the retry: no error, nothing new
    report.refresh_from_db()
    assert (report.status, report.submission_count) == (ReviewReport.Status.SUBMITTED, 1)
    assert AuditEntry.objects.filter(action="review_report.submit", target_id=str(report.pk)).count() == 1
