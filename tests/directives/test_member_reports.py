"""Members' periodic reports: filing through the shared workflow, review, the missing list, access."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import DayReport, Programme
from campaigns.services import reports as day_services
from directives import member_services as services
from directives.models import MemberReport, MemberReportVersion
from directives.schedule import period_ending
from directives.selectors.members import MISSING_WORDS, missing_reports, period_report_status
from directory.models import District, Role
from ntm_portal import workflow
from ntm_portal.models import AuditEntry
from tests.campaigns.conftest import action_day, programme  # noqa: F401 (fixtures)
from tests.campaigns.day_report_fixtures import sunday, villages  # noqa: F401 (fixtures)
from tests.conftest import _user
from tests.directives.conftest import LAST_END, seat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LAST = period_ending("twice_monthly", LAST_END)


def edit_url(membership, end=LAST_END):
    return reverse("directives:member_report_edit", args=[membership.pk, end.isoformat()])


def file(membership, *, content="Đã về xã kiểm tra.", submit=True, token="t1"):
    user = membership.user
    report = services.member_report_open(membership=membership, period=LAST, actor=user)
    report = services.member_report_save(report=report, actor=user, content=content)
    return services.member_report_submit(report=report, actor=user, token=token) if submit else report


class TestFiling:
    def test_a_member_saves_a_draft_then_submits(self, frozen, bcd, login):
        client = login(bcd.deputy_a.user)
        assert client.get(edit_url(bcd.deputy_a)).status_code == 200
        response = client.post(edit_url(bcd.deputy_a), {"content": "Đã về Hòa Ninh 2 lần.", "issues": "",
                                                        "action": "save"})
        assert response.status_code == 302
        report = MemberReport.objects.get(membership=bcd.deputy_a)
        assert (report.status, report.content, report.period_start, report.due_date) == (
            "draft", "Đã về Hòa Ninh 2 lần.", datetime.date(2025, 8, 29), LAST_END)
        response = client.post(edit_url(bcd.deputy_a), {"content": "Đã về Hòa Ninh 2 lần.", "action": "submit",
                                                        "submit_token": "abc"})
        report.refresh_from_db()
        assert response.url == report.get_absolute_url()
        assert report.status == "submitted" and report.is_late  # due Sunday 14/09, filed Saturday 20/09
        assert report.submitted_by == bcd.deputy_a.user
        assert AuditEntry.objects.filter(action="member_report.submit", target_id=str(report.pk)).count() == 1
        assert "nộp muộn" in client.get(response.url).content.decode()

    def test_double_submit_makes_one_submission(self, frozen, bcd, login):
        client = login(bcd.deputy_a.user)
        data = {"content": "Nội dung", "action": "submit", "submit_token": "same"}
        first, second = client.post(edit_url(bcd.deputy_a), data), client.post(edit_url(bcd.deputy_a), data)
        third = client.post(edit_url(bcd.deputy_a), {**data, "submit_token": "other"})
        report = MemberReport.objects.get()
        assert report.submission_count == 1 and first.url == second.url == third.url
        assert AuditEntry.objects.filter(action="member_report.submit").count() == 1
        assert "không ghi nhận thêm lần nộp nào" in client.get(third.url).content.decode()

    def test_an_empty_report_is_kept_as_a_draft(self, frozen, bcd, login):
        client = login(bcd.deputy_a.user)
        client.post(edit_url(bcd.deputy_a), {"content": "  ", "action": "submit", "submit_token": "x"})
        assert MemberReport.objects.get().status == "draft"

    def test_a_future_or_impossible_period_is_404(self, frozen, bcd, login):
        client = login(bcd.deputy_a.user)
        for end in ("2025-10-14", "2025-09-15", "2025-13-45", "x"):
            assert client.get(reverse("directives:member_report_edit", args=[bcd.deputy_a.pk, end])).status_code == 404
        assert client.get(edit_url(bcd.deputy_a, datetime.date(2025, 9, 28))).status_code == 200  # the current one

    def test_the_head_returns_then_the_member_resubmits(self, frozen, bcd, login):
        report = file(bcd.deputy_a)
        client = login(bcd.head_user)
        client.post(reverse("directives:member_report_return", args=[report.pk]), {"comment": "Bổ sung số liệu."})
        report.refresh_from_db()
        assert report.status == "returned" and report.version == 2
        assert MemberReportVersion.objects.get(report=report).snapshot["content"] == "Đã về xã kiểm tra."
        client = login(bcd.deputy_a.user)
        client.post(edit_url(bcd.deputy_a), {"content": "Đã bổ sung.", "action": "submit", "submit_token": "2"})
        report.refresh_from_db()
        assert (report.status, report.submission_count, report.content) == ("submitted", 2, "Đã bổ sung.")
        login(bcd.head_user).post(reverse("directives:member_report_accept", args=[report.pk]))
        report.refresh_from_db()
        assert report.status == "accepted" and report.reviewed_by == bcd.head_user

    def test_a_change_after_submission_needs_a_reason_and_keeps_a_version(self, frozen, bcd, login):
        report = file(bcd.deputy_a)
        client = login(bcd.deputy_a.user)
        response = client.post(edit_url(bcd.deputy_a), {"content": "Khác", "action": "save"})
        assert response.status_code == 200 and "cần ghi lý do thay đổi" in response.content.decode()
        client.post(edit_url(bcd.deputy_a), {"content": "Khác", "action": "save", "change_reason": "Sửa số"})
        report.refresh_from_db()
        assert (report.content, report.version, report.status) == ("Khác", 2, "submitted")
        assert report.versions.get().reason == "Sửa số"


def test_day_reports_and_member_reports_go_through_the_same_workflow(
        monkeypatch, bcd, hoa_ninh, action_day, villages, commune_officer, sunday):  # noqa: F811
    calls = []
    real = workflow.transition

    def spy(report, name, **kwargs):
        calls.append((type(report).__name__, name))
        return real(report, name, **kwargs)

    monkeypatch.setattr(workflow, "transition", spy)
    day = day_services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
    figures = {v.pk: day_services.VillageFigures(residents=10, households=5) for v in villages}
    day_services.day_report_save(report=day, actor=commune_officer, villages=figures, attendance={})
    day_services.day_report_submit(report=day, actor=commune_officer, token="d")
    day_services.day_report_return(report=DayReport.objects.get(pk=day.pk), actor=commune_officer, comment="Sửa")
    member = file(bcd.deputy_a)
    services.member_report_return(report=member, actor=bcd.head_user, comment="Bổ sung")
    assert calls == [("DayReport", "submit"), ("DayReport", "return"),
                     ("MemberReport", "submit"), ("MemberReport", "return")]
    # the same states, the same refusal of a second submission
    assert DayReport.Status is MemberReport.Status is workflow.Status
    assert day_services.ReportAlreadySubmitted is workflow.AlreadySubmitted
    with pytest.raises(workflow.ChangedMeanwhile):
        services.member_report_accept(report=MemberReport.objects.get(pk=member.pk), actor=bcd.head_user)


class TestMissing:
    def test_status_of_the_period_per_member(self, frozen, bcd, django_assert_num_queries):
        file(bcd.deputy_a)
        file(bcd.deputy_b, submit=False)  # a draft is not a report
        district = bcd.head.unit
        # memberships, their communes, the reports
        with django_assert_num_queries(3):
            rows = period_report_status(district, LAST.start, LAST.end)
        by_name = {r.member: r for r in rows}
        assert set(by_name) == {"Nguyễn Văn Trưởng", "Trần Phó Một", "Lê Phó Hai", "Phạm Thành Viên"}
        assert by_name["Trần Phó Một"].report is not None and by_name["Trần Phó Một"].late
        assert by_name["Lê Phó Hai"].report is None and by_name["Lê Phó Hai"].draft is not None
        assert by_name["Lê Phó Hai"].role == "Phó Trưởng ban" and by_name["Lê Phó Hai"].late
        # the quarterly organisation is in the window that holds the end of its quarter
        q3 = period_report_status(district, datetime.date(2025, 9, 29), datetime.date(2025, 10, 14))
        assert "Hội Liên hiệp Phụ nữ huyện" in {r.member for r in q3}

    def test_missing_list_head_first_and_by_commune(self, frozen, bcd, hoa_ninh):
        file(bcd.member)
        names = [r.member for r in missing_reports(bcd.head.unit, LAST)]
        assert names == ["Nguyễn Văn Trưởng", "Trần Phó Một", "Lê Phó Hai"]  # role, then the order of seats
        assert [r.member for r in missing_reports(bcd.head.unit, LAST, commune_ids=[hoa_ninh.pk])] == ["Trần Phó Một"]

    def test_a_member_who_left_is_not_asked(self, frozen, bcd):
        bcd.deputy_b.valid_to = datetime.date(2025, 8, 20)
        bcd.deputy_b.save()
        assert "Lê Phó Hai" not in {r.member for r in missing_reports(bcd.head.unit, LAST)}

    def test_the_head_sees_the_missing_with_the_words_of_the_seed(self, frozen, bcd, login):
        file(bcd.deputy_a)
        page = login(bcd.head_user).get(reverse("directives:members_status"), {"chua-bao-cao": "1"}).content.decode()
        assert MISSING_WORDS in page and "3 thành viên chưa có báo cáo kỳ này" in page
        assert "Lê Phó Hai" in page and "Trần Phó Một" not in page

    def test_the_leaders_dashboard_shows_the_members_without_a_report(self, frozen, bcd, login, leader, area_monitor):
        Programme.objects.create(owner=bcd.head.unit)
        file(bcd.deputy_b)
        page = login(leader).get(reverse("dashboards:district")).content.decode()
        assert "3 thành viên chưa có báo cáo kỳ 14/09/2025" in page and MISSING_WORDS in page
        assert reverse("directives:member_history", args=[bcd.deputy_a.pk]) in page  # the drill-down
        assert "Lê Phó Hai" not in page
        # the area monitor of Hòa Ninh and Hòa Trung: the deputy and the member in charge of them
        page = login(area_monitor).get(reverse("dashboards:district")).content.decode()
        assert "2 thành viên chưa có báo cáo" in page and "Trần Phó Một" in page and "Phạm Thành Viên" in page
        assert "Nguyễn Văn Trưởng" not in page


class TestAccess:
    def test_a_member_sees_and_edits_only_their_own(self, frozen, bcd, login):
        theirs = file(bcd.deputy_b)
        client = login(bcd.deputy_a.user)
        assert client.get(reverse("directives:member_report_detail", args=[theirs.pk])).status_code == 404
        assert client.get(edit_url(bcd.deputy_b)).status_code == 404
        assert client.get(reverse("directives:member_history", args=[bcd.deputy_b.pk])).status_code == 404
        assert client.post(reverse("directives:member_report_accept", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("directives:members_status")).status_code == 403
        mine = client.get(reverse("directives:my_member_reports")).content.decode()
        assert "Phó Trưởng ban" in mine and edit_url(bcd.deputy_a) in mine and edit_url(bcd.deputy_b) not in mine
        # the period ending 14/09 is missing; the current one (to 28/09) is not due yet
        assert mine.count("Chưa báo cáo") == 6 and mine.count("Chưa đến hạn") == 1

    def test_the_head_reads_all_but_files_for_nobody_else(self, frozen, bcd, login):
        theirs = file(bcd.deputy_b)
        client = login(bcd.head_user)
        assert client.get(reverse("directives:member_report_detail", args=[theirs.pk])).status_code == 200
        assert client.get(reverse("directives:member_history", args=[bcd.deputy_b.pk])).status_code == 200
        assert client.get(edit_url(bcd.deputy_b)).status_code == 403
        page = client.get(reverse("directives:members_status")).content.decode()
        assert all(name in page for name in ("Trần Phó Một", "Lê Phó Hai", "Phạm Thành Viên"))

    def test_another_units_people_get_404(self, frozen, bcd, login):
        theirs = file(bcd.deputy_b)
        other = District.objects.create(name="Bảo Lâm", kind="huyen", level="district", parent=bcd.head.unit.parent)
        outsider = _user("dieuphoi.khac", Role.COORDINATOR, unit=other)
        client = login(outsider)
        assert client.get(reverse("directives:member_report_detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("directives:member_report_return", args=[theirs.pk]),
                           {"comment": "x"}).status_code == 404
        assert client.get(reverse("directives:member_history", args=[bcd.deputy_b.pk])).status_code == 404
        other_head = seat(other, "Trưởng ban khác", "head", UserFactory(username="truongban.khac"))
        client = login(other_head.user)
        assert client.get(reverse("directives:member_report_detail", args=[theirs.pk])).status_code == 404
        assert "Lê Phó Hai" not in client.get(reverse("directives:members_status")).content.decode()
        theirs.refresh_from_db()
        assert theirs.status == "submitted"

    def test_the_leader_reads_but_does_not_review(self, frozen, bcd, login, leader, coordinator):
        theirs = file(bcd.deputy_b)
        client = login(leader)
        assert client.get(reverse("directives:member_report_detail", args=[theirs.pk])).status_code == 200
        assert client.post(reverse("directives:member_report_accept", args=[theirs.pk])).status_code == 403
        login(coordinator).post(reverse("directives:member_report_accept", args=[theirs.pk]))
        theirs.refresh_from_db()
        assert theirs.status == "accepted"


def test_the_members_page_costs_the_same_with_twice_the_members(frozen, bcd, login, leader, hoa_ninh):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    file(bcd.deputy_a)
    client = login(leader)
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("directives:members_status")).content.decode()
        return len(ctx.captured_queries), page

    before, page = count()
    for i in range(5):
        extra = seat(bcd.head.unit, f"Thành viên thêm {i}", communes=[hoa_ninh], user=UserFactory(username=f"tv{i}"))
        file(extra, token=f"x{i}")
    after, page = count()
    assert "Thành viên thêm 4" in page
    assert after == before


def test_the_home_page_leads_a_member_to_their_reports_and_the_head_to_everyone(frozen, bcd, login):
    page = login(bcd.deputy_a.user).get(reverse("home")).content.decode()
    assert reverse("directives:my_member_reports") in page and "Phó Trưởng ban" in page
    assert reverse("directives:members_status") not in page
    assert "chưa được phân vai trò" not in page  # a member without another role is not told they have none
    page = login(bcd.head_user).get(reverse("home")).content.decode()
    assert reverse("directives:members_status") in page


def test_the_dashboard_block_shows_the_tasks_overdue(directive, tasks, login, leader, area_monitor, district):
    import time_machine

    from tests.directives.conftest import VN

    Programme.objects.create(owner=district)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=VN), tick=False):
        page = login(leader).get(reverse("dashboards:district")).content.decode()
        assert "3 nhiệm vụ quá hạn" in page  # 25/11 (two communes) and 30/11; 10/12 is not due yet
        assert reverse("directives:task_detail", args=[tasks["2a"].pk]) in page
        assert reverse("directives:task_detail", args=[tasks["1"].pk]) not in page
        assert reverse("directives:board") + "?tinh-trang=overdue" in page
        # the area monitor of Hòa Ninh: the task Hòa Ninh leads, not the others
        page = login(area_monitor).get(reverse("dashboards:district")).content.decode()
        assert "1 nhiệm vụ quá hạn" in page
        assert reverse("directives:task_detail", args=[tasks["2a"].pk]) in page
        assert reverse("directives:task_detail", args=[tasks["2b"].pk]) not in page
        assert "?tinh-trang=overdue" not in page  # the board is the office's


def test_the_workflow_allows_only_its_transitions(frozen, bcd):
    """Each transition starts only from its states (ntm_portal.workflow.TRANSITIONS); nothing is written otherwise."""
    draft = file(bcd.deputy_a, submit=False)
    with pytest.raises(workflow.ChangedMeanwhile):
        services.member_report_accept(report=draft, actor=bcd.head_user)  # a draft cannot be accepted
    with pytest.raises(workflow.ChangedMeanwhile):
        workflow.transition(draft, workflow.RETURN, return_comment="x")
    submitted = services.member_report_submit(report=draft, actor=bcd.deputy_a.user, token="a")
    accepted = services.member_report_accept(report=submitted, actor=bcd.head_user)
    with pytest.raises(workflow.AlreadySubmitted):
        workflow.submit(accepted, actor=bcd.deputy_a.user, token="b", deadline=None)
    accepted.refresh_from_db()
    assert (accepted.status, accepted.submission_count, accepted.last_submit_token) == ("accepted", 1, "a")
    assert AuditEntry.objects.filter(action__startswith="member_report.", target_id=str(accepted.pk)).values_list(
        "action", flat=True).order_by("pk")[::1] == ["member_report.create", "member_report.save",
                                                     "member_report.submit", "member_report.accept"]
