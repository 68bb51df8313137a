"""Settings from the environment, the deploy checklist, health, the schedule and the demo seed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from directory.models import Agency, Membership, Person
from ntm_portal.models import Heartbeat
from ntm_portal.tasks import heartbeat
from reporting.schedule import PERIODIC_JOBS, schedule_sync

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="ntm_portal.settings.production",
                     DATABASE_URL="postgres://u@localhost/db")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database():
    result = _manage("check", DJANGO_SETTINGS_MODULE="ntm_portal.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_deploy_checklist_has_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     DJANGO_SETTINGS_MODULE="ntm_portal.settings.production",
                     DJANGO_SECRET_KEY="k3y-" + "Zq8#vR2!mW5pL9xT" * 4, DATABASE_URL="sqlite:////tmp/ntm-deploy-check.db",
                     ALLOWED_HOSTS="ntm.dilinh.example.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.django_db
def test_health_answers(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "Database" in response.content.decode()


@pytest.mark.django_db
def test_schedule_sync_creates_missing_jobs_once_and_keeps_office_changes():
    created, _ = schedule_sync()
    assert created == len(PERIODIC_JOBS)
    task = PeriodicTask.objects.get(task="ntm_portal.heartbeat")
    task.enabled = False  # the office switched it off in the admin
    task.save(update_fields=["enabled"])
    assert schedule_sync() == (0, len(PERIODIC_JOBS))
    assert PeriodicTask.objects.get(task="ntm_portal.heartbeat").enabled is False


@pytest.mark.django_db
def test_heartbeat_counts_runs():
    assert heartbeat.delay().get() == 1
    assert heartbeat.delay().get() == 2
    assert Heartbeat.objects.get(name="beat").runs == 2


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "dieuphoi" in out and "xa.hoaninh" in out and "coquan.tckh" in out and "ntm@2026" in out
    counts = (Agency.objects.count(), Person.objects.count(), Membership.objects.count())
    assert 90 <= counts[0] <= 110
    assert 2000 <= counts[1] <= 4000
    call_command("seed_demo")
    assert (Agency.objects.count(), Person.objects.count(), Membership.objects.count()) == counts
