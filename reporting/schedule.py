"""The one place where periodic jobs are declared.

`manage.py setup_schedule` writes these into django-celery-beat's tables (the database
scheduler), creating what is missing and leaving alone what the coordinating office changed
in the admin ("Tác vụ định kỳ"). Times are Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


@dataclasses.dataclass(frozen=True)
class Job:
    name: str  # shown to the office in the admin
    task: str
    crontab: dict | None = None  # minute, hour, day_of_week (0 = Sunday)
    every_seconds: int | None = None
    description: str = ""


PERIODIC_JOBS: list[Job] = [
    Job(
        name="Nhịp kiểm tra worker và beat",
        task="ntm_portal.heartbeat",
        every_seconds=60,
        description="Ghi thời điểm chạy gần nhất; trang /health/ dùng để biết beat và worker còn chạy.",
    ),
    Job(
        name="Giữ lịch 8 ngày ra quân sắp tới",
        task="campaigns.action_days_keep_open",
        crontab={"minute": 15, "hour": 1, "day_of_week": 1},
        description="Mỗi thứ Hai, tạo các ngày ra quân của 8 tuần tới (không mở lại ngày đã tạm hoãn).",
    ),
    Job(
        name="Nhắc cơ quan gửi danh sách tham gia",
        task="campaigns.roster_reminders",
        crontab={"minute": 0, "hour": 7, "day_of_week": 2},
        description="Sáng thứ Ba, nhắc các cơ quan, đơn vị chưa gửi danh sách (mỗi đơn vị một lần).",
    ),
    Job(
        name="Danh sách đơn vị chưa gửi danh sách tham gia",
        task="campaigns.roster_missing_lists",
        crontab={"minute": 0, "hour": 7, "day_of_week": 4},
        description="Sáng thứ Năm, gửi đơn vị điều phối và từng xã danh sách đơn vị chưa gửi (mỗi nơi một lần).",
    ),
    Job(
        name="Tổng hợp và gửi báo cáo tuần",
        task="reporting.rollups_due",
        every_seconds=15 * 60,
        description="Mỗi 15 phút, kiểm tra chương trình nào đã đến giờ tổng hợp báo cáo tuần (mặc định 07:30 "
                    "thứ Hai, theo cài đặt của chương trình) thì tổng hợp ngày ra quân vừa qua và gửi thư "
                    "(PDF và Excel) cho nơi nhận; mỗi ngày ra quân một lần, tự bù sau khi hệ thống ngừng.",
    ),
    Job(
        name="Nhắc hạn nhiệm vụ Ban Chỉ đạo giao",
        task="directives.task_reminders",
        crontab={"minute": 0, "hour": 7},
        description="07:00 mỗi ngày, nhắc đơn vị chủ trì (thư và thông báo trên cổng) trước hạn nhiệm vụ "
                    "(DIRECTIVES_REMIND_DAYS_BEFORE ngày, mặc định 3) và đúng ngày đến hạn; mỗi lần nhắc một lần.",
    ),
    Job(
        name="Nhắc thành viên Ban Chỉ đạo báo cáo kết quả chỉ đạo",
        task="directives.member_reminders",
        crontab={"minute": 5, "hour": 7},
        description="07:05 mỗi ngày, nhắc thành viên Ban Chỉ đạo có tài khoản (thư và thông báo trên cổng) "
                    "trước hạn báo cáo (ngày 14, 28 hoặc cuối quý, 6 tháng, năm; DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE "
                    "ngày, mặc định 2) và đúng ngày đến hạn, nếu chưa nộp; mỗi lần nhắc một lần.",
    ),
    Job(
        name="Báo cáo theo dõi thực hiện chỉ đạo ngày 16 và 30",
        task="directives.followup_reports",
        crontab={"minute": 30, "hour": 7},
        description="07:30 mỗi ngày; vào ngày 16 và ngày 30 (ngày cuối của tháng ngắn hơn), Văn phòng gửi báo cáo "
                    "theo dõi thực hiện chỉ đạo (PDF và Excel) cho nơi nhận báo cáo tuần; mỗi kỳ một lần.",
    ),
    Job(
        name="Sao lưu dữ liệu hằng đêm",
        task="ntm_portal.backup_run",
        crontab={"minute": 30, "hour": 1},
        description="01:30 mỗi đêm, sao lưu cơ sở dữ liệu và các tệp (ảnh, minh chứng, báo cáo) sang nơi lưu "
                    "riêng (BACKUP_DIR hoặc bucket); giữ 14 bản ngày, 8 bản tuần, 12 bản tháng. Đổi giờ tại đây.",
    ),
    Job(
        name="Kiểm tra bản sao lưu gần nhất",
        task="ntm_portal.backup_check",
        crontab={"minute": 5},
        description="Mỗi giờ, nếu quá 26 giờ (BACKUP_MAX_AGE_HOURS) chưa có bản sao lưu thành công thì gửi thư "
                    "cho cán bộ điều phối (một lần).",
    ),
]


@transaction.atomic
def schedule_sync() -> tuple[int, int]:
    """Create the periodic tasks that are missing. Returns (created, already there)."""
    created = existing = 0
    for job in PERIODIC_JOBS:
        if PeriodicTask.objects.filter(name=job.name).exists():
            existing += 1
            continue
        kwargs = {}
        if job.crontab is not None:
            kwargs["crontab"], _ = CrontabSchedule.objects.get_or_create(
                timezone=settings.TIME_ZONE,
                **{k: str(v) for k, v in {"minute": 0, "hour": "*", "day_of_week": "*",
                                          "day_of_month": "*", "month_of_year": "*", **job.crontab}.items()},
            )
        else:
            kwargs["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=job.every_seconds, period=IntervalSchedule.SECONDS
            )
        PeriodicTask.objects.create(name=job.name, task=job.task, description=job.description, **kwargs)
        created += 1
    return created, existing
