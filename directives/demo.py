"""Demo data of the follow-up: seed 002's conclusion (Triệu Sơn, 11/2020: ten points) entered for the
demo district as one notice of conclusion with its tasks, and a few months of progress — some done,
some overdue, one extended, one upcoming (its reminder goes out on the next morning run).

Dates are relative to today so the board always shows a live picture. Idempotent: a second run
finds the demo document and adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from directory.models import Agency, Commune, District
from library.models import Document, DocumentKind

from .deadlines import month_end
from .models import DeadlineKind, ExpectedResult, Task, TaskDeadline, TaskState
from .services import TaskInput, deadline_extend, directive_create, progress_report

DEMO_NUMBER = "12-TB/BCĐ"
OFFICE = "Văn phòng Điều phối nông thôn mới huyện"
SUBJECT = ("Kết luận của đồng chí Bí thư Huyện ủy - Trưởng Ban Chỉ đạo thực hiện Chương trình mục tiêu quốc gia "
           "xây dựng nông thôn mới huyện tại hội nghị đánh giá kết quả hoạt động của Ban Chỉ đạo")


def _demo_pdf() -> bytes:
    """A one-page PDF standing in for the scanned notice (ASCII text; the real file is the office's scan)."""
    text = b"BT /F1 14 Tf 72 760 Td (THONG BAO Ket luan cua Truong Ban Chi dao - ban minh hoa) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclasses.dataclass
class DirectivesSeedResult:
    documents: int = 0
    tasks: int = 0
    reports: int = 0

    def __str__(self) -> str:
        return f"{self.documents} văn bản chỉ đạo, {self.tasks} nhiệm vụ, {self.reports} báo cáo tiến độ mới"


def _agency(district, name):
    return Agency.objects.filter(owner=district, name=name).first()


def _points(district, issued: datetime.date, today: datetime.date) -> list[TaskInput]:
    tuyen_giao, vhtt = _agency(district, "Ban Tuyên giáo Huyện ủy"), _agency(district, "Phòng Văn hóa và Thông tin")
    ttvh = _agency(district, "Trung tâm Văn hóa - Thể thao và Truyền thông")
    tnmt, tckh = _agency(district, "Phòng Tài nguyên và Môi trường"), _agency(district, "Phòng Tài chính - Kế hoạch")
    hoa_ninh, gia_bac = Commune.objects.get(code="25036"), Commune.objects.get(code="25051")
    next_month = (issued.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)

    def lead(agency, person):
        return {"lead_agency": agency} if agency else {"lead_person": person}

    return [
        TaskInput(point="1", text="Làm tốt công tác tuyên truyền những chủ trương của Đảng, Nhà nước, của cấp ủy, chính "
                  "quyền từ huyện đến cơ sở về Chương trình mục tiêu quốc gia xây dựng nông thôn mới, bảo đảm nội "
                  "dung trực quan, sinh động, thiết thực; thống nhất khẩu hiệu tuyên truyền.",
                  **lead(tuyen_giao, "Ban Tuyên giáo Huyện ủy"), co_agencies=[a for a in (ttvh,) if a],
                  co_others=OFFICE, deadline_kind=DeadlineKind.NONE, expected=ExpectedResult.REPORT),
        TaskInput(point="2", text="Rà soát toàn bộ các nội dung công việc đã làm, đang làm và còn dang dở để báo cáo "
                  "Ban Chỉ đạo; hướng dẫn các xã báo cáo kết quả chỉ đạo và hồ sơ (thành lập, kiện toàn Ban Chỉ đạo "
                  "xã, phân công thành viên).", lead_person=OFFICE, deadline_kind=DeadlineKind.DATE,
                  deadline_date=issued + datetime.timedelta(days=14), expected=ExpectedResult.REPORT),
        TaskInput(point="2a", text="Báo cáo kết quả chỉ đạo Chương trình xây dựng nông thôn mới của xã, kèm hồ sơ thành "
                  "lập và kiện toàn Ban Chỉ đạo, phân công nhiệm vụ thành viên, gửi Trưởng Ban Chỉ đạo huyện qua Văn "
                  "phòng Điều phối.", lead_commune=hoa_ninh, deadline_kind=DeadlineKind.DATE,
                  deadline_date=issued + datetime.timedelta(days=14), expected=ExpectedResult.REPORT),
        TaskInput(point="2b", text="Báo cáo kết quả chỉ đạo Chương trình xây dựng nông thôn mới của xã, kèm hồ sơ thành "
                  "lập và kiện toàn Ban Chỉ đạo, phân công nhiệm vụ thành viên, gửi Trưởng Ban Chỉ đạo huyện qua Văn "
                  "phòng Điều phối.", lead_commune=gia_bac, deadline_kind=DeadlineKind.DATE,
                  deadline_date=issued + datetime.timedelta(days=14), expected=ExpectedResult.REPORT),
        TaskInput(point="3", text="Chủ động nắm bắt, chỉ đạo cơ sở: xã đã đạt chuẩn tiếp tục củng cố tiêu chí, xây dựng "
                  "lộ trình nông thôn mới nâng cao, kiểu mẫu; xã chưa đạt chuẩn về đích đúng kế hoạch.",
                  lead_person="Các thành viên Ban Chỉ đạo, các Tiểu ban, các đồng chí Thường vụ Huyện ủy - Trưởng cụm",
                  deadline_kind=DeadlineKind.NONE, expected=ExpectedResult.REPORT),
        TaskInput(point="4", text="Tiếp thu ý kiến tại hội nghị, hoàn thiện báo cáo kết quả hoạt động của Ban Chỉ đạo "
                  "năm: kết quả chuyển biến, tồn tại, hạn chế, nguyên nhân và giải pháp sát đúng.", lead_person=OFFICE,
                  deadline_kind=DeadlineKind.DATE, deadline_date=issued + datetime.timedelta(days=20),
                  expected=ExpectedResult.DOCUMENT),
        TaskInput(point="5", text="Chuẩn bị đề cương báo cáo gửi các thành viên Ban Chỉ đạo (các thành viên, các Tiểu "
                  "ban báo cáo bằng văn bản vào các ngày 14 và 28 hằng tháng).", lead_person=OFFICE,
                  deadline_kind=DeadlineKind.DATE, deadline_date=issued + datetime.timedelta(days=10),
                  expected=ExpectedResult.DOCUMENT),
        TaskInput(point="6", text="Tham mưu UBND huyện văn bản chỉ đạo các xã, thị trấn phát động phong trào tổng vệ sinh "
                  "môi trường: tổ chức 01 đợt cao điểm trong tháng.", **lead(tnmt, "Phòng Tài nguyên và Môi trường"),
                  deadline_kind=DeadlineKind.DATE, deadline_date=month_end(issued.year, issued.month),
                  expected=ExpectedResult.EVENTS),
        TaskInput(point="6a", text="Tổng vệ sinh môi trường trên địa bàn toàn huyện: tổ chức 03 đợt trong năm.",
                  **lead(tnmt, "Phòng Tài nguyên và Môi trường"), deadline_kind=DeadlineKind.RECURRING,
                  recurring_count=3, recurring_year=today.year, expected=ExpectedResult.EVENTS),
        TaskInput(point="7", text="Xây dựng cơ chế hỗ trợ cụ thể cho các xã, báo cáo Thường trực, Thường vụ Huyện ủy.",
                  **lead(tckh, "Phòng Tài chính - Kế hoạch"), co_others=OFFICE + ", các địa phương",
                  deadline_kind=DeadlineKind.DATE, deadline_date=issued + datetime.timedelta(days=19),
                  expected=ExpectedResult.DOCUMENT),
        TaskInput(point="8", text="Hoàn thành tiêu chí văn hóa cơ sở; tham mưu báo cáo Ban Thường vụ Huyện ủy Chỉ thị "
                  "nâng cao chất lượng tiêu chí văn hóa cơ sở.", **lead(vhtt, "Phòng Văn hóa và Thông tin"),
                  deadline_kind=DeadlineKind.MEETING, meeting_month=next_month, expected=ExpectedResult.DOCUMENT),
        TaskInput(point="9", text="Xây dựng kế hoạch, lộ trình: xã nông thôn mới nâng cao, xã nông thôn mới kiểu mẫu, "
                  "thôn nông thôn mới kiểu mẫu; báo cáo Ban Thường vụ Huyện ủy.", lead_person=OFFICE,
                  deadline_kind=DeadlineKind.MEETING, meeting_month=issued.replace(day=1),
                  expected=ExpectedResult.DOCUMENT),
        TaskInput(point="10", text="Tham mưu UBND huyện bổ sung kinh phí hoạt động của Ban Chỉ đạo huyện vào dự toán năm.",
                  **lead(tckh, "Phòng Tài chính - Kế hoạch"), deadline_kind=DeadlineKind.DATE,
                  deadline_date=today + datetime.timedelta(days=2), expected=ExpectedResult.DOCUMENT),
    ]


def _report(deadline, state, text, actor, day, result, reason=""):
    report = progress_report(deadline=deadline, state=state, text=text, reason=reason, actor=actor, today=day,
                             submit_token=f"demo-{deadline.pk}-{state}")
    if report is not None:
        result.reports += 1


@transaction.atomic
def seed_directives(*, district_code: str = "679", today: datetime.date | None = None) -> DirectivesSeedResult:
    today = today or timezone.localdate()
    result = DirectivesSeedResult()
    district = District.objects.get(code=district_code)
    if Document.objects.filter(owner=district, number=DEMO_NUMBER, is_demo=True).exists():
        return result
    User = get_user_model()
    office = User.objects.filter(username="dieuphoi").first()
    agency_user = User.objects.filter(username="coquan.tckh").first() or office
    commune_user = User.objects.filter(username="xa.hoaninh").first() or office
    issued = today - datetime.timedelta(days=75)
    tasks = _points(district, issued, today)
    document = directive_create(
        owner=district, actor=office, is_demo=True, tasks=tasks,
        upload=SimpleUploadedFile("12-TB-BCD.pdf", _demo_pdf(), content_type="application/pdf"),
        document_data={"kind": DocumentKind.NOTICE, "number": DEMO_NUMBER, "issued_on": issued,
                       "issuing_body": "Ban Chỉ đạo các Chương trình mục tiêu quốc gia huyện",
                       "signer": "Phó Trưởng Ban Chỉ đạo", "subject": SUBJECT})
    result.documents, result.tasks = 1, len(tasks)
    by_point = {t.point: t for t in Task.objects.filter(document=document)}

    def first(point):
        return TaskDeadline.objects.filter(task=by_point[point]).order_by("occurrence")

    day = issued + datetime.timedelta(days=7)
    _report(first("1")[0], TaskState.IN_PROGRESS, "Đã phát hành 12.000 tờ rơi, 45 pa-nô, khẩu hiệu tại các xã; phối "
            "hợp Đài Phát thanh - Truyền hình tỉnh phát 4 phóng sự.", office, day, result)
    _report(first("2")[0], TaskState.DONE, "Đã rà soát, báo cáo Ban Chỉ đạo; đã ban hành hướng dẫn hồ sơ cho các xã.",
            office, issued + datetime.timedelta(days=12), result)
    _report(first("2a")[0], TaskState.DONE, "Đã gửi báo cáo kết quả chỉ đạo và hồ sơ kiện toàn Ban Chỉ đạo xã.",
            commune_user, issued + datetime.timedelta(days=13), result)
    _report(first("5")[0], TaskState.DONE, "Đã gửi đề cương báo cáo cho các thành viên Ban Chỉ đạo.", office,
            issued + datetime.timedelta(days=9), result)
    _report(first("4")[0], TaskState.IN_PROGRESS, "Đang tổng hợp ý kiến các thành viên.", office,
            issued + datetime.timedelta(days=15), result)
    _report(first("6")[0], TaskState.DONE, "Đã tổ chức đợt cao điểm tổng vệ sinh môi trường tại 19/19 xã.", office,
            month_end(issued.year, issued.month), result)
    recurring = list(first("6a"))
    if recurring and recurring[0].due_on < today:
        _report(recurring[0], TaskState.DONE, "Đã tổ chức đợt 1 tổng vệ sinh môi trường.", office,
                recurring[0].due_on - datetime.timedelta(days=3), result)
    _report(first("7")[0], TaskState.IN_PROGRESS, "Đã lấy ý kiến các xã; dự thảo cơ chế đang hoàn thiện.",
            agency_user, issued + datetime.timedelta(days=16), result)
    _report(first("9")[0], TaskState.DONE, "Đã báo cáo Ban Thường vụ Huyện ủy kế hoạch, lộ trình tại phiên họp.",
            office, issued + datetime.timedelta(days=18), result)
    culture = first("8")[0]
    if culture.due_on is not None:
        deadline_extend(deadline=culture, new_due_on=max(culture.due_on, today) + datetime.timedelta(days=20),
                        reason="Chờ ý kiến thẩm định của Sở Văn hóa, Thể thao và Du lịch.", actor=office)
    _report(culture, TaskState.IN_PROGRESS, "Đã có dự thảo Chỉ thị, đang lấy ý kiến các ngành.", office,
            today - datetime.timedelta(days=5), result)
    return result
