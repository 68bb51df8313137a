"""The restore drill, on PostgreSQL, as an office would run it after losing the machine.

A database of its own (the test database's name + "_backup_drill", created and dropped here) gets the
demo data, a filed day report with photos and an evidence file. `manage.py backup` writes the set;
the database is dropped and the media folder removed; `manage.py restore` brings both back onto an
empty database and an empty folder and migrates. Then every table's row count, every media file's
SHA-256 and the roll-up PDF of that week (downloaded through the portal's own view) must be equal.
Every step is a subprocess with production settings, as in docker/entrypoint.sh.
"""

import json
import shutil
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.integration.conftest import ROOT, production_env

# The test database only names the drill's own database (its name + "_backup_drill"); it is not touched.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _admin_connection():
    import psycopg2

    db = connection.settings_dict
    conn = psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
                            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432)
    conn.autocommit = True
    return conn


def _sql(*statements: str) -> None:
    conn = _admin_connection()  # not `with conn`: psycopg2 would open a transaction, and DROP DATABASE refuses one
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def _recreate(name: str) -> None:
    _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def _drop(name: str) -> None:
    _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def drill(db, tmp_path):
    require_service(connection.vendor == "postgresql", "PostgreSQL as the test database (DATABASE_URL)")
    require_service(shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
                    "pg_dump and pg_restore (Debian package postgresql-client)")
    db = connection.settings_dict
    name = f"{db['NAME']}_backup_drill"[:63]
    _recreate(name)
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = production_env({"DATABASE_URL": url, "REDIS_URL": ""}, tmp_path,
                         ALLOWED_HOSTS="testserver,127.0.0.1", BACKUP_DIR=str(tmp_path / "backups"),
                         ROLLUP_DEMO_WEEKS="1", BACKUP_AGE_RECIPIENTS="")
    yield name, env, tmp_path
    _drop(name)


def _run(env, *args, check=True, timeout=900) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")
    return result


def _json(env, step: str) -> dict:
    return json.loads(_run(env, "-m", "tests.integration.backup_drill", step).stdout.strip().splitlines()[-1])


def test_backup_drop_restore_gives_back_every_row_every_photo_and_the_rollup(drill):
    name, env, tmp_path = drill
    for command in (["migrate", "--noinput"], ["load_territory"], ["load_criteria"], ["setup_schedule"],
                    ["seed_demo"]):
        _run(env, "manage.py", *command)
    filled = _json(env, "fill")
    assert filled["report_status"] in {"submitted", "accepted"} and len(filled["photos"]) == 4
    before = _json(env, "snapshot")
    assert before["rollup"]["status"] == 200 and before["rollup"]["starts_pdf"]
    assert before["rollup"]["sha256"] == before["rollup"]["recorded_sha256"]
    assert set(filled["photos"]) | {filled["evidence"]} <= set(before["media"])
    assert before["tables"]["campaigns_reportphoto"] >= 2 and before["tables"]["criteria_evidence"] >= 1

    started = time.monotonic()
    out = _run(env, "manage.py", "backup").stdout
    backup_seconds = time.monotonic() - started
    assert "Đã sao lưu" in out
    (set_name,) = [p.name for p in (tmp_path / "backups").iterdir()]
    manifest = json.loads((tmp_path / "backups" / set_name / "manifest.json").read_text())
    # The dump holds its own run, still RUNNING: one row more than before, nothing else different.
    assert manifest["database"]["tables"] == {**before["tables"],
                                              "ntm_portal_backuprun": before["tables"]["ntm_portal_backuprun"] + 1}

    # The machine is lost: no database, no media.
    _recreate(name)
    shutil.rmtree(tmp_path / "media")

    started = time.monotonic()
    restored = _run(env, "manage.py", "restore", set_name)
    restore_seconds = time.monotonic() - started
    assert "Khớp với bản kê của bản sao lưu." in restored.stdout
    assert " KHÁC" not in restored.stdout
    assert "campaigns_reportphoto" in restored.stdout and "bao-cao/" in restored.stdout
    assert "Báo cáo ngày ra quân mới nhất:" in restored.stdout

    after = _json(env, "snapshot")
    assert after["tables"] == manifest["database"]["tables"]  # every table, row for row
    assert after["media"] == before["media"]  # every file, byte for byte (photos, evidence, roll-ups)
    for photo in filled["photos"]:
        assert after["media"][photo] == before["media"][photo]
    assert after["rollup"] == before["rollup"]  # the week's roll-up PDF downloads again, the same bytes
    print(f"\nbackup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s, "
          f"{sum(f['bytes'] for f in manifest['files'].values())} bytes")

    # A second restore onto the now full database is refused, and changes nothing.
    again = _run(env, "manage.py", "restore", set_name, check=False)
    assert again.returncode != 0 and "chưa trống" in again.stderr
    assert _json(env, "snapshot")["tables"] == after["tables"]
