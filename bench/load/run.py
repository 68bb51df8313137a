"""Load benchmark (issue 16): gunicorn on PostgreSQL + Redis, driven by Locust on loopback.

    make bench-load                                   # 60 and 300 users, 60 s each
    .venv/bin/python bench/load/run.py --users 300 --run-time 60 --workers 3
    .venv/bin/python bench/load/run.py --reuse-db --users 60 --users 300   # skip the demo seed

What it does, all on 127.0.0.1 and bounded in time:
1. makes the database BENCH_LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ntm_bench_load;
   its name must contain "bench"), migrates it and loads the Di Linh demo (`seed_demo`), unless --reuse-db;
2. starts gunicorn with the production settings (bench/load/bench_settings.py only relaxes the HTTPS
   cookie flags, as there is no TLS proxy here) and Redis database 12 as cache and broker;
3. for each --users N runs Locust headless (bench/load/locustfile.py: commune officers open and save
   the filing page of the week being filed, their draft — bench/load/drafts.py makes it if need be —, agency focal points open rosters, leaders open dashboards; 1–4 s think time)
   with a spawn rate of N/10 per second for --run-time seconds;
4. prints throughput, p50/p95/p99 and failures per page from Locust's CSV, and stops gunicorn.
Locust runs in its own venv, var/bench-load-venv (bench/load/requirements.txt), made on first use.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench-load"
LOCUST_VENV = ROOT / "var" / "bench-load-venv"
PORT = 8765
PASSWORD = "ntm@2026"


def env_for(database_url: str, redis_url: str) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "PYTHONPATH": f"{ROOT / 'bench' / 'load'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_SECRET_KEY": "bench-load-" + "not-a-secret-" * 5,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def prepare_database(database_url: str, env: dict) -> None:
    name = urlparse(database_url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to recreate {name!r}: its name does not contain 'bench'")
    admin = urlparse(database_url)._replace(path="/postgres").geturl()
    import psycopg2

    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    for step in (["migrate", "--noinput", "-v0"], ["load_territory"], ["load_criteria"], ["seed_demo"]):
        manage(env, *step)
    enlarge_focal_agency(env)


LARGE_AGENCY_STAFF = 1027  # the agency the review measured (issue 16): its home and roster page at that size


def enlarge_focal_agency(env: dict) -> None:
    """Bench only: give the focal point coquan.tckh's agency LARGE_AGENCY_STAFF active staff.

    The demo's agencies have at most ~60 staff; the review measured the agency pages with 1,027, so
    the bench tops the focal agency up to that many (plausible Vietnamese names from the demo's
    lists, folded for search as the directory stores them). Idempotent: run twice, it adds nobody.
    Runs in a child process, like `targets`.
    """
    script = r"""
import random, django
django.setup()
from django.db import transaction
from directory.demo import DEFAULT_POSITIONS, _person_name
from directory.models import Membership, Person, Role
from ntm_portal.text import fold

focal = Membership.objects.filter(role=Role.AGENCY_FOCAL_POINT, user__username="coquan.tckh").select_related("agency").get()
agency = focal.agency
missing = LARGE_AGENCY_STAFF - Person.objects.filter(agency=agency, is_active=True).count()
rng = random.Random(16027)
people = []
for _ in range(max(missing, 0)):
    name = _person_name(rng)
    people.append(Person(agency=agency, full_name=name, name_folded=fold(name), position=rng.choice(DEFAULT_POSITIONS[2:]),
                         phone="0" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(8)),
                         is_party_member=rng.random() < 0.45))
with transaction.atomic():
    Person.objects.bulk_create(people, batch_size=500)
print(f"{agency.name}: {len(people)} staff added, {Person.objects.filter(agency=agency, is_active=True).count()} active")
""".replace("LARGE_AGENCY_STAFF", str(LARGE_AGENCY_STAFF))
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def drafts_prepare(env: dict) -> None:
    """The commune officers' draft reports of the action day being filed (bench/load/drafts.py), made
    through the portal's services in a child process; a report that exists already is kept."""
    script = "import django; django.setup(); import drafts; print(drafts.prepare_drafts())"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def targets(env: dict) -> dict:
    """The demo's ids the Locust users need, read through Django in a child process."""
    script = r"""
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from campaigns.models import ActionDay
from directory.models import Assignment, Membership, Role

from drafts import filing_day

today = timezone.localdate()
past = ActionDay.objects.filter(date__lte=today, status="open").order_by("-date").first()
coming = ActionDay.objects.filter(date__gt=today, status="open").order_by("date").first() or past
filing = filing_day()  # the week being filed: each officer's report is a draft (drafts_prepare)
communes = []
for m in Membership.objects.filter(role=Role.COMMUNE_OFFICER).select_related("user", "unit"):
    communes.append({"username": m.user.username,
                     "filing_url": reverse("campaigns:day_report_edit", args=[m.unit_id, filing.pk])})
focal = Membership.objects.filter(role=Role.AGENCY_FOCAL_POINT, user__username="coquan.tckh").get()
assigned = Assignment.objects.open_on(today).filter(agency_id=focal.agency_id).values_list("commune_id", flat=True)
leader_communes = Membership.objects.filter(role=Role.COMMUNE_OFFICER).values_list("unit_id", flat=True)
print(json.dumps({
    "communes": communes,
    "agency": {"username": "coquan.tckh",
               "home_url": reverse("campaigns:agency_rosters", args=[focal.agency_id]),
               "roster_urls": [reverse("campaigns:roster_edit", args=[focal.agency_id, c, coming.pk]) for c in assigned]},
    "leader": {"username": "lanhdao",
               "commune_urls": [reverse("dashboards:commune", args=[c]) for c in leader_communes],
               "rollups_url": reverse("reporting:rollup_list")},
}))
"""
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    data["password"] = PASSWORD
    return data


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return True
    except OSError:
        return False


def ensure_locust() -> Path:
    locust = LOCUST_VENV / "bin" / "locust"
    if not locust.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run([str(LOCUST_VENV / "bin" / "pip"), "install", "-q", "--only-binary=:all:",
                        "-r", str(ROOT / "bench" / "load" / "requirements.txt")], check=True)
    return locust


def print_table(csv_prefix: Path, users: int, run_time: int) -> None:
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{users} users, {run_time} s (after a {max(1, users // 10)}/s ramp):")
    print(f"{'page':<28} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'fail':>5}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(f"{name:<28} {row['Request Count']:>8} {float(row['Requests/s']):>7.1f} "
              f"{row['50%']:>5}ms {row['95%']:>5}ms {row['99%']:>5}ms {row['Failure Count']:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, action="append", help="simulated users (repeatable); default 60 and 300")
    parser.add_argument("--run-time", type=int, default=60, help="seconds per run (max 600)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of the last run")
    args = parser.parse_args()
    run_time = min(args.run_time, 600)
    users_list = args.users or [60, 300]
    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_load")
    redis_url = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
    VAR.mkdir(parents=True, exist_ok=True)
    env = env_for(database_url, redis_url)
    if answers(PORT):
        sys.exit(f"port {PORT} is taken: stop what listens there first")
    if not args.reuse_db:
        prepare_database(database_url, env)
    manage(env, "collectstatic", "--noinput", "-v0")
    locust = ensure_locust()
    drafts_prepare(env)
    data = targets(env)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    log = open(VAR / "gunicorn.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "ntm_portal.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--timeout", "60"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not answers(PORT):
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit(f"gunicorn did not start: see {VAR / 'gunicorn.log'}")
            time.sleep(0.3)
        print(f"gunicorn: {args.workers} workers on 127.0.0.1:{PORT}; database {urlparse(database_url).path[1:]}")
        for users in users_list:
            prefix = VAR / f"users{users}"
            subprocess.run(
                [str(locust), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                 "--host", f"http://127.0.0.1:{PORT}", "-u", str(users), "-r", str(max(1, users // 10)),
                 "-t", f"{run_time}s", "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
                 "--loglevel", "WARNING"],
                env={**os.environ, "BENCH_TARGETS": json.dumps(data), "PYTHONPATH": str(ROOT / "bench" / "load")},
                cwd=ROOT, check=False,
                stdout=subprocess.DEVNULL, stderr=open(VAR / f"locust-users{users}.log", "w"),
                timeout=run_time + 120,
            )
            print_table(prefix, users, run_time)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
