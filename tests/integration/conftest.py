"""Integration tests: the production processes (docker/entrypoint.sh) on PostgreSQL and Redis."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), 2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def services(transactional_db):
    """PostgreSQL (the test database itself) and Redis, as the processes will see them."""
    require_service(connection.vendor == "postgresql", "PostgreSQL as the test database (DATABASE_URL)")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(redis_url)
    require_service(_answers(parsed.hostname or "127.0.0.1", parsed.port or 6379), f"Redis at {redis_url}")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # A Redis database of its own, so that the run never meets another's queue.
    redis_test_url = f"redis://{parsed.hostname or '127.0.0.1'}:{parsed.port or 6379}/13"
    import redis

    redis.Redis.from_url(redis_test_url).flushdb()
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_test_url}


def production_env(services: dict, tmp_path, **extra) -> dict:
    """The environment docker/entrypoint.sh gets in production, pointed at the test services."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        **services,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "ntm_portal.settings.production",
        "DJANGO_SECRET_KEY": "integration-" + "s3cr3t-K3y-" * 5,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_CONCURRENCY": "1",
        "EMAIL_URL": "consolemail://",
        **extra,
    }


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@contextlib.contextmanager
def entrypoint_processes(roles, env):
    """Start `docker/entrypoint.sh <role>` for each role; yield {role: log path}; stop them all."""
    logs, processes = {}, {}
    try:
        for role in roles:
            logs[role] = tempfile.NamedTemporaryFile(prefix=f"ntm-{role}-", suffix=".log", delete=False)
            processes[role] = subprocess.Popen(["bash", "docker/entrypoint.sh", role], cwd=ROOT, env=env,
                                               stdout=logs[role], stderr=subprocess.STDOUT)
        yield {role: Path(log.name) for role, log in logs.items()}
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        failed = any(p.returncode not in (0, -15, None) for p in processes.values())
        for role, log in logs.items():
            log.close()
            if failed:
                print(f"--- {role} log ---\n" + Path(log.name).read_text()[-3000:])
