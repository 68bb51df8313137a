import pathlib

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import AdministrativeUnit
from library.importing import ImportFailed, import_folder


class Command(BaseCommand):
    help = ("Nhập kho văn bản vào thư viện: một thư mục tệp và một tệp CSV thông tin (cột: Tệp, Loại, Số ký hiệu, "
            "Ngày ban hành, Cơ quan ban hành, Người ký, Trích yếu, Ai được xem, Đơn vị được xem, Xã liên quan, "
            "Nội dung chữ). Có lỗi ở bất kỳ dòng nào thì không nhập dòng nào.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Thư mục chứa các tệp")
        parser.add_argument("--csv", help="Tệp CSV thông tin (mặc định: <thư mục>/danh-muc.csv)")
        parser.add_argument("--don-vi", dest="unit", required=True, help="Mã đơn vị lưu giữ (ví dụ 679)")
        parser.add_argument("--nguoi-nhap", dest="username", help="Tên đăng nhập của người nhập")

    def handle(self, *args, folder, csv=None, unit, username=None, **options):
        folder = pathlib.Path(folder)
        csv_path = pathlib.Path(csv) if csv else folder / "danh-muc.csv"
        if not folder.is_dir():
            raise CommandError(f"Không có thư mục {folder}.")
        if not csv_path.is_file():
            raise CommandError(f"Không có tệp CSV {csv_path}.")
        owner = AdministrativeUnit.objects.filter(code=unit).first()
        if owner is None:
            raise CommandError(f"Không có đơn vị mã {unit}.")
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {username}.")
        try:
            documents = import_folder(folder=folder, csv_bytes=csv_path.read_bytes(), owner=owner, user=user)
        except ImportFailed as failure:
            raise CommandError("Không nhập văn bản nào:\n" + "\n".join(failure.errors)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {len(documents)} văn bản vào thư viện của {owner.full_name}."))
