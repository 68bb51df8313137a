import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.loaders import DI_LINH, load_territory
from ntm_portal.tabular import TableError


class Command(BaseCommand):
    help = ("Nạp địa bàn từ tệp CSV hoặc XLSX: đơn vị (gso_code, name, kind[, parent_code, valid_from, valid_to, "  # names the district level
            "successor_code, ntm_status_2021, notes]) và thôn, tổ dân phố. Loại: tinh, thanh_pho, huyen, xa, phuong, "
            "thi_tran, dac_khu. Đơn vị không ghi parent_code thuộc huyện mặc định (--district-code), hoặc thuộc tỉnh "
            "khi --district-code \"\". Tệp có lỗi thì không nạp gì. Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--communes", default=str(DI_LINH["communes"]),
                            help="Tệp đơn vị: gso_code, name, kind[, parent_code, valid_from, valid_to, successor_code, "
                                 "ntm_status_2021, notes]")
        parser.add_argument("--villages", default=str(DI_LINH["villages"]),
                            help="Tệp thôn: commune_code, village_name, kind, households[, as_of, demo]")
        parser.add_argument("--no-villages", action="store_true", help="Chỉ nạp xã.")
        parser.add_argument("--province-code", default=DI_LINH["province_code"])
        parser.add_argument("--province-name", default=DI_LINH["province_name"])
        parser.add_argument("--district-code", default=DI_LINH["district_code"],
                            help="Huyện mặc định; ghi \"\" khi các xã trực thuộc tỉnh (sau 01/07/2025).")
        parser.add_argument("--district-name", default=DI_LINH["district_name"])
        parser.add_argument("--as-of", default=None, help="Ngày của số hộ khi tệp không ghi (yyyy-mm-dd).")

    def handle(self, *args, **options):
        as_of = datetime.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        try:
            reports = load_territory(
                communes_file=options["communes"],
                villages_file=None if options["no_villages"] else options["villages"],
                province_code=options["province_code"], province_name=options["province_name"],
                district_code=options["district_code"], district_name=options["district_name"],
                households_as_of=as_of,
            )
        except TableError as exc:
            raise CommandError("Không nạp gì cả, tệp có lỗi:\n" + "\n".join(f"  - {e}" for e in exc.errors)) from None
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {exc.filename}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Địa bàn: {reports['units']}. Số hộ dân: {reports['households']}."
        ))
        for merged in reports["merged"]:
            self.stdout.write(str(merged))
