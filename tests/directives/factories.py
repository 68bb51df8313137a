"""Test data of the follow-up, built through the services (as the office would enter it)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from directives.demo import _demo_pdf
from directives.models import DeadlineKind
from directives.services import TaskInput, directive_create


def pdf_upload(name: str = "ket-luan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _demo_pdf(), content_type="application/pdf")


def make_directive(*, owner, actor, tasks: list[TaskInput], number: str = "12-TB/BCĐ",
                   issued_on: datetime.date = datetime.date(2026, 11, 2), upload: bool = True):
    return directive_create(
        owner=owner, actor=actor, tasks=tasks, upload=pdf_upload() if upload else None,
        document_data={"kind": "TB", "number": number, "issued_on": issued_on,
                       "issuing_body": "Ban Chỉ đạo huyện", "signer": "Lê Phú Quốc",
                       "subject": "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị đánh giá kết quả năm"})


def dated(text: str, due: datetime.date, **lead) -> TaskInput:
    return TaskInput(text=text, deadline_kind=DeadlineKind.DATE, deadline_date=due, **lead)


def directive_world(*, district, agency, commune, coordinator) -> dict:
    """The ids the directives URLs name, for the role × URL matrices: a conclusion with a task led by
    `agency` (its deadline, a progress report with a file) and one led by `commune`."""
    from directives.models import ProgressFile
    from directives.services import progress_report

    document = make_directive(owner=district, actor=coordinator, tasks=[
        dated("Xây dựng cơ chế hỗ trợ cụ thể cho các xã", datetime.date(2026, 11, 30), lead_agency=agency, point="7"),
        dated("Xã báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=commune, point="2a"),
    ])
    task = document.directive_tasks.get(point="7")
    deadline = task.deadlines.get()
    report = progress_report(deadline=deadline, state="in_progress", text="Đang dự thảo", actor=coordinator,
                             uploads=[pdf_upload("du-thao.pdf")])
    return {"document_id": document.pk, "dtask_id": task.pk, "deadline_id": deadline.pk,
            "file_id": ProgressFile.objects.get(report=report).pk}
