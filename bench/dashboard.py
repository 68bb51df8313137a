"""Benchmark: server time and query count of the district dashboard and the compliance view.

Run bench/generate.py first (district or province scale; same database settings). Usage:

    .venv/bin/python bench/dashboard.py [--requests 30]
    BENCH_DATABASE_URL=sqlite:///var/bench-rollup-province.sqlite3 .venv/bin/python bench/dashboard.py

For Di Linh's latest action day it requests each page through Django's full request stack (test
client: middleware, access scope, selectors, template) as a district leader and reports, over
--requests requests, the median and 95th percentile of wall time, for a cold cache (cleared before
every request: the figures are computed) and a warm one (served from the per-scope cache), with
the number of SQL queries of one request of each kind. The CPU column is this process's CPU time
(Django's share; the database's work in SQLite is in it, PostgreSQL's is not): on a machine shared
with other work it moves much less than wall time.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench-rollup.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.test")
os.environ["DATABASE_URL"] = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
                              or f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--district", default="679", help="code of the district to measure (national: e.g. N011)")
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from campaigns.models import ActionDay, DayReport, RosterEntry, VillageResult
    from directory.models import Agency, Commune, District, Membership, Role

    district = District.objects.get(code=args.district)
    user, _ = get_user_model().objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(user=user, role=Role.LEADER, unit=district)
    client = Client()
    client.force_login(user)
    day = (ActionDay.objects.filter(programme__owner=district, date__lte=django.utils.timezone.localdate())
           .exclude(status="cancelled").order_by("-date").first())
    print(f"database {connection.vendor} {connection.settings_dict['NAME']}: "
          f"{District.objects.count()} districts, {Commune.objects.count()} communes, {Agency.objects.count()} agencies, "
          f"{ActionDay.objects.count()} action days, {DayReport.objects.count():,} day reports, "
          f"{VillageResult.objects.count():,} village results, {RosterEntry.objects.count():,} roster entries")
    print(f"action day {day.date:%d/%m/%Y}; {args.requests} requests each\n")
    print("| page | cache | median | p95 | CPU median | queries |")
    print("|---|---|---|---|---|---|")
    for label, url in (("district dashboard", f"/tong-quan/?ngay={day.date.isoformat()}"),
                       ("district dashboard, 52-day trend", f"/tong-quan/?ngay={day.date.isoformat()}&so_tuan=52"),
                       ("compliance view", f"/tong-quan/tuan-thu/?ngay={day.date.isoformat()}"),
                       ("filings of the day", f"/chuong-trinh/ngay-ra-quan/{day.pk}/bao-cao/")):
        client.get(url, HTTP_HOST="127.0.0.1")  # compile templates, warm the connection
        for warm in (False, True):
            times, cpu = [], []
            for _ in range(args.requests):
                if not warm:
                    cache.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                assert response.status_code == 200, response.status_code
            if not warm:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url, HTTP_HOST="127.0.0.1")
            print(f"| {label} | {'warm' if warm else 'cold'} | {statistics.median(times) * 1000:.0f} ms "
                  f"| {p95(times) * 1000:.0f} ms | {statistics.median(cpu) * 1000:.0f} ms | {len(queries)} |")


if __name__ == "__main__":
    main()
