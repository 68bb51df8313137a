"""Production processes without Docker: gunicorn + Celery worker + beat on PostgreSQL and Redis.

The same docker/entrypoint.sh that docker-compose runs starts each process, with production
settings. The test checks that a page is served and that a periodic task really went
beat → Redis → worker → database.
"""

import socket
import subprocess
import sys
import urllib.request

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from ntm_portal.models import Heartbeat
from reporting.schedule import schedule_sync
from tests.integration.conftest import ROOT, entrypoint_processes, production_env, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, accept: str = "text/html"):
    try:
        request = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except OSError:
        return None


def test_web_worker_and_beat_run_the_periodic_job_through_redis(services, tmp_path):
    schedule_sync()
    # The office may change the schedule in the database; here: every second, to keep the test short.
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(task="ntm_portal.heartbeat").update(interval=every_second)

    port = _free_port()
    env = production_env(services, tmp_path, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=120)
    with entrypoint_processes(("web", "worker", "beat"), env) as logs:
        base = f"http://127.0.0.1:{port}"
        status, body = wait_for(lambda: _get(f"{base}/tai-khoan/dang-nhap/"), 90, "gunicorn to serve the login page")
        assert status == 200 and "Đăng nhập" in body and "Tên đăng nhập" in body
        status, body = wait_for(lambda: _get(f"{base}/health/", "application/json"), 30, "/health/")
        assert status == 200 and "Database" in body
        beat = wait_for(lambda: Heartbeat.objects.filter(name="beat", runs__gte=2).first(), 90,
                        "two heartbeats sent by beat and run by the worker")
        assert beat.runs >= 2
        worker_log = logs["worker"].read_text()
        assert "ntm_portal.heartbeat" in worker_log and "succeeded" in worker_log
        assert "Sending due task" in logs["beat"].read_text()
