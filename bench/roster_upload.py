"""Benchmark: upload and save of a 1,000-row roster file, beside openpyxl's own read of the same file.

Runs the real views (upload → preview → save) through Django's test client on a throw-away
database, and measures wall time and peak Python memory (tracemalloc). Usage:

    .venv/bin/python bench/roster_upload.py [--rows 1000] [--repeat 3] [--profile]

By default it uses a fresh SQLite file under var/; set BENCH_DATABASE_URL to use PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import pathlib
import statistics
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench-roster.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def build_file(rows: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Chức vụ", "Số điện thoại", "Đảng viên", "Ghi chú"])
    for i in range(1, rows + 1):
        ws.append([i, f"Nguyễn Thị Thử Nghiệm {i:04d}", "Chuyên viên", f"09{i:08d}", "Có" if i % 3 else "Không",
                   "Tổ dọn vệ sinh đường thôn" if i % 5 == 0 else ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def timed(fn, *args):
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def peak_memory(fn, *args) -> int:
    """Peak of Python allocations while fn runs (tracemalloc slows code down: timed separately)."""
    tracemalloc.start()
    fn(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def openpyxl_read(data: bytes) -> int:
    """What openpyxl alone costs: open the workbook as the import does and read every cell value."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    return sum(1 for _row in wb.active.iter_rows(values_only=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of the last run")
    args = parser.parse_args()

    import django

    if "BENCH_DATABASE_URL" not in os.environ:
        DB.parent.mkdir(exist_ok=True)
        DB.unlink(missing_ok=True)
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False
    call_command("migrate", verbosity=0)
    call_command("load_territory", verbosity=0, as_of="2023-01-01")

    from django.contrib.auth import get_user_model

    from campaigns.models import ActionDay, Programme, Roster, RosterEntry
    from directory.models import Agency, Assignment, Commune, District, Membership, Person, Role

    district = District.objects.get(code="679")
    communes = list(Commune.objects.filter(parent=district).order_by("code")[: args.repeat])
    agency, _ = Agency.objects.get_or_create(owner=district, name="Đơn vị đo hiệu năng", defaults={"kind": "company"})
    user, _ = get_user_model().objects.get_or_create(username="bench")
    Membership.objects.get_or_create(user=user, role=Role.AGENCY_FOCAL_POINT, agency=agency)
    programme, _ = Programme.objects.get_or_create(owner=district)
    data = build_file(args.rows)
    print(f"Tệp: {args.rows} dòng, {len(data) / 1024:.0f} KB; cơ sở dữ liệu: {settings.DATABASES['default']['ENGINE']}")

    base_times, base_peaks, times, peaks = [], [], [], []

    def new_day(commune):
        # A new day for each upload: the same people cannot be on two rosters of one day.
        last = programme.action_days.order_by("-date").values_list("date", flat=True).first()
        start = max(last or datetime.date(2030, 1, 5), datetime.date(2030, 1, 5))
        return ActionDay.objects.create(programme=programme, date=start + datetime.timedelta(weeks=1))

    def upload_and_save(client, commune, day):
        args_ = [agency.pk, commune.pk, day.pk]
        response = client.post(reverse("campaigns:roster_upload", args=args_),
                               {"file": SimpleUploadedFile("danh-sach.xlsx", data)})
        assert response.status_code == 302, response.content.decode()[:2000]
        response = client.post(response.url)
        assert response.status_code == 302
        roster = Roster.objects.get(agency=agency, commune=commune, action_day=day)
        assert roster.entry_count == args.rows == RosterEntry.objects.filter(roster=roster).count()

    client = Client()
    client.force_login(user)
    for run, commune in enumerate(communes):
        Assignment.objects.get_or_create(agency=agency, commune=commune, defaults={"valid_from": datetime.date(2023, 1, 1)})
        base_times.append(timed(openpyxl_read, data))
        base_peaks.append(peak_memory(openpyxl_read, data))
        if args.profile and run == len(communes) - 1:
            from pyinstrument import Profiler

            day = new_day(commune)
            with Profiler() as profiler:
                upload_and_save(client, commune, day)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            return
        day = new_day(commune)
        times.append(timed(upload_and_save, client, commune, day))
        day = new_day(commune)
        peaks.append(peak_memory(upload_and_save, client, commune, day))
        print(f"  lần {run + 1}: openpyxl đọc {base_times[-1]:.2f} s, đỉnh {base_peaks[-1] / 2**20:.1f} MiB; "
              f"tải lên + lưu {times[-1]:.2f} s, đỉnh {peaks[-1] / 2**20:.1f} MiB"
              f"{f' (lần đầu: {args.rows} cán bộ mới vào danh sách cán bộ)' if run == 0 else ''}")
    # The same people every run, never doubled (a rerun on PostgreSQL starts with them there).
    assert Person.objects.filter(agency=agency).count() == args.rows

    later = times[1:] or times
    base, full = statistics.median(base_times), statistics.median(later)
    print(f"Thời gian (trung vị các lần sau lần đầu): openpyxl đọc {base:.2f} s; "
          f"tải lên + kiểm tra + xem trước + lưu {full:.2f} s; tỷ lệ {full / base:.1f}×")
    print(f"Lần đầu (thêm {args.rows} cán bộ mới): {times[0]:.2f} s; tỷ lệ {times[0] / base:.1f}×")
    print(f"Bộ nhớ đỉnh (tracemalloc): openpyxl đọc {max(base_peaks) / 2**20:.1f} MiB; "
          f"tải lên + lưu {max(peaks) / 2**20:.1f} MiB; tỷ lệ {max(peaks) / max(base_peaks):.1f}×")


if __name__ == "__main__":
    main()
