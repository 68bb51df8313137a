"""`manage.py build_rollup --unit CODE --date 2025-03-15 [--out DIR] [--reason ...]`

Builds the roll-up of a coordinating unit (a district, a province's office or a merged commune,
by its GSO code; `--district` is the former name of the option) for a past action day (a new
stored version), writes the PDF and XLSX and prints their paths. With --out the files are also
copied there.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import ActionDay
from directory.models import AdministrativeUnit, UnitLevel
from reporting.models import RollUp
from reporting.services import rollup_build, rollup_request


class Command(BaseCommand):
    help = ("Tổng hợp báo cáo tuần của một đơn vị điều phối (tỉnh, huyện hoặc xã) cho một ngày ra quân; "  # names the district level
            "in đường dẫn tệp PDF và XLSX.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị hành chính (GSO) của đơn vị điều phối.")
        parser.add_argument("--district", help="Tên cũ của --unit.")
        parser.add_argument("--date", required=True, help="Ngày ra quân, dạng yyyy-mm-dd.")
        parser.add_argument("--out", help="Thư mục ghi thêm một bản PDF và XLSX.")
        parser.add_argument("--reason", default="", help="Lý do, khi ngày này đã có báo cáo.")

    def handle(self, *args, date, unit=None, district=None, out=None, reason="", **options):
        code = unit or district
        if not code:
            raise CommandError("Cần ghi --unit MÃ (mã đơn vị điều phối).")
        try:
            day_date = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần yyyy-mm-dd).") from None
        # A code is unique per level among the units in force; a reused code (a merged commune
        # taking a former one's) is told apart by the programme that has this action day.
        units = list(AdministrativeUnit.objects.filter(code=code).exclude(level=UnitLevel.VILLAGE).order_by("pk"))
        if not units:
            raise CommandError(f"Không có đơn vị điều phối mã {code}.")
        action_day = (ActionDay.objects.filter(programme__owner__in=units, date=day_date)
                      .select_related("programme__owner").order_by("-programme__is_active", "pk").first())
        if action_day is None:
            names = ", ".join(u.full_name for u in units)
            raise CommandError(f"{names}: không có ngày ra quân {day_date:%d/%m/%Y}.")
        unit = action_day.programme.owner
        if RollUp.objects.filter(action_day=action_day).exists() and not reason:
            reason = "Tổng hợp lại bằng dòng lệnh"
        from reporting.services import AnonymousActor

        try:
            rollup = rollup_request(district=unit, action_day=action_day, actor=AnonymousActor(), reason=reason,
                                    trigger=RollUp.Trigger.COMMAND, enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        rollup = rollup_build(rollup=rollup)
        paths = [Path(rollup.pdf.path), Path(rollup.xlsx.path)]
        if out:
            target = Path(out)
            target.mkdir(parents=True, exist_ok=True)
            copies = []
            for path in paths:
                copy = target / path.name
                copy.write_bytes(path.read_bytes())
                copies.append(copy)
            paths = copies
        for path in paths:
            self.stdout.write(str(path.resolve()))
