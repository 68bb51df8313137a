import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ntm_portal.models import Heartbeat


class Command(BaseCommand):
    help = "Báo lỗi nếu tác vụ định kỳ không chạy trong N giây gần đây (kiểm tra beat + worker)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=300, help="Số giây tối đa từ lần chạy gần nhất.")

    def handle(self, *args, **options):
        beat = Heartbeat.objects.filter(name="beat").first()
        if beat is None:
            raise CommandError("Chưa có lần chạy nào của tác vụ định kỳ.")
        age = timezone.now() - beat.last_run_at
        if age > datetime.timedelta(seconds=options["max_age"]):
            raise CommandError(f"Tác vụ định kỳ chạy lần cuối cách đây {int(age.total_seconds())} giây.")
        self.stdout.write(f"OK: lần chạy gần nhất cách đây {int(age.total_seconds())} giây ({beat.runs} lần).")
