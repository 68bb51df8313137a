"""A task's life: deadlines from the document's words (a date, the regular meeting of month M, N times
in year Y), overdue by the Asia/Ho_Chi_Minh day, reports, cannot-do with a reason, extension history."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from directives.deadlines import due_dates, followup_period, meeting_day, recurring_due_dates
from directives.models import DeadlineKind, ProgressReport, Task, TaskDeadline, TaskExtension, TaskState
from directives.selectors.tasks import board
from directives.services import TaskInput, deadline_extend, progress_report, task_create
from ntm_portal.models import AuditEntry
from tests.directives.factories import make_directive

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_regular_meeting_of_month_resolves_to_the_configured_day(settings):
    settings.DIRECTIVES_MEETING_DAY = 25
    assert meeting_day(datetime.date(2020, 12, 1)) == datetime.date(2020, 12, 25)
    settings.DIRECTIVES_MEETING_DAY = 31
    assert meeting_day(datetime.date(2021, 2, 1)) == datetime.date(2021, 2, 28)
    assert meeting_day(datetime.date(2020, 11, 1)) == datetime.date(2020, 11, 30)


def test_n_times_in_a_year_cuts_the_year_in_n_parts():
    assert recurring_due_dates(3, 2021) == [datetime.date(2021, 4, 30), datetime.date(2021, 8, 31),
                                            datetime.date(2021, 12, 31)]
    assert recurring_due_dates(1, 2022) == [datetime.date(2022, 12, 31)]
    assert recurring_due_dates(12, 2024)[1] == datetime.date(2024, 2, 29)
    assert due_dates(kind=DeadlineKind.NONE) == [None]


def test_followup_days_are_the_16th_and_the_30th_or_the_last_day():
    assert followup_period(datetime.date(2026, 11, 16)) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 15))
    assert followup_period(datetime.date(2026, 11, 30)) == (datetime.date(2026, 11, 16), datetime.date(2026, 11, 30))
    assert followup_period(datetime.date(2027, 2, 28)) == (datetime.date(2027, 2, 16), datetime.date(2027, 2, 28))
    assert followup_period(datetime.date(2026, 12, 31)) is None
    assert followup_period(datetime.date(2026, 11, 15)) is None


def test_meeting_and_recurring_tasks_get_their_deadlines(district, agency, hoa_ninh, coordinator, settings):
    settings.DIRECTIVES_MEETING_DAY = 20
    document = make_directive(owner=district, actor=coordinator, tasks=[
        TaskInput(text="Báo cáo Ban Thường vụ Chỉ thị về văn hóa cơ sở", lead_agency=agency,
                  deadline_kind=DeadlineKind.MEETING, meeting_month=datetime.date(2020, 12, 9)),
        TaskInput(text="Tổng vệ sinh môi trường", lead_commune=hoa_ninh, deadline_kind=DeadlineKind.RECURRING,
                  recurring_count=3, recurring_year=2021, expected="events"),
        TaskInput(text="Chỉ đạo cơ sở thường xuyên", lead_person="Phó Trưởng Ban Chỉ đạo",
                  deadline_kind=DeadlineKind.NONE),
    ])
    meeting, recurring, standing = Task.objects.filter(document=document).order_by("position")
    assert meeting.meeting_month == datetime.date(2020, 12, 1)
    assert list(meeting.deadlines.values_list("due_on", flat=True)) == [datetime.date(2020, 12, 20)]
    assert str(meeting.deadline_label) == "Tại phiên họp thường kỳ tháng 12/2020"
    assert list(recurring.deadlines.order_by("occurrence").values_list("occurrence", "due_on")) == [
        (1, datetime.date(2021, 4, 30)), (2, datetime.date(2021, 8, 31)), (3, datetime.date(2021, 12, 31))]
    assert recurring.expected_count == 3
    assert list(standing.deadlines.values_list("due_on", flat=True)) == [None]
    assert AuditEntry.objects.filter(action="directives.task_create").count() == 3
    assert AuditEntry.objects.filter(action="library.document_create", target_id=str(document.pk)).count() == 1
    assert document.current_version.sha256 and document.current_version.filename == "ket-luan.pdf"


def test_a_task_has_exactly_one_lead(directive, district, agency, hoa_ninh, coordinator):
    with pytest.raises(ValidationError):
        task_create(document=directive, owner=district, actor=coordinator,
                    data=TaskInput(text="Hai đơn vị chủ trì", lead_agency=agency, lead_commune=hoa_ninh,
                                   deadline_kind=DeadlineKind.NONE))
    with pytest.raises(ValidationError):
        task_create(document=directive, owner=district, actor=coordinator,
                    data=TaskInput(text="Không ai chủ trì", deadline_kind=DeadlineKind.NONE))
    task = Task.objects.filter(document=directive).first()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        Task.objects.filter(pk=task.pk).update(lead_person="Ai đó")


def test_overdue_follows_the_day_in_ho_chi_minh_city(tasks, district):
    deadline = tasks["2a"].deadlines.get()  # due 25/11/2026
    late_evening = datetime.datetime(2026, 11, 25, 23, 30, tzinfo=HCM)  # 16:30 UTC
    after_midnight = datetime.datetime(2026, 11, 26, 0, 30, tzinfo=HCM)  # 17:30 UTC, still the 25th in UTC
    from django.utils import timezone

    with time_machine.travel(late_evening, tick=False):
        rows, _ = board(unit=district, today=timezone.localdate())
        assert not next(r for r in rows if r.deadline.pk == deadline.pk).overdue
    with time_machine.travel(after_midnight, tick=False):
        rows, _ = board(unit=district, today=timezone.localdate())
        assert next(r for r in rows if r.deadline.pk == deadline.pk).overdue


def test_report_done_closes_the_deadline_and_is_audited(tasks, focal_point):
    deadline = tasks["7"].deadlines.get()
    report = progress_report(deadline=deadline, state=TaskState.DONE, text="Đã trình cơ chế hỗ trợ",
                             actor=focal_point, submit_token="abc", today=datetime.date(2026, 11, 28))
    deadline.refresh_from_db()
    assert (deadline.state, deadline.done_on) == (TaskState.DONE, datetime.date(2026, 11, 28))
    assert not deadline.is_overdue(datetime.date(2026, 12, 5))
    entry = AuditEntry.objects.get(action="directives.progress_report", target_id=str(deadline.pk))
    assert entry.changes["state"] == ["not_started", "done"] and entry.actor_id == focal_point.pk
    # the same submission again (a double click): one report
    assert progress_report(deadline=deadline, state=TaskState.DONE, text="Đã trình cơ chế hỗ trợ",
                           actor=focal_point, submit_token="abc") is None
    assert ProgressReport.objects.filter(deadline=deadline).count() == 1 == len([report])


def test_cannot_do_needs_a_reason(tasks, focal_point):
    deadline = tasks["7"].deadlines.get()
    with pytest.raises(ValidationError):
        progress_report(deadline=deadline, state=TaskState.CANNOT, text="Không làm được", actor=focal_point)
    assert not ProgressReport.objects.exists()
    progress_report(deadline=deadline, state=TaskState.CANNOT, text="Không làm được", reason="Chưa có kinh phí",
                    actor=focal_point)
    deadline.refresh_from_db()
    assert (deadline.state, deadline.state_reason) == (TaskState.CANNOT, "Chưa có kinh phí")


def test_extension_keeps_the_history(tasks, coordinator):
    deadline = tasks["7"].deadlines.get()
    deadline_extend(deadline=deadline, new_due_on=datetime.date(2026, 12, 15), reason="Chờ ý kiến Sở Tài chính",
                    actor=coordinator)
    deadline_extend(deadline=deadline, new_due_on=datetime.date(2026, 12, 31), reason="Chờ HĐND họp",
                    actor=coordinator)
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(2026, 12, 31)
    assert deadline.original_due_on == datetime.date(2026, 11, 30)
    assert list(TaskExtension.objects.filter(deadline=deadline).order_by("pk").values_list(
        "old_due_on", "new_due_on", "reason")) == [
        (datetime.date(2026, 11, 30), datetime.date(2026, 12, 15), "Chờ ý kiến Sở Tài chính"),
        (datetime.date(2026, 12, 15), datetime.date(2026, 12, 31), "Chờ HĐND họp")]
    assert AuditEntry.objects.filter(action="directives.deadline_extend").count() == 2
    with pytest.raises(ValidationError):
        deadline_extend(deadline=deadline, new_due_on=datetime.date(2026, 12, 1), reason="Lùi lại", actor=coordinator)
    with pytest.raises(ValidationError):
        deadline_extend(deadline=deadline, new_due_on=datetime.date(2027, 1, 31), reason=" ", actor=coordinator)


def test_lead_agency_reports_through_the_page_with_a_file(login, tasks, focal_point):
    from django.core.files.uploadedfile import SimpleUploadedFile

    deadline = tasks["7"].deadlines.get()
    client = login(focal_point)
    url = reverse("directives:deadline_report", args=[deadline.pk])
    assert "Báo cáo tiến độ nhiệm vụ" in client.get(url).content.decode()
    data = {"state": "done", "text": "Đã trình UBND huyện dự thảo cơ chế", "reason": "", "submit_token": "t1",
            "files": SimpleUploadedFile("co-che.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == tasks["7"].get_absolute_url()
    report = ProgressReport.objects.get(deadline=deadline)
    assert report.files.get().original_name == "co-che.pdf"
    data["files"] = SimpleUploadedFile("co-che.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url, data)  # the second click of a double click
    assert ProgressReport.objects.filter(deadline=deadline).count() == 1
    page = client.get(tasks["7"].get_absolute_url()).content.decode()
    assert "Đã trình UBND huyện dự thảo cơ chế" in page and "co-che.pdf" in page
    file_url = reverse("directives:progress_file", args=[report.files.get().pk])
    assert b"".join(client.get(file_url).streaming_content).startswith(b"%PDF")


def test_a_bad_file_saves_nothing(login, tasks, focal_point):
    from django.core.files.uploadedfile import SimpleUploadedFile

    deadline = tasks["7"].deadlines.get()
    response = login(focal_point).post(reverse("directives:deadline_report", args=[deadline.pk]), {
        "state": "done", "text": "Xong", "submit_token": "t2",
        "files": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")})
    assert response.status_code == 200 and "không đúng định dạng" in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert TaskDeadline.objects.get(pk=deadline.pk).state == TaskState.NOT_STARTED
