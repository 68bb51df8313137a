"""Production processes without Docker: gunicorn + Celery worker + beat on PostgreSQL and Redis.

The same docker/entrypoint.sh that docker-compose runs starts each process, with production
settings. The test checks that a page is served and that a periodic task really went
beat → Redis → worker → database.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from ntm_portal.models import Heartbeat
from reporting.schedule import schedule_sync

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


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
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        **services,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "ntm_portal.settings.production",
        "DJANGO_SECRET_KEY": "integration-" + "s3cr3t-K3y-" * 5,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "CELERY_CONCURRENCY": "1",
        "EMAIL_URL": "consolemail://",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=120)
    logs, processes = {}, {}
    try:
        for role in ("web", "worker", "beat"):
            logs[role] = tempfile.NamedTemporaryFile(prefix=f"ntm-{role}-", suffix=".log", delete=False)
            processes[role] = subprocess.Popen(["bash", "docker/entrypoint.sh", role], cwd=ROOT, env=env,
                                               stdout=logs[role], stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        status, body = _wait(lambda: _get(f"{base}/tai-khoan/dang-nhap/"), 90, "gunicorn to serve the login page")
        assert status == 200 and "Đăng nhập" in body and "Tên đăng nhập" in body
        status, body = _wait(lambda: _get(f"{base}/health/", "application/json"), 30, "/health/")
        assert status == 200 and "Database" in body
        beat = _wait(lambda: Heartbeat.objects.filter(name="beat", runs__gte=2).first(), 90,
                     "two heartbeats sent by beat and run by the worker")
        assert beat.runs >= 2
        worker_log = Path(logs["worker"].name).read_text()
        beat_log = Path(logs["beat"].name).read_text()
        assert "ntm_portal.heartbeat" in worker_log and "succeeded" in worker_log
        assert "Sending due task" in beat_log
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for role, log in logs.items():
            log.close()
            if any(p.returncode not in (0, -15, None) for p in processes.values()):
                print(f"--- {role} log ---\n" + Path(log.name).read_text()[-3000:])
