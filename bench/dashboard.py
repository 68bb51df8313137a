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
    parser.add_argument("--province", help="also measure as a leader of this province (national: e.g. N01)")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="then EXPLAIN (ANALYZE, BUFFERS) the N slowest queries of each page, cold (PostgreSQL)")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    if os.environ.get("BENCH_REDIS_URL"):  # the production cache instead of the test settings' local memory
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": os.environ["BENCH_REDIS_URL"]}}
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from campaigns.models import ActionDay, DayReport, RosterEntry, VillageResult
    from directory.models import Agency, Commune, District, Membership, Province, Role
    from reporting import dashboard as dash

    district = District.objects.get(code=args.district)
    day = (ActionDay.objects.filter(programme__owner=district, date__lte=django.utils.timezone.localdate())
           .exclude(status="cancelled").order_by("-date").first())
    commune = Commune.objects.current().filter(parent=district).order_by("code").first()
    print(f"database {connection.vendor} {connection.settings_dict['NAME']}, cache {type(cache).__name__}: "
          f"{District.objects.count()} districts, {Commune.objects.count()} communes, {Agency.objects.count()} agencies, "
          f"{ActionDay.objects.count()} action days, {DayReport.objects.count():,} day reports, "
          f"{VillageResult.objects.count():,} village results, {RosterEntry.objects.count():,} roster entries")
    print(f"district {district.code} ({Commune.objects.current().filter(parent=district).count()} communes), "
          f"action day {day.date:%d/%m/%Y}; {args.requests} requests each\n")

    # "This week moved": every request sees a new stamp for the day shown, as when a commune files it,
    # without writing to the database: the board and that day are computed, the weeks before come from
    # the cache (the trend's points are kept per day).
    real_day_stamps, moves = getattr(dash, "_day_stamps", None), iter(range(10**9))  # None: code before the per-day cache

    def moved_day_stamps(day_ids, commune_ids):
        stamps = real_day_stamps(day_ids, commune_ids)
        if day.pk in stamps:
            stamps[day.pk] += f"-moved{next(moves)}"
        return stamps

    iso = day.date.isoformat()
    pages = [("district dashboard", f"/tong-quan/?ngay={iso}", ("cold", "warm")),
             ("district dashboard, 52-week trend", f"/tong-quan/?ngay={iso}&so_tuan=52", ("cold", "this week moved", "warm")),
             ("commune dashboard", f"/tong-quan/xa/{commune.pk}/?ngay={iso}", ("cold", "warm")),
             ("commune dashboard, 52-week trend", f"/tong-quan/xa/{commune.pk}/?ngay={iso}&so_tuan=52", ("cold", "warm")),
             ("compliance view", f"/tong-quan/tuan-thu/?ngay={iso}", ("cold", "warm")),
             ("filings of the day", f"/chuong-trinh/ngay-ra-quan/{day.pk}/bao-cao/", ("–",))]
    readers = [("district leader", district)]
    if args.province:
        readers.append(("province leader", Province.objects.get(code=args.province)))
    print("| reader | page | cache | median | p95 | CPU median | queries |")
    print("|---|---|---|---|---|---|---|")
    for reader, unit in readers:
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{reader.replace(' ', '-')}-{unit.code}")
        Membership.objects.get_or_create(user=user, role=Role.LEADER, unit=unit)
        client = Client()
        client.force_login(user)
        for label, url, modes in pages:
            response = client.get(url, HTTP_HOST="127.0.0.1")  # compile templates, warm the connection
            if response.status_code != 200:
                print(f"| {reader} | {label} | – | HTTP {response.status_code} | | | |")
                continue
            for mode in modes:
                if mode == "this week moved" and real_day_stamps is None:
                    continue
                if mode == "this week moved":
                    dash._day_stamps = moved_day_stamps
                times, cpu = [], []
                for _ in range(args.requests):
                    if mode == "cold":
                        cache.clear()
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get(url, HTTP_HOST="127.0.0.1")
                    times.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - cpu_started)
                    assert response.status_code == 200, response.status_code
                if mode == "cold":
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    client.get(url, HTTP_HOST="127.0.0.1")
                if real_day_stamps is not None:
                    dash._day_stamps = real_day_stamps
                print(f"| {reader} | {label} | {mode} | {statistics.median(times) * 1000:.0f} ms "
                      f"| {p95(times) * 1000:.0f} ms | {statistics.median(cpu) * 1000:.0f} ms | {len(queries)} |",
                      flush=True)
    if args.explain:
        explain(Client, readers[0], pages, args.explain)


def explain(client_class, reader, pages, top: int) -> None:
    """The N slowest SQL queries of each page on a cold cache, each with the key lines of its plan:
    execution time, the scans (index, bitmap or sequential) and the rows they return."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_class()
    client.force_login(get_user_model().objects.get(username=f"bench-{reader[0].replace(' ', '-')}-{reader[1].code}"))
    seen = set()
    for label, url, _modes in pages:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, HTTP_HOST="127.0.0.1")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:top]
        print(f"\n### {label}: {len(queries)} queries, the {len(slowest)} slowest\n")
        for q in slowest:
            sql = q["sql"]
            if sql in seen or not sql.lstrip().upper().startswith("SELECT"):
                continue
            seen.add(sql)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            keep = [line for line in plan if any(k in line for k in (
                "Scan", "Execution Time", "Planning Time", "Aggregate", "Join", "Sort Method"))]
            print(f"- {float(q['time']) * 1000:.0f} ms in Django: `{sql[:300]}{'…' if len(sql) > 300 else ''}`")
            print("```")
            print("\n".join(line.rstrip() for line in keep[:18]))
            print("```")


if __name__ == "__main__":
    main()
