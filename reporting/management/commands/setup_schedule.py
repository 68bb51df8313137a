from django.core.management.base import BaseCommand

from reporting.schedule import schedule_sync


class Command(BaseCommand):
    help = "Tạo các tác vụ định kỳ còn thiếu (nhắc danh sách, tổng hợp thứ Hai…). Không ghi đè lịch đã sửa."

    def handle(self, *args, **options):
        created, existing = schedule_sync()
        self.stdout.write(self.style.SUCCESS(f"Tác vụ định kỳ: thêm mới {created}, đã có {existing}."))
