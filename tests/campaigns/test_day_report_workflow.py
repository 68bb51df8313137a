"""Workflow: draft → submitted → accepted / returned → resubmitted; one submission; late; versions."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import DayReport, DayReportVersion, Proposal, VillageResult
from campaigns.services import reports as services
from ntm_portal.models import AuditEntry
from tests.campaigns.day_report_fixtures import MONDAY_AFTER, report_post


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def full_figures(villages, residents=30, households=20):
    return {v: {"residents": residents, "households": households} for v in villages}


@pytest.fixture
def submitted(login, commune_officer, hoa_ninh, action_day, villages, sunday):
    client = login(commune_officer)
    client.post(edit_url(hoa_ninh, action_day), report_post(villages, action="submit", token="first",
                                                            figures=full_figures(villages)))
    return DayReport.objects.get(commune=hoa_ninh, action_day=action_day)


class TestSubmit:
    def test_submit_on_time(self, submitted, commune_officer):
        assert submitted.status == DayReport.Status.SUBMITTED
        assert submitted.submission_count == 1 and not submitted.is_late
        assert submitted.submitted_by == commune_officer and submitted.first_submitted_at is not None

    def test_submit_without_required_figures_keeps_the_draft(
        self, login, commune_officer, hoa_ninh, action_day, villages, sunday
    ):
        figures = full_figures(villages[:3])
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day),
                                               report_post(villages, action="submit", figures=figures))
        report = DayReport.objects.get()
        assert report.status == DayReport.Status.DRAFT
        assert VillageResult.objects.filter(report=report, residents=30).count() == 3  # the draft was kept
        # The page is drawn again: each missing field marked and linked, the first one focused.
        page = response.content.decode()
        assert response.status_code == 200 and "chưa nộp được" in page
        v = villages[5]
        assert f'<a href="#id_v{v.pk}-residents">{v.name}: Người dân tham gia</a>' in page
        assert f'<a href="#id_v{v.pk}-households">{v.name}: Số hộ tham gia</a>' in page
        assert f'<a href="#id_v{villages[0].pk}-' not in page  # filled villages are not named
        assert page.count("Cần nhập trước khi nộp báo cáo.") == 2 * (len(villages) - 3)
        assert page.count(" autofocus") == 1

    def test_double_submit_with_the_same_token_is_one_submission(
        self, login, commune_officer, hoa_ninh, action_day, villages, sunday
    ):
        client = login(commune_officer)
        data = report_post(villages, action="submit", token="retry-1", figures=full_figures(villages))
        first = client.post(edit_url(hoa_ninh, action_day), data)
        second = client.post(edit_url(hoa_ninh, action_day), data)  # the retry after a timeout
        report = DayReport.objects.get()
        assert report.submission_count == 1
        assert AuditEntry.objects.filter(action="day_report.submit").count() == 1
        assert first.url == second.url == reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk])
        assert "Đã nhận báo cáo" in client.get(second.url).content.decode()

    def test_double_tap_from_two_pages_is_one_submission(
        self, submitted, login, commune_officer, hoa_ninh, action_day, villages
    ):
        client = login(commune_officer)
        data = report_post(villages, action="submit", token="another", figures=full_figures(villages, 99, 50))
        response = client.post(edit_url(hoa_ninh, action_day), data)
        submitted.refresh_from_db()
        assert submitted.submission_count == 1
        assert VillageResult.objects.filter(report=submitted, residents=99).count() == 0
        assert "không ghi nhận thêm lần nộp nào" in client.get(response.url).content.decode()

    def test_service_refuses_a_second_submission(self, submitted, commune_officer):
        with pytest.raises(services.ReportAlreadySubmitted):
            services.day_report_submit(report=submitted, actor=commune_officer, token="other")
        again = services.day_report_submit(report=submitted, actor=commune_officer, token="first")
        assert again.submission_count == 1

    def test_late_submission_is_accepted_and_marked(self, login, commune_officer, hoa_ninh, action_day, villages):
        with time_machine.travel(MONDAY_AFTER, tick=False):
            response = login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(
                villages, action="submit", figures=full_figures(villages)))
            page = login(commune_officer).get(response.url).content.decode()
        report = DayReport.objects.get()
        assert report.status == DayReport.Status.SUBMITTED and report.is_late
        assert "Nộp muộn" in page and "20:00 16/03/2025" in page

    def test_proposals_become_tracked_on_submit(self, login, commune_officer, hoa_ninh, action_day, villages,
                                                 sunday):
        figures = full_figures(villages)
        figures[villages[0]]["proposal_text"] = "Đề nghị hỗ trợ xe thu gom rác"
        login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(villages, figures=figures))
        assert Proposal.objects.count() == 0  # a draft sends nothing up
        login(commune_officer).post(edit_url(hoa_ninh, action_day),
                                    report_post(villages, action="submit", figures=figures))
        proposal = Proposal.objects.get()
        assert (proposal.commune, proposal.village, proposal.status) == (hoa_ninh, villages[0], "open")


class TestReview:
    def test_coordinator_accepts(self, submitted, login, coordinator):
        response = login(coordinator).post(reverse("campaigns:day_report_accept", args=[submitted.pk]))
        submitted.refresh_from_db()
        assert response.status_code == 302 and submitted.status == DayReport.Status.ACCEPTED
        assert submitted.reviewed_by == coordinator

    def test_coordinator_returns_with_comment_and_officer_resubmits(
        self, submitted, login, coordinator, commune_officer, hoa_ninh, action_day, villages
    ):
        login(coordinator).post(reverse("campaigns:day_report_return", args=[submitted.pk]),
                                {"comment": "Thôn 1: số hộ chưa đúng"})
        submitted.refresh_from_db()
        assert submitted.status == DayReport.Status.RETURNED and submitted.return_comment == "Thôn 1: số hộ chưa đúng"
        version = DayReportVersion.objects.get(report=submitted)
        assert version.number == 1 and version.snapshot["villages"][0]["households"] == 20
        assert "Trả lại" in version.reason
        client = login(commune_officer)
        page = client.get(edit_url(hoa_ninh, action_day)).content.decode()
        assert "Thôn 1: số hộ chưa đúng" in page and "Nộp lại báo cáo" in page
        figures = full_figures(villages)
        figures[villages[0]]["households"] = 25
        client.post(edit_url(hoa_ninh, action_day), report_post(villages, action="submit", token="fix",
                                                                figures=figures))
        submitted.refresh_from_db()
        assert submitted.status == DayReport.Status.SUBMITTED and submitted.submission_count == 2
        assert VillageResult.objects.get(report=submitted, village=villages[0]).households == 25
        assert DayReport.objects.count() == 1  # fixed and resubmitted, never filed again as a second record

    def test_return_needs_a_comment(self, submitted, login, coordinator):
        login(coordinator).post(reverse("campaigns:day_report_return", args=[submitted.pk]), {"comment": " "})
        submitted.refresh_from_db()
        assert submitted.status == DayReport.Status.SUBMITTED
        with pytest.raises(ValidationError):
            services.day_report_return(report=submitted, actor=coordinator, comment="")

    def test_a_draft_cannot_be_accepted(self, login, coordinator, commune_officer, hoa_ninh, action_day):
        report = services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
        login(coordinator).post(reverse("campaigns:day_report_accept", args=[report.pk]))
        report.refresh_from_db()
        assert report.status == DayReport.Status.DRAFT

    def test_leader_and_officer_cannot_review(self, submitted, login, leader, commune_officer, other_commune_officer):
        url = reverse("campaigns:day_report_accept", args=[submitted.pk])
        assert login(leader).post(url).status_code == 403
        assert login(commune_officer).post(url).status_code == 403
        assert login(other_commune_officer).post(url).status_code == 404
        submitted.refresh_from_db()
        assert submitted.status == DayReport.Status.SUBMITTED

    def test_review_buttons_show_for_the_coordinator_only(self, submitted, login, coordinator, leader):
        url = reverse("campaigns:day_report_detail", args=[submitted.commune_id, submitted.action_day_id])
        assert "Duyệt báo cáo" in login(coordinator).get(url).content.decode()
        assert "Duyệt báo cáo" not in login(leader).get(url).content.decode()


class TestChangeAfterSubmission:
    def test_it_needs_a_reason(self, submitted, login, commune_officer, hoa_ninh, action_day, villages):
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day),
                                               report_post(villages, figures=full_figures(villages, 40, 20)))
        assert response.status_code == 200
        assert "cần ghi lý do thay đổi" in response.content.decode()
        assert VillageResult.objects.filter(report=submitted, residents=40).count() == 0

    def test_it_keeps_the_earlier_version(self, submitted, login, coordinator, commune_officer, hoa_ninh,
                                          action_day, villages):
        login(coordinator).post(reverse("campaigns:day_report_accept", args=[submitted.pk]))
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(
            villages, figures=full_figures(villages, 40, 20), change_reason="Bổ sung người dân thôn 1"))
        assert response.status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == DayReport.Status.SUBMITTED  # back to the district for review
        assert submitted.version == 2
        version = DayReportVersion.objects.get(report=submitted)
        assert version.reason == "Bổ sung người dân thôn 1" and version.status == "accepted"
        assert {v["residents"] for v in version.snapshot["villages"]} == {30}
        assert VillageResult.objects.filter(report=submitted, residents=40).count() == len(villages)
        audit = AuditEntry.objects.get(action="day_report.change")
        assert audit.note == "Bổ sung người dân thôn 1"
        detail = login(coordinator).get(reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk]))
        assert "Bổ sung người dân thôn 1" in detail.content.decode()
        old = login(coordinator).get(reverse("campaigns:day_report_version", args=[hoa_ninh.pk, action_day.pk, 1]))
        assert old.status_code == 200 and ">30<" in old.content.decode()

    def test_attendance_correction_after_submission_is_audited(
        self, login, commune_officer, hoa_ninh, action_day, villages, roster_entries, sunday
    ):
        client = login(commune_officer)
        figures = full_figures(villages)
        entry = roster_entries[0]
        figures[villages[0]][f"att_{entry.pk}"] = "absent"
        client.post(edit_url(hoa_ninh, action_day), report_post(villages, action="submit", figures=figures))
        figures[villages[0]][f"att_{entry.pk}"] = "present"
        client.post(edit_url(hoa_ninh, action_day), report_post(villages, figures=figures,
                                                                change_reason="Anh ấy đến muộn"))
        entry.refresh_from_db()
        assert entry.attendance == "present"
        audit = AuditEntry.objects.get(action="day_report.change")
        assert any("absent" in str(v) and "present" in str(v) for v in audit.changes.values())


def test_a_cancelled_action_day_takes_no_report(login, commune_officer, hoa_ninh, action_day, villages):
    action_day.status, action_day.cancel_reason = "cancelled", "Mưa bão"
    action_day.save()
    response = login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(villages))
    assert "đã tạm hoãn (Mưa bão): không cần báo cáo kết quả" in response.content.decode()
    assert DayReport.objects.count() == 0
