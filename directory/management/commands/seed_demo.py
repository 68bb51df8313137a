from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from directory.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa (chạy lại không tạo trùng): cơ quan, cán bộ, tài khoản, các tuần đã qua."

    def handle(self, *args, **options):
        # Each capability adds its own seeder to settings.DEMO_SEEDERS; the directory comes first.
        result = None
        for path in settings.DEMO_SEEDERS:
            outcome = import_string(path)()
            self.stdout.write(self.style.SUCCESS(f"{path}: {outcome}"))
            if result is None:
                result = outcome
        self.stdout.write(f"Tài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, label in result.logins:
            self.stdout.write(f"  {username:<22} {label}")
