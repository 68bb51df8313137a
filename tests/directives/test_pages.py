"""The office enters a document with its points; the board (overdue in red, by unit, by deadline); a
lead unit's list; the follow-up report (PDF, XLSX, e-mailed once on the 16th and the 30th)."""

import datetime
import io
import uuid

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directives.followup import followup_send
from directives.models import FollowupReport, Task, TaskDeadline, TaskState
from directives.selectors.tasks import followup_data
from directives.services import progress_report
from library.models import Document
from ntm_portal.models import AuditEntry
from reporting.models import RollupRecipient
from tests.directives.factories import pdf_upload
from tests.pdf_checks import check_document

pytestmark = pytest.mark.django_db
NOV_28 = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def _new_post(agency, hoa_ninh, **extra):
    data = {"rows": "3", "kind": "TB", "number": "15-TB/BCĐ", "issued_on": "11/11/2020",
            "issuing_body": "Ban Chỉ đạo huyện", "signer": "Lê Phú Quốc", "subject": "Kết luận của Trưởng Ban Chỉ đạo",
            "file": pdf_upload(), "submit_token": uuid.uuid4().hex,
            "t0-point": "1", "t0-text": "Tuyên truyền khẩu hiệu", "t0-lead": f"a{agency.pk}", "t0-deadline_kind": "date",
            "t0-deadline_date": "25/11/2020", "t0-expected": "report",
            "t1-point": "8", "t1-text": "Báo cáo Chỉ thị văn hóa cơ sở", "t1-lead_person": "Phó Trưởng Ban Chỉ đạo",
            "t1-deadline_kind": "meeting", "t1-meeting_month": "12/2020", "t1-expected": "document",
            "t2-point": "6", "t2-text": "Tổng vệ sinh môi trường", "t2-lead": f"c{hoa_ninh.pk}",
            "t2-deadline_kind": "recurring", "t2-recurring_count": "3", "t2-recurring_year": "2021",
            "t2-expected": "events"}
    data.update(extra)
    return data


def test_the_office_enters_a_conclusion_with_three_tasks(login, coordinator, district, agency, hoa_ninh, settings):
    settings.DIRECTIVES_MEETING_DAY = 25
    client = login(coordinator)
    assert 'name="t4-text"' in client.get(reverse("directives:directive_new")).content.decode()  # 5 rows by default
    token = uuid.uuid4().hex
    response = client.post(reverse("directives:directive_new"), _new_post(agency, hoa_ninh, submit_token=token))
    document = Document.objects.get(number="15-TB/BCĐ")
    assert response.status_code == 302 and response["Location"] == reverse("directives:document_detail",
                                                                            args=[document.pk])
    assert (document.owner, document.kind, document.issued_on) == (district, "TB", datetime.date(2020, 11, 11))
    assert document.current_version.file.read(5) == b"%PDF-"
    tasks = list(Task.objects.filter(document=document).order_by("position"))
    assert [(t.point, t.lead_name) for t in tasks] == [
        ("1", agency.name), ("8", "Phó Trưởng Ban Chỉ đạo"), ("6", hoa_ninh.full_name)]
    assert list(TaskDeadline.objects.filter(task__document=document).order_by("task__position", "occurrence")
                .values_list("due_on", flat=True)) == [
        datetime.date(2020, 11, 25), datetime.date(2020, 12, 25), datetime.date(2021, 4, 30),
        datetime.date(2021, 8, 31), datetime.date(2021, 12, 31)]
    # the same form sent again (a double click): still one document
    again = client.post(reverse("directives:directive_new"), _new_post(agency, hoa_ninh, submit_token=token))
    assert again.status_code == 302
    assert Document.objects.filter(number="15-TB/BCĐ").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Tại phiên họp thường kỳ tháng 12/2020" in page and "3 đợt trong năm 2021" in page


@pytest.mark.parametrize("bad", [
    {"t1-lead": "", "t1-lead_person": ""},  # a point without a lead
    {"t0-lead_person": "Ai đó"},  # two leads
    {"t1-meeting_month": "13/2020"},
    {"file": None},
])
def test_bad_input_saves_nothing(login, coordinator, agency, hoa_ninh, bad):
    data = _new_post(agency, hoa_ninh, **bad)
    if data["file"] is None:
        data["file"] = io.BytesIO(b"not a pdf")
        data["file"].name = "ket-luan.pdf"
    response = login(coordinator).post(reverse("directives:directive_new"), data)
    assert response.status_code == 200
    assert not Document.objects.exists() and not Task.objects.exists()
    assert "alert" in response.content.decode() or "invalid-feedback" in response.content.decode()


def test_more_rows_keeps_what_was_typed_and_saves_nothing(login, coordinator, agency, hoa_ninh):
    response = login(coordinator).post(reverse("directives:directive_new"),
                                       _new_post(agency, hoa_ninh, **{"them-dong": "8"}))
    page = response.content.decode()
    assert 'name="t7-text"' in page and "Tuyên truyền khẩu hiệu" in page and "invalid-feedback" not in page
    assert not Document.objects.exists()


def test_board_shows_overdue_in_red_by_deadline_and_by_unit(login, leader, tasks, focal_point, agency,
                                                           django_assert_max_num_queries):
    progress_report(deadline=tasks["7"].deadlines.get(), state=TaskState.DONE, text="Đã trình cơ chế",
                    actor=focal_point)
    client = login(leader)
    with time_machine.travel(NOV_28, tick=False):
        # session, user, memberships, scope's coordinating unit, tasks' deadlines, their reports, documents
        with django_assert_max_num_queries(12):
            page = client.get(reverse("directives:board")).content.decode()
        by_unit = client.get(reverse("directives:board"), {"theo": "don-vi"}).content.decode()
        overdue = client.get(reverse("directives:board"), {"tinh-trang": "overdue"}).content.decode()
    rows = {d.task.point: d.pk for d in TaskDeadline.objects.select_related("task")}
    assert f'class="table-danger text-danger" data-deadline="{rows["2a"]}"' in page  # due 25/11: overdue
    assert f'class="" data-deadline="{rows["7"]}"' in page and "Đã hoàn thành" in page  # done
    assert f'class="" data-deadline="{rows["1"]}"' in page  # due 10/12: not yet
    assert "Xã Hòa Ninh báo cáo" in overdue and "Xây dựng cơ chế" not in overdue
    assert f"<h2 class=\"h5 mt-3\">{agency.name}</h2>" in by_unit


def test_board_queries_do_not_grow_with_tasks(login, coordinator, district, agency, tasks,
                                              django_assert_max_num_queries):
    from tests.directives.factories import dated, make_directive

    client = login(coordinator)
    client.get(reverse("directives:board"))
    make_directive(owner=district, actor=coordinator, number="2", tasks=[
        dated(f"Nhiệm vụ {i}", datetime.date(2026, 12, i + 1), lead_agency=agency) for i in range(8)])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("directives:board")).content.decode()
    assert page.count("data-deadline=") == 12


def test_a_lead_unit_sees_its_own_tasks(login, tasks, focal_point, commune_officer, other_commune_officer):
    mine = login(focal_point).get(reverse("directives:my_tasks")).content.decode()
    assert "Xây dựng cơ chế hỗ trợ" in mine and "Tổ chức tuyên truyền" not in mine and "Xã Hòa Ninh" not in mine
    commune = login(commune_officer).get(reverse("directives:my_tasks")).content.decode()
    assert "Xã Hòa Ninh báo cáo" in commune and "Xã Gia Bắc" not in commune
    client = login(other_commune_officer)
    assert client.get(reverse("directives:task_detail", args=[tasks["2a"].pk])).status_code == 404
    assert client.get(reverse("directives:deadline_report", args=[tasks["2a"].deadlines.get().pk])).status_code == 404
    assert client.get(reverse("directives:task_detail", args=[tasks["2b"].pk])).status_code == 200


def test_followup_report_pdf_and_workbook(tasks, district, focal_point):
    progress_report(deadline=tasks["7"].deadlines.get(), state=TaskState.DONE, text="Đã trình cơ chế",
                    actor=focal_point, today=datetime.date(2026, 11, 28))
    from directives.followup import followup_pdf, followup_xlsx

    data = followup_data(unit=district, period_start=datetime.date(2026, 11, 16),
                         period_end=datetime.date(2026, 11, 30))
    assert [r.task.point for r in data.done_in_period] == ["7"]
    assert sorted(r.task.point for r in data.overdue) == ["2a", "2b"]
    assert [r.task.point for r in data.due_next] == ["1"]
    text = " ".join(" ".join(check_document(followup_pdf(data), kind_title="BÁO CÁO", appendices=1,
                                            kind_name="Báo cáo")).split())
    assert "từ ngày 16/11/2026 đến ngày 30/11/2026" in text
    assert "Trong kỳ có 1 nhiệm vụ hoàn thành" in text and "2 nhiệm vụ quá hạn" in text
    book = openpyxl.load_workbook(io.BytesIO(followup_xlsx(data)))
    units = book.worksheets[1]
    cells = {row[0].value: [c.value for c in row[1:]] for row in units.iter_rows(min_row=4) if row[0].value}
    assert cells["Tổng cộng"] == [4, 1, 0, 2, 0]
    states = [row[5].value for row in book.worksheets[0].iter_rows(min_row=4)]
    assert states.count("Quá hạn") == 2 and states.count("Đã hoàn thành") == 1


def test_followup_is_emailed_on_the_16th_and_the_30th_once(tasks, district):
    RollupRecipient.objects.create(district=district, name="Trưởng Ban Chỉ đạo", email="truongban@example.vn")
    assert followup_send(unit=district, today=datetime.date(2026, 11, 29)) is False  # not a report day
    assert followup_send(unit=district, today=datetime.date(2026, 11, 30)) is True
    assert followup_send(unit=district, today=datetime.date(2026, 11, 30)) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["truongban@example.vn"] and "16/11/2026" in message.subject
    assert [a[0] for a in message.attachments] == ["theo-doi-chi-dao-2026-11-30.pdf", "theo-doi-chi-dao-2026-11-30.xlsx"]
    assert FollowupReport.objects.get().period_start == datetime.date(2026, 11, 16)
    assert AuditEntry.objects.filter(action="directives.followup_send").count() == 1


def test_the_beat_schedule_runs_the_follow_up_jobs(tasks, district):
    from directives.tasks import followup_reports_task
    from reporting.schedule import PERIODIC_JOBS

    jobs = {job.task: job for job in PERIODIC_JOBS}
    assert jobs["directives.task_reminders"].crontab == {"minute": 0, "hour": 7}
    assert jobs["directives.followup_reports"].crontab == {"minute": 30, "hour": 7}
    RollupRecipient.objects.create(district=district, name="Trưởng Ban Chỉ đạo", email="truongban@example.vn")
    sixteenth = datetime.datetime(2026, 12, 16, 7, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    with time_machine.travel(sixteenth - datetime.timedelta(days=1), tick=False):
        assert followup_reports_task() == 0
    with time_machine.travel(sixteenth, tick=False):
        assert followup_reports_task() == 1
        assert followup_reports_task() == 0
    assert FollowupReport.objects.get().period_start == datetime.date(2026, 12, 1)
    assert "01/12/2026" in mail.outbox[0].subject


def test_the_lead_agency_reads_the_document_with_its_own_tasks_only(login, directive, tasks, focal_point):
    client = login(focal_point)
    page = client.get(reverse("directives:document_detail", args=[directive.pk])).content.decode()
    assert "Xây dựng cơ chế hỗ trợ" in page and "Tổ chức tuyên truyền" not in page
    response = client.get(reverse("directives:document_file", args=[directive.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_office_adds_a_point_to_a_document(login, coordinator, directive, other_agency):
    client = login(coordinator)
    url = reverse("directives:task_add", args=[directive.pk])
    assert client.post(url, {"t0-text": "", "t0-deadline_kind": "none", "t0-expected": "report"}).status_code == 200
    response = client.post(url, {"t0-point": "11", "t0-text": "Sơ kết 6 tháng", "t0-lead": f"a{other_agency.pk}",
                                 "t0-deadline_kind": "date", "t0-deadline_date": "15/01/2027",
                                 "t0-expected": "report"})
    assert response.status_code == 302
    task = Task.objects.get(document=directive, point="11")
    assert (task.lead_agency, task.position, task.deadlines.get().due_on) == (
        other_agency, 5, datetime.date(2027, 1, 15))
