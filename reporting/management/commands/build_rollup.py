"""`manage.py build_rollup --district 679 --date 2025-03-15 [--out DIR] [--reason ...]`

Builds the roll-up of a past action day (a new stored version), writes the PDF and XLSX and prints
their paths. With --out the files are also copied there.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import ActionDay
from directory.models import District
from reporting.models import RollUp
from reporting.services import rollup_build, rollup_request


class Command(BaseCommand):
    help = "Tổng hợp báo cáo tuần của một huyện cho một ngày ra quân; in đường dẫn tệp PDF và XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="Mã huyện (GSO), ví dụ 679.")
        parser.add_argument("--date", required=True, help="Ngày ra quân, dạng yyyy-mm-dd.")
        parser.add_argument("--out", help="Thư mục ghi thêm một bản PDF và XLSX.")
        parser.add_argument("--reason", default="", help="Lý do, khi ngày này đã có báo cáo.")

    def handle(self, *args, district, date, out=None, reason="", **options):
        unit = District.objects.filter(code=district).first()
        if unit is None:
            raise CommandError(f"Không có huyện mã {district}.")
        try:
            day_date = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần yyyy-mm-dd).") from None
        action_day = ActionDay.objects.filter(programme__owner=unit, date=day_date).select_related("programme").first()
        if action_day is None:
            raise CommandError(f"Huyện {unit} không có ngày ra quân {day_date:%d/%m/%Y}.")
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
