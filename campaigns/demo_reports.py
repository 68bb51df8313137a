"""Demo data for weekly plans and day reports: the 12 past action days of every commune.

Some reports are late, some missing, some villages take part weakly, some proposals are
answered. Deterministic (seeded per commune and day) and idempotent: a commune × day that
already has a plan is left alone. Runs after `campaigns.demo.seed_rosters`.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directory.models import Agency, Assignment, Commune, District
from directory.selectors import villages_of
from ntm_portal.audit import audit_record

from .models import (
    ActionDay,
    Attendance,
    DayReport,
    Programme,
    Proposal,
    RosterEntry,
    Task,
    TaskResult,
    TaskType,
    VillageResult,
    WeeklyPlan,
)
from .task_types import seed_task_types

PAST_WEEKS = 12
PROPOSALS = [
    "Đề nghị hỗ trợ thêm thùng rác và xe thu gom cho thôn.",
    "Đề nghị sửa chữa đoạn đường liên thôn bị sạt lở sau mưa.",
    "Đề nghị cấp cây giống để trồng hàng rào xanh dọc đường thôn.",
    "Đề nghị nạo vét mương thoát nước đoạn qua khu dân cư.",
    "Đề nghị bố trí điểm tập kết rác tập trung cho thôn.",
    "Đề nghị hỗ trợ kinh phí làm đèn chiếu sáng đường thôn.",
]
ANSWERS = [
    "Đã bố trí trong kế hoạch tháng tới; đơn vị sẽ liên hệ thôn để triển khai.",
    "Đã khảo sát hiện trường, đưa vào danh mục sửa chữa năm nay.",
    "Đã cấp theo đề nghị; đề nghị xã tổ chức tiếp nhận và chăm sóc.",
]
ABSENCE_REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Trực cơ quan"]


@dataclasses.dataclass
class ReportSeedResult:
    plans: int = 0
    reports: int = 0
    late: int = 0
    proposals: int = 0
    created: int = 0

    def __str__(self) -> str:
        return (f"{self.plans} kế hoạch tuần, {self.reports} báo cáo ({self.late} nộp muộn), "
                f"{self.proposals} kiến nghị (thêm mới lần này: {self.created})")


def _local(day: datetime.date, hour: int, days_after: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=days_after), datetime.time(hour),
                                     tzinfo=timezone.get_current_timezone())


@transaction.atomic
def seed_reports(*, district_code: str = "679", today: datetime.date | None = None) -> ReportSeedResult:
    today = today or timezone.localdate()
    district = District.objects.get(code=district_code)
    seed_task_types(TaskType)
    programme = Programme.objects.filter(owner=district).order_by("pk").first()
    result = ReportSeedResult()
    if programme is not None:
        days = list(programme.action_days.filter(status=ActionDay.Status.OPEN, date__lt=today)
                    .select_related("programme").order_by("-date")[:PAST_WEEKS])
        communes = list(Commune.objects.current().filter(parent=district).order_by("code"))
        done = set(WeeklyPlan.objects.filter(action_day__in=days).values_list("commune_id", "action_day_id"))
        todo = [(c, d) for d in days for c in communes if (c.pk, d.pk) not in done]
        if todo:
            result.created = _seed(district, communes, todo, days, today)
        result.plans = WeeklyPlan.objects.filter(action_day__programme=programme).count()
        reports = DayReport.objects.filter(action_day__programme=programme)
        result.reports = reports.count()
        result.late = reports.filter(is_late=True).count()
        result.proposals = Proposal.objects.filter(commune__parent=district).count()
    if result.created:
        audit_record(actor=None, action="demo.seed", target=programme, unit=district,
                     note=f"{result.created} bản ghi minh họa (kế hoạch, báo cáo kết quả)")
    return result


def _seed(district, communes, todo, days, today) -> int:
    types = {t.code: t for t in TaskType.objects.all()}
    choices = [types[c] for c in ("ve-sinh-duong", "thu-gom-rac-kg", "phat-don-bui-ram", "nao-vet-muong",
                                  "trong-cay", "hang-rao-xanh", "tuyen-truyen") if c in types]
    villages_by_commune = defaultdict(list)
    for village in villages_of([c.pk for c in communes]):
        villages_by_commune[village.parent_id].append(village)
    agencies = defaultdict(list)
    for a in Assignment.objects.filter(commune__in=communes, valid_to__isnull=True).select_related("agency"):
        agencies[a.commune_id].append(a.agency)
    any_agency = Agency.objects.filter(owner=district).order_by("name").first()
    newest = days[0]
    created = 0

    plans = {}
    for commune, day in todo:
        plans[(commune.pk, day.pk)] = WeeklyPlan(commune=commune, action_day=day, note="Tổng vệ sinh đường thôn, "
                                                 "thu gom rác thải, phát dọn bụi rậm.")
    WeeklyPlan.objects.bulk_create(plans.values())
    created += len(plans)

    tasks, task_agencies = [], []
    for commune, day in todo:
        rng = random.Random(f"plan-{commune.code}-{day.date}")
        for village in villages_by_commune[commune.pk]:
            for task_type in rng.sample(choices, k=rng.randint(1, 2)):
                quantity = Decimal(rng.choice([50, 100, 200, 300, 500, 800])) if task_type.unit != "hộ" else \
                    Decimal(rng.randint(10, 40))
                task = Task(plan=plans[(commune.pk, day.pk)], village=village, task_type=task_type,
                            quantity=quantity, place=f"Đường trục chính {village.name}",
                            tools="Chổi, cuốc, xẻng, xe rùa", expected_participants=rng.randint(20, 80))
                tasks.append(task)
                if agencies[commune.pk] and rng.random() < 0.5:
                    task_agencies.append((task, rng.choice(agencies[commune.pk])))
    Task.objects.bulk_create(tasks, batch_size=500)
    through = Task.supporting_agencies.through
    through.objects.bulk_create([through(task_id=t.pk, agency_id=a.pk) for t, a in task_agencies], batch_size=500)
    created += len(tasks)
    tasks_by_plan_village = defaultdict(list)
    for task in tasks:
        tasks_by_plan_village[(task.plan_id, task.village_id)].append(task)

    reports = []
    for commune, day in todo:
        rng = random.Random(f"report-{commune.code}-{day.date}")
        roll = rng.random()
        if roll < 0.08 and day != newest:
            continue  # missing: the commune never filed
        deadline = day.filing_deadline
        late = roll > 0.85
        submitted_at = _local(day.date, 10, days_after=2) if late else deadline - datetime.timedelta(hours=5)
        status = DayReport.Status.ACCEPTED
        if day == newest:
            status = DayReport.Status.SUBMITTED if roll < 0.7 else DayReport.Status.DRAFT
        elif roll < 0.12:
            status = DayReport.Status.SUBMITTED
        filed = status != DayReport.Status.DRAFT
        reports.append(DayReport(
            commune=commune, action_day=day, status=status,
            remarks="Nhân dân hưởng ứng tích cực; một số thôn còn ít hộ tham gia." if filed else "",
            first_submitted_at=submitted_at if filed else None, submitted_at=submitted_at if filed else None,
            submission_count=1 if filed else 0, is_late=late and filed,
            reviewed_at=submitted_at + datetime.timedelta(days=1) if status == DayReport.Status.ACCEPTED else None,
        ))
    DayReport.objects.bulk_create(reports)
    created += len(reports)

    results, task_results = [], []
    for report in reports:
        rng = random.Random(f"villages-{report.commune.code}-{report.action_day.date}")
        plan = plans[(report.commune_id, report.action_day_id)]
        for index, village in enumerate(villages_by_commune[report.commune_id]):
            total = village.households or 150
            weak = (index % 7 == 3)  # the same few villages take part weakly week after week
            share = rng.uniform(0.05, 0.2) if weak else rng.uniform(0.35, 0.85)
            households = max(1, int(total * share))
            vr = VillageResult(
                report=report, village=village, households_total=village.households,
                households=min(households, total), residents=households + rng.randint(0, households),
                commune_staff=rng.randint(2, 8), teachers=rng.randint(0, 5), students=rng.randint(0, 40),
                waste_kg=Decimal(rng.randint(50, 900)), waste_m3=Decimal(rng.randint(0, 6)),
                remarks="Tỷ lệ hộ tham gia thấp, cần vận động thêm." if weak else "",
                proposal_text=rng.choice(PROPOSALS) if rng.random() < 0.12 else "",
            )
            results.append(vr)
            for task in tasks_by_plan_village[(plan.pk, village.pk)]:
                task_results.append(TaskResult(village_result=vr, task=task, task_type=task.task_type,
                                               quantity=(task.quantity * Decimal(rng.uniform(0.6, 1.2))).quantize(
                                                   Decimal("1"))))
    VillageResult.objects.bulk_create(results, batch_size=500)
    for tr in task_results:
        tr.village_result_id = tr.village_result.pk
    TaskResult.objects.bulk_create(task_results, batch_size=500)
    created += len(results) + len(task_results)

    proposals = []
    for vr in results:
        report = vr.report
        if not vr.proposal_text or report.status == DayReport.Status.DRAFT:
            continue
        rng = random.Random(f"proposal-{vr.village_id}-{report.action_day.date}")
        age = (today - report.action_day.date).days
        answered = age > 21 and rng.random() < 0.7
        assigned = answered or rng.random() < 0.4
        agency = rng.choice(agencies[report.commune_id]) if agencies[report.commune_id] else any_agency
        created_at = report.submitted_at
        proposals.append(Proposal(
            commune_id=report.commune_id, village_result=vr, village_id=vr.village_id,
            action_day_id=report.action_day_id, text=vr.proposal_text, created_at=created_at,
            status=Proposal.Status.ANSWERED if answered else (Proposal.Status.ASSIGNED if assigned else
                                                               Proposal.Status.OPEN),
            agency=agency if assigned else None,
            assigned_at=created_at + datetime.timedelta(days=2) if assigned else None,
            answer=rng.choice(ANSWERS) if answered else "",
            answered_at=created_at + datetime.timedelta(days=rng.randint(5, 20)) if answered else None,
        ))
    Proposal.objects.bulk_create(proposals)
    created += len(proposals)

    # Attendance of the roster people sent to each filed commune and day.
    filed = {(r.commune_id, r.action_day_id): r for r in reports if r.status != DayReport.Status.DRAFT}
    entries = list(RosterEntry.objects.filter(action_day__in=days, attendance=Attendance.UNKNOWN)
                   .select_related("roster"))
    marked = []
    for entry in entries:
        report = filed.get((entry.roster.commune_id, entry.action_day_id))
        if report is None:
            continue
        rng = random.Random(f"attendance-{entry.pk}")
        if rng.random() < 0.85:
            entry.attendance, entry.absence_reason = Attendance.PRESENT, ""
        else:
            entry.attendance, entry.absence_reason = Attendance.ABSENT, rng.choice(ABSENCE_REASONS)
        entry.attendance_recorded_at = report.submitted_at
        marked.append(entry)
    RosterEntry.objects.bulk_update(marked, ["attendance", "absence_reason", "attendance_recorded_at"],
                                    batch_size=500)
    return created + len(marked)
