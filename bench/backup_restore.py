"""Backup and restore at district or province scale: time and size of both directions.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_district .venv/bin/python bench/generate.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_district .venv/bin/python bench/backup_restore.py

What it does, on a database filled by bench/generate.py (its name must contain "bench"):
1. puts `--photos` JPEG files (default 1,000, ≈ 370 KB each: 1600×1200 smoothed noise, about a phone photo after the portal resizes it)
   into a media folder of its own (var/bench-media-<database>-<photos>), once;
2. times `backup_create()` — the service the nightly job and `manage.py backup` call: pg_dump (custom
   format) or the SQLite online backup, the media tar, the manifest, written to var/bench-backups;
3. creates an EMPTY database `<name>_restore` (PostgreSQL) or file (SQLite) and an empty media folder,
   and times `manage.py restore <set>` there as a subprocess — the documented command: checks the
   SHA-256 of each file, pg_restore, untar through the storage API, migrate, the count check;
4. times `manage.py check` in the same environment: the part of the restore that is only starting Django;
5. prints rows, sizes and times, then drops the restore database.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench-rollup.sqlite3"
# `make run`'s settings: media, backups and the database all from the environment set below.
os.environ["DJANGO_SETTINGS_MODULE"] = "ntm_portal.settings.local"
os.environ["DJANGO_DEBUG"] = "False"
os.environ["DATABASE_URL"] = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
                              or f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _db_name() -> str:
    return os.environ["DATABASE_URL"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".sqlite3")


def _photos(storage, count: int) -> None:
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    rng = random.Random(17)
    have = sum(1 for _ in storage.listdir("bao-cao/bench")[1]) if storage.exists("bao-cao/bench") else 0
    for i in range(have, count):
        noise = Image.frombytes("RGB", (160, 120), rng.randbytes(160 * 120 * 3)).resize(
            (1600, 1200), Image.Resampling.BICUBIC)
        out = BytesIO()
        noise.save(out, format="JPEG", quality=80)
        storage.save(f"bao-cao/bench/anh-{i:06d}.jpg", ContentFile(out.getvalue()))


def _empty_target(url: str) -> str:
    """An empty database beside the bench one; returns its URL."""
    if url.startswith("sqlite"):
        path = pathlib.Path(url.removeprefix("sqlite:///").removesuffix(".sqlite3") + "-restore.sqlite3")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg2

    base, name = url.rsplit("/", 1)
    target = f"{name}_restore"
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{target}"')
    conn.close()
    return f"{base}/{target}"


def _drop(url: str) -> None:
    if url.startswith("sqlite"):
        pathlib.Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg2

    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000, help="photos in the media folder (default 1,000)")
    parser.add_argument("--force", action="store_true", help="allow a database whose name lacks 'bench'")
    args = parser.parse_args()

    name = _db_name()
    media = ROOT / "var" / f"bench-media-{name}-{args.photos}"
    backups = ROOT / "var" / "bench-backups"
    os.environ.update(MEDIA_ROOT=str(media), BACKUP_DIR=str(backups), BACKUP_AGE_RECIPIENTS="")
    import django

    django.setup()
    from django.core.files.storage import storages

    if "bench" not in name and not args.force:
        sys.exit(f"refusing to use {name!r}: its name does not contain 'bench' (use --force)")
    from ntm_portal.backup import archive
    from ntm_portal.backup.services import backup_create

    _photos(storages["default"], args.photos)
    rows = sum(archive.table_counts().values())

    started = time.perf_counter()
    run = backup_create()
    backup_seconds = time.perf_counter() - started

    target = _empty_target(os.environ["DATABASE_URL"])
    restored_media = ROOT / "var" / f"bench-media-{name}-restore"
    shutil.rmtree(restored_media, ignore_errors=True)
    env = {**os.environ, "DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "manage.py", "restore", run.name], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    restore_seconds = time.perf_counter() - started
    if result.returncode != 0 or "Khớp với bản kê" not in result.stdout:
        sys.exit(f"restore failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")

    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, check=True)
    startup_seconds = time.perf_counter() - started

    print(f"database {name} ({archive.engine()}): {rows:,} rows in {len(run.manifest['database']['tables'])} tables; "
          f"media {run.media_files:,} files")
    print(f"backup : {backup_seconds:6.1f} s   dump {mib(run.database_bytes)}, media tar {mib(run.media_bytes)}")
    print(f"restore: {restore_seconds:6.1f} s   (manage.py restore: checksums, restore, untar, migrate, count check;"
          f" of which {startup_seconds:.1f} s is starting Django, as `manage.py check` takes)")
    _drop(target)
    shutil.rmtree(restored_media, ignore_errors=True)
    shutil.rmtree(backups / run.name, ignore_errors=True)


if __name__ == "__main__":
    main()
