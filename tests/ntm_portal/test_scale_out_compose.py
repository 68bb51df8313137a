"""docker-compose.yml's scale-out (issue 16) stays consistent with the settings and the entry point.

Compose cannot run here (no Docker engine): these read the files and import the settings with the
environment compose gives each service.
"""

import importlib
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "worker-rollups", "backup", "beat"]


def settings_with(monkeypatch, **env):
    """ntm_portal.settings.base as imported with this environment (then forgotten)."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    sys.modules.pop("ntm_portal.settings.base", None)
    try:
        return importlib.import_module("ntm_portal.settings.base")
    finally:
        sys.modules.pop("ntm_portal.settings.base", None)


def test_every_app_service_runs_the_one_image_with_broker_cache_and_queue():
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["image"] == "ntm-portal:latest", name
        env = service["environment"]
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert env["REDIS_CACHE_URL"] == "redis://redis-cache:6379/0", name
        assert env["ROLLUP_QUEUE"] == "rollups", name
        needs = {"web"} if name == "beat" else {"postgres", "redis", "redis-cache"}  # beat: after the web
        assert needs <= set(service["depends_on"]), name


def test_web_replicas_behind_the_proxy_and_migrations_once():
    web = SERVICES["web"]
    assert "ports" not in web  # only the proxy is published
    assert web["deploy"]["replicas"] == "${WEB_REPLICAS:-2}"
    assert web["environment"]["RUN_MIGRATIONS"] == "0"
    assert web["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert SERVICES["migrate"]["command"] == ["migrate"]
    assert SERVICES["proxy"]["ports"] == ["${WEB_PORT:-8000}:8000"]
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    assert "http://web:8000" in nginx and "X-Forwarded-Proto" in nginx
    body_limit = int(re.search(r"client_max_body_size (\d+)m;", nginx)[1])
    assert body_limit >= 5 * 10 + 1  # five 10 MB photos in one post


def test_entrypoint_knows_the_roles_and_queues():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert "web|migrate)" in script and 'RUN_MIGRATIONS:-1' in script
    assert '--queues "${CELERY_QUEUES:-celery}"' in script


def test_the_rollup_pool_listens_on_the_queue_the_settings_route_to(monkeypatch):
    pool = SERVICES["worker-rollups"]["environment"]
    assert pool["CELERY_QUEUES"] == pool["ROLLUP_QUEUE"] == "rollups"
    base = settings_with(monkeypatch, ROLLUP_QUEUE="rollups", REDIS_URL="redis://redis:6379/0",
                         REDIS_CACHE_URL="redis://redis-cache:6379/0")
    assert base.CELERY_TASK_ROUTES["reporting.rollup_build"] == {"queue": "rollups"}
    assert base.CACHES["default"]["LOCATION"] == "redis://redis-cache:6379/0"
    assert base.CELERY_BROKER_URL == "redis://redis:6379/0"
    # the default pool takes Celery's default queue: the roll-ups never wait there for a pool that is absent
    assert "CELERY_QUEUES" not in SERVICES["worker"].get("environment", {})


def test_without_the_scale_out_settings_nothing_moves(monkeypatch):
    for key in ("ROLLUP_QUEUE", "REDIS_CACHE_URL", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(key, raising=False)
    base = settings_with(monkeypatch, REDIS_URL="redis://redis:6379/0")
    assert "reporting.rollup_build" not in base.CELERY_TASK_ROUTES
    assert base.CACHES["default"]["LOCATION"] == "redis://redis:6379/0"
    assert "replica" not in base.DATABASES


@pytest.mark.parametrize("service", ["redis", "redis-cache"])
def test_broker_never_evicts_and_cache_is_bounded(service):
    command = " ".join(SERVICES[service]["command"])
    if service == "redis":
        assert "noeviction" in command and "--appendonly yes" in command
    else:
        assert "allkeys-lru" in command and "--maxmemory" in command


def test_the_replica_is_optional_and_streams_from_the_primary():
    replica = SERVICES["postgres-replica"]
    assert replica["profiles"] == ["replica"]
    assert "pg_basebackup -h postgres -U replicator" in "\n".join(replica["command"])
    init = "./docker/postgres/10-replication.sh:/docker-entrypoint-initdb.d/10-replication.sh:ro"
    assert init in SERVICES["postgres"]["volumes"]
    assert (ROOT / "docker" / "postgres" / "10-replication.sh").exists()


def production_settings_with(monkeypatch, **env):
    """ntm_portal.settings.production as imported with this environment (then forgotten)."""
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://ntm:pw@postgres:5432/ntm", **env}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for name in ("ntm_portal.settings.base", "ntm_portal.settings.production"):
        sys.modules.pop(name, None)
    try:
        return importlib.import_module("ntm_portal.settings.production")
    finally:
        for name in ("ntm_portal.settings.base", "ntm_portal.settings.production"):
            sys.modules.pop(name, None)


def test_production_keeps_its_database_connections_between_requests(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    production = production_settings_with(
        monkeypatch, DATABASE_REPLICA_URL="postgres://ntm:pw@postgres-replica:5432/ntm")
    for alias in ("default", "replica"):
        assert production.DATABASES[alias]["CONN_MAX_AGE"] == 60, alias
        assert production.DATABASES[alias]["CONN_HEALTH_CHECKS"] is True, alias
    assert production_settings_with(monkeypatch, CONN_MAX_AGE="0").DATABASES["default"]["CONN_MAX_AGE"] == 0
