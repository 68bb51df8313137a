"""A storm of logins end to end (issue 16, item 3): what 300 logins cost on this machine.

    .venv/bin/python bench/load/login_storm.py                    # 300 logins, 3 processes (as gunicorn's 3 workers)
    .venv/bin/python bench/load/login_storm.py --logins 300 --processes 1

Each login is what a browser does: GET the login page, then POST the user name and password
(`/tai-khoan/dang-nhap/`), through the whole Django stack with the load run's settings
(bench/load/bench_settings.py: PostgreSQL BENCH_LOAD_DATABASE_URL, Redis BENCH_LOAD_REDIS_URL): the
middleware, django-axes, the portal's Argon2id check (ntm_portal/hashers.py), the session written,
`last_login` saved — no network, no gunicorn. The users are the demo's active users in turn (password
ntm@2026). The logins are split over --processes processes started together, which share the two
cores as gunicorn's workers would; it prints the wall time of the whole storm, the CPU time of the
Django processes (PostgreSQL's and Redis's work is not in it), and the median / p95 / max of one login
(GET + POST). Bounded: it stops after --max-seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "load"), str(ROOT)]
LOGIN_URL = "/tai-khoan/dang-nhap/"


def _setup() -> None:
    from run import PASSWORD, env_for  # noqa: F401 — the load run's environment, so the figures match its server

    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_load")
    redis_url = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
    env = env_for(database_url, redis_url)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    import django

    django.setup()


def _worker(usernames: list[str], deadline: float, start_at: float, out) -> None:
    _setup()
    from django.test import Client
    from run import PASSWORD

    times = []
    while time.time() < start_at:  # start together
        time.sleep(0.001)
    cpu_start = time.process_time()
    # One client, as one gunicorn worker: a new Client would build the middleware again (WhiteNoise scans
    # the static files when it starts), which a server does once. Each login starts without cookies.
    client = Client()
    client.get(LOGIN_URL)
    for username in usernames:
        if time.time() > deadline:
            break
        client.cookies.clear()
        start = time.perf_counter()
        client.get(LOGIN_URL)
        response = client.post(LOGIN_URL, {"username": username, "password": PASSWORD})
        times.append(time.perf_counter() - start)
        if response.status_code != 302:
            out.put(("error", f"{username}: {response.status_code}"))
    out.put(("done", times, time.process_time() - cpu_start))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logins", type=int, default=300)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--max-seconds", type=int, default=180)
    args = parser.parse_args()

    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    usernames = list(get_user_model().objects.filter(is_active=True).order_by("pk").values_list("username", flat=True))
    storm = [usernames[i % len(usernames)] for i in range(args.logins)]
    from django.db import connections

    connections.close_all()  # the children open their own
    queue = multiprocessing.get_context("fork").Queue()
    start_at = time.time() + 2
    deadline = start_at + args.max_seconds
    workers = [multiprocessing.get_context("fork").Process(
        target=_worker, args=(storm[i::args.processes], deadline, start_at, queue)) for i in range(args.processes)]
    for worker in workers:
        worker.start()
    times, cpu, errors, done = [], 0.0, [], 0
    while done < len(workers):
        message = queue.get(timeout=args.max_seconds + 60)
        if message[0] == "error":
            errors.append(message[1])
        else:
            times += message[1]
            cpu += message[2]
            done += 1
    wall = time.time() - start_at
    for worker in workers:
        worker.join()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"hasher: {settings.PASSWORD_HASHERS[0]}; {len(usernames)} users in turn; {args.processes} processes")
    print(f"{len(times)} logins (GET + POST) in {wall:.1f} s wall: {len(times) / wall:.1f} logins/s")
    print(f"CPU of the Django processes: {cpu:.1f} s in all, {cpu / max(len(times), 1) * 1000:.1f} ms per login")
    print(f"one login: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms; errors: {len(errors)}")
    for error in errors[:5]:
        print("  ", error)


if __name__ == "__main__":
    main()
