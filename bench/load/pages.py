"""Per-page server time of the load mix's pages (issue 16), one request at a time.

    .venv/bin/python bench/load/pages.py                 # on the database of the last bench/load/run.py
    .venv/bin/python bench/load/pages.py --requests 15 --profile "filing page"   # pyinstrument of one page

Uses the same settings as the load run (bench/load/bench_settings.py, PostgreSQL BENCH_LOAD_DATABASE_URL,
Redis database 12 as cache) through Django's test client: middleware, access scope, selectors,
template — no network, no gunicorn. The filing page is the officer's draft of the week being filed
(bench/load/drafts.py makes it if need be, as run.py does); its save posts back what the page shows,
as the Locust officer does, and answers 302 like a real draft save. The rows "… filed report" are the
last action day's report, already submitted: its page, and the post of it back without a reason for
the change, which answers the page again with that error (it happens, but it is not the mix). Each page is asked once to warm the cache (as under load, where
every page is asked many times a minute), then --requests times; it prints the median and p95 wall time,
the median CPU time of this process (Django's share, which other processes on a shared machine
disturb less than wall time; PostgreSQL's and Redis's work is not in it), the bytes of the page and
the SQL queries of one warm request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "load"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--profile", help="page name to profile with pyinstrument (prints the tree)")
    parser.add_argument("--page", action="append", help="measure only this page (repeatable)")
    parser.add_argument("--flat", action="store_true", help="with --profile: a flat list of the functions by own time")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one warm request of each page, with times")
    parser.add_argument("--cold", action="store_true", help="clear the cache before every request")
    parser.add_argument("--only", help="only the pages whose name contains this text")
    args = parser.parse_args()

    from run import VAR, env_for, manage  # the load run's environment, so the figures match its server

    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_load")
    redis_url = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
    env = env_for(database_url, redis_url)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if not (VAR / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone
    from drafts import filed_day, filing_day, prepare_drafts

    from campaigns.models import ActionDay
    from directory.models import Assignment, Membership, Role
    from reporting.models import RollUp

    prepare_drafts()  # a database seeded before the drafts came in gets them now
    today = timezone.localdate()
    past = ActionDay.objects.filter(date__lte=today, status="open").order_by("-date").first()
    filing, filed = filing_day(), filed_day()
    coming = ActionDay.objects.filter(date__gt=today, status="open").order_by("date").first() or past
    officer = Membership.objects.filter(role=Role.COMMUNE_OFFICER, user__username="xa.hoaninh").select_related(
        "user").first() or Membership.objects.filter(role=Role.COMMUNE_OFFICER).select_related("user").first()
    focal = Membership.objects.filter(role=Role.AGENCY_FOCAL_POINT, user__username="coquan.tckh").get()
    commune_id = Assignment.objects.open_on(today).filter(agency_id=focal.agency_id).values_list(
        "commune_id", flat=True).first()
    users = get_user_model().objects
    # The page a leader opens from the list: the latest week's roll-up of the leader's unit.
    leader_units = Membership.objects.filter(user__username="lanhdao").values("unit_id")
    latest_rollup = RollUp.objects.filter(district_id__in=leader_units, status=RollUp.Status.READY).order_by(
        "-action_day__date", "-version").first()
    pages = [
        ("filing page", officer.user.username, reverse("campaigns:day_report_edit", args=[officer.unit_id, filing.pk])),
        ("filing page, filed report", officer.user.username,
         reverse("campaigns:day_report_edit", args=[officer.unit_id, filed.pk])),
        ("commune officer's home", officer.user.username, "/"),
        ("agency home", "coquan.tckh", reverse("directory:agency_detail", args=[focal.agency_id])),
        ("agency rosters", "coquan.tckh", reverse("campaigns:agency_rosters", args=[focal.agency_id])),
        ("agency roster page", "coquan.tckh",
         reverse("campaigns:roster_edit", args=[focal.agency_id, commune_id, coming.pk])),
        ("dashboard", "lanhdao", "/tong-quan/"),
        ("commune dashboard", "lanhdao", reverse("dashboards:commune", args=[officer.unit_id])),
        ("compliance", "lanhdao", "/tong-quan/tuan-thu/"),
        ("roll-up list", "lanhdao", reverse("reporting:rollup_list")),
        ("roll-up detail", "lanhdao", reverse("reporting:rollup_detail", args=[latest_rollup.pk])),
        ("login page", None, "/tai-khoan/dang-nhap/"),
    ]
    from postform import PostForm

    def save_post(client, url) -> dict:
        """What the Locust officer posts: the filing page's fields as a browser sends them, action=save."""
        parser = PostForm()
        parser.feed(client.get(url).content.decode())
        data: dict[str, list[str]] = {}
        for name, value in parser.forms[0] + [("action", "save")]:
            data.setdefault(name, []).append(value)
        return data

    pages.insert(1, ("filing page POST (save)", officer.user.username, pages[0][2]))
    pages.insert(3, ("filing page POST, filed report", officer.user.username, pages[2][2]))
    expected = {"filing page POST (save)": (302,), "filing page POST, filed report": (200,)}
    print(f"{'page':<31} {'bytes':>8} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>7}")
    for name, username, url in pages:
        if ((args.profile and name != args.profile) or (args.only and args.only not in name)
                or (args.page and name not in args.page)):
            continue
        client = Client()
        if username:
            client.force_login(users.get(username=username))
        post = save_post(client, url) if name in expected else None

        def ask(client=client, url=url, post=post):
            return client.post(url, post) if post is not None else client.get(url)

        response = ask()
        assert response.status_code in expected.get(name, (200,)), (name, url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = ask()
        query_count = len(queries)  # read now: the next request empties the log
        if args.sql:
            for q in queries.captured_queries:
                print(f"  {float(q['time']) * 1000:6.1f}ms  {q['sql'][:400]}")
        times, cpu = [], []
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        for _ in range(args.requests):
            if args.cold:
                cache.clear()
            start, cpu_start = time.perf_counter(), time.process_time()
            ask()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        if profiler is not None:
            profiler.stop()
            from pyinstrument.renderers import ConsoleRenderer

            print(profiler.output(ConsoleRenderer(unicode=True, color=False, flat=args.flat, show_all=False)))
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{name:<31} {len(response.content) / 1024:>6.0f}KB {statistics.median(times):>6.1f}ms "
              f"{p95:>6.1f}ms {statistics.median(cpu):>6.1f}ms {query_count:>7}")


if __name__ == "__main__":
    main()
