"""Benchmark: bytes a phone transfers for the filing pages, first visit (empty cache) and repeat visit.

Sets up a throw-away SQLite database with the Di Linh territory and the directory, roster and report demo data,
collects the static files as production does (WhiteNoise, hashed names, pre-compressed .gz/.br),
serves the portal with gunicorn and opens each page in Debian's Chromium through Playwright at
360×740. Bytes are Playwright's `request.sizes()` — response headers + encoded body, i.e. what
went over the wire — summed over every request the page made. Usage:

    .venv/bin/python bench/page_weight.py [--keep-db] [--mode production|run]

`--mode production` (default): gunicorn with the base settings, as docker-compose serves it.
`--mode run`: `manage.py runserver` with the local settings, exactly what `make run` serves.
Measured: the officer's filing pages (xa.hoaninh) and the district dashboard (lanhdao).

Prints a Markdown table (paste it into bench/README.md).
"""

from __future__ import annotations

import argparse
import gzip
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench-pages.sqlite3"
STATIC = ROOT / "var" / "bench-static"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "ntm_portal.settings.base",  # production storage: hashed + compressed static
    "DATABASE_URL": f"sqlite:///{DB}",
    "STATIC_ROOT": str(STATIC),
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "DJANGO_DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "AXES_FAILURE_LIMIT": "1000",
}
PY = str(ROOT / ".venv" / "bin" / "python")


LOCAL_ENV = {**{k: v for k, v in ENV.items() if k != "DJANGO_DEBUG"}, "DJANGO_SETTINGS_MODULE": "ntm_portal.settings.local"}


def manage(*args: str, env: dict | None = None) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env or ENV, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(keep: bool, mode: str = "production") -> None:
    if not (keep and DB.exists()):
        DB.parent.mkdir(exist_ok=True)
        DB.unlink(missing_ok=True)
        manage("migrate", "--noinput", "-v0")
        manage("load_territory", "-v0")
        # The seeders these pages need (not all of seed_demo: other capabilities are not measured here).
        manage("shell", "-c", "from directory.demo import seed_directory; from campaigns.demo import seed_rosters; "
               "from campaigns.demo_reports import seed_reports; seed_directory(); seed_rosters(); seed_reports()")
    manage("collectstatic", "--noinput", "-v0", env=LOCAL_ENV if mode == "run" else ENV)


def pages(base: str) -> list[tuple[str, str, str]]:
    """The officer's filing pages for the latest action day that has a report (from the demo data)."""
    os.environ.update({k: v for k, v in ENV.items() if k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")})
    import django

    django.setup()
    from campaigns.models import ActionDay, DayReport
    from directory.models import Commune

    hoa_ninh = Commune.objects.get(name="Hòa Ninh")
    report = DayReport.objects.filter(commune=hoa_ninh).order_by("-action_day__date").first()
    upcoming = ActionDay.objects.filter(programme__owner=hoa_ninh.parent, date__gt=report.action_day.date) \
        .order_by("date").first() or report.action_day
    prefix = f"{base}/chuong-trinh/xa/{hoa_ninh.pk}"
    officer = "xa.hoaninh"
    return [
        ("Kế hoạch và báo cáo tuần (danh sách tuần)", f"{prefix}/cac-tuan/", officer),
        ("Lập kế hoạch tuần", f"{prefix}/ngay/{upcoming.pk}/ke-hoach/", officer),
        ("Nhập báo cáo kết quả (10 thôn)", f"{prefix}/ngay/{report.action_day_id}/bao-cao/", officer),
        ("Xem báo cáo đã nộp", f"{prefix}/ngay/{report.action_day_id}/bao-cao/xem/", officer),
        ("Tổng quan toàn huyện (lãnh đạo)", f"{base}/tong-quan/", "lanhdao"),
    ]


def measure(base: str, targets: list[tuple[str, str, str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        states = {}
        for username in {user for _label, _url, user in targets}:
            login = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
            page = login.new_page()
            page.goto(f"{base}/tai-khoan/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill("ntm@2026")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{base}/")
            states[username] = login.storage_state()
            login.close()
        for label, url, username in targets:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                          storage_state=states[username])
            page = context.new_page()
            visits = []
            for _visit in ("first", "repeat"):
                seen: list = []

                def keep(request, seen=seen):
                    seen.append(request)

                page.on("requestfinished", keep)
                response = page.goto(url, wait_until="load")
                assert response.ok, (url, response.status)
                page.wait_for_load_state("networkidle")
                page.remove_listener("requestfinished", keep)
                total, requests = 0, 0
                for request in seen:
                    sizes = request.sizes()
                    transferred = sizes["responseHeadersSize"] + sizes["responseBodySize"]
                    total += max(transferred, 0)
                    requests += 1 if sizes["responseBodySize"] > 0 else 0
                visits.append((total, requests))
            html = page.content().encode()
            rows.append({
                "page": label, "first": visits[0][0], "first_requests": visits[0][1],
                "repeat": visits[1][0], "repeat_requests": visits[1][1],
                "html": len(html), "html_gzip": len(gzip.compress(html)),
            })
            context.close()
        browser.close()
    return rows


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="reuse var/bench-pages.sqlite3 if it exists")
    parser.add_argument("--mode", choices=["production", "run"], default="production",
                        help="gunicorn + base settings, or runserver + local settings as `make run`")
    args = parser.parse_args()
    prepare(args.keep_db, args.mode)
    port = free_port()
    if args.mode == "run":
        server = subprocess.Popen([PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  cwd=ROOT, env=LOCAL_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "ntm_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
             "-w", "2", "--log-level", "warning"], cwd=ROOT, env=ENV,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/tai-khoan/dang-nhap/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        rows = measure(base, pages(base))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("| page | first visit | requests | repeat visit | requests | HTML (raw / gzip) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['page']} | {kb(r['first'])} | {r['first_requests']} | {kb(r['repeat'])} | "
              f"{r['repeat_requests']} | {kb(r['html'])} / {kb(r['html_gzip'])} |")


if __name__ == "__main__":
    main()
