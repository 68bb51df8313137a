"""Demo data of the roll-up: the district's recipients and the roll-ups of the last action days.

Each roll-up costs a WeasyPrint layout (≈ 4 s at demo scale): ROLLUP_DEMO_WEEKS (default 2) says how many.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone

from campaigns.models import ActionDay, Programme
from directory.models import District

from .models import RollUp, RollupRecipient
from .services import AnonymousActor, rollup_build, rollup_ensure_first

DEMO_RECIPIENTS = [
    ("Phòng Nông nghiệp và PTNT huyện Di Linh", "phongnn.dilinh@example.vn"),
    ("Thường trực Huyện ủy Di Linh", "huyenuy.dilinh@example.vn"),
    ("Văn phòng HĐND và UBND huyện Di Linh", "ubnd.dilinh@example.vn"),
]


@dataclasses.dataclass
class RollupSeedResult:
    recipients: int = 0
    rollups: int = 0

    def __str__(self) -> str:
        return f"{self.recipients} nơi nhận, {self.rollups} báo cáo tổng hợp tuần mới"


def seed_rollups(*, district_code: str = "679", today: datetime.date | None = None) -> RollupSeedResult:
    today = today or timezone.localdate()
    result = RollupSeedResult()
    district = District.objects.get(code=district_code)
    for name, email in DEMO_RECIPIENTS:
        _r, created = RollupRecipient.objects.get_or_create(district=district, email=email, defaults={"name": name})
        result.recipients += created
    programme = Programme.objects.filter(owner=district).order_by("pk").first()
    if programme is None:
        return result
    days = list(programme.action_days.filter(date__lt=today).exclude(status=ActionDay.Status.CANCELLED)
                .select_related("programme").order_by("-date")[:settings.ROLLUP_DEMO_WEEKS])
    for day in days:
        rollup, created = rollup_ensure_first(district=district, action_day=day, trigger=RollUp.Trigger.COMMAND,
                                              actor=AnonymousActor())
        if rollup.status != RollUp.Status.READY:
            rollup_build(rollup=rollup)
            result.rollups += 1
    return result
