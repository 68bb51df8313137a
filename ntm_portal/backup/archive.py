"""The files of a backup set: the database dump, the media archive, their encryption and checks.

PostgreSQL: `pg_dump --format=custom` (a consistent snapshot; `pg_restore` reads it) run on an
exported snapshot, so the row counts in the manifest are those of the very same snapshot.
SQLite (`make run`): SQLite's online backup API through Django's connection; the counts are read
from the copy. Media: every file of a Django storage (local folder or S3-compatible bucket) in one
tar, read and written through the storage API. Encryption: the `age` tool (streaming), optional.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import connection, transaction
from django.utils.translation import gettext as _

DB_DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_TAR = "media.tar"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    pass


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DB_DUMP:
        raise ArchiveError(f"database engine {vendor!r} is not supported (PostgreSQL or SQLite)")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's environment for pg_dump / pg_restore: the password never shows in `ps`."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(args: list[str], *, env: dict | None = None, timeout: float | None = None) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise ArchiveError(f"{args[0]} exited with {result.returncode}: {result.stderr.strip()[-2000:]}")


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def table_counts() -> dict[str, int]:
    """Exact row count of every table of the database."""
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for name in table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def database_is_empty() -> bool:
    return not table_names()


def server_version() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]
    return sqlite3.sqlite_version


def database_dump(path: Path, *, timeout: float | None = None) -> dict[str, int]:
    """Write the database to `path`; return the row count of every table as dumped."""
    if engine() == "postgresql":
        # One REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly that snapshot
        # and the counts are read in it, so the manifest describes the dump row for row.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run([shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={path}"], env=_pg_env(), timeout=timeout)
        return counts
    if connection.in_atomic_block:
        # SQLite's online backup would wait forever for the open transaction of its own connection.
        raise ArchiveError("a SQLite backup cannot run inside a transaction")
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    copy = sqlite3.connect(path)
    try:
        names = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        copy.close()


def database_restore(path: Path, *, kind: str, timeout: float | None = None) -> None:
    """Load a dump into the (empty) database of this portal."""
    if kind != engine():
        raise ArchiveError(f"the backup is of a {kind} database; this portal uses {engine()}")
    if kind == "postgresql":
        connection.close()
        _run([shutil.which("pg_restore") or "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(path)],
             env=_pg_env(), timeout=timeout)
        return
    source = sqlite3.connect(path)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


# --- media --------------------------------------------------------------------------------------

def storage_names(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every file of a storage, depth first, in a stable order."""
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(prefix, name) if prefix else name
    for name in sorted(dirs):
        yield from storage_names(storage, posixpath.join(prefix, name) if prefix else name)


def media_folder(name: str) -> str:
    """The folder a file is counted in: its first two levels (bao-cao/2026, tong-hop/2026, criteria/evidence)."""
    parts = name.split("/")[:-1]
    return "/".join(parts[:2]) or "."


def _tally(folders: dict, name: str, size: int) -> None:
    entry = folders.setdefault(media_folder(name), {"files": 0, "bytes": 0})
    entry["files"] += 1
    entry["bytes"] += size


def media_stats(storage: Storage) -> dict[str, dict[str, int]]:
    folders: dict[str, dict[str, int]] = {}
    for name in storage_names(storage):
        _tally(folders, name, storage.size(name))
    return dict(sorted(folders.items()))


def media_archive(storage: Storage, path: Path) -> dict[str, dict[str, int]]:
    """Every file of the storage into one uncompressed tar (photos and PDFs are compressed already)."""
    folders: dict[str, dict[str, int]] = {}
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in storage_names(storage):
            with storage.open(name, "rb") as f:
                info = tarfile.TarInfo(name)
                info.size = storage.size(name)
                info.mode = 0o644
                tar.addfile(info, f)
            _tally(folders, name, info.size)
    return dict(sorted(folders.items()))


def media_restore(storage: Storage, path: Path) -> dict[str, dict[str, int]]:
    """Put every file of the tar back under its own name (the storage must not hold it already)."""
    folders: dict[str, dict[str, int]] = {}
    with tarfile.open(path, "r") as tar:
        for member in tar:
            if not member.isfile():
                continue
            with tar.extractfile(member) as f:
                saved = storage.save(member.name, File(f, name=member.name))
            if saved != member.name:
                raise ArchiveError(f"{member.name} already exists in the media storage (saved as {saved})")
            _tally(folders, member.name, member.size)
    return dict(sorted(folders.items()))


# --- checks and encryption ----------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def age_encrypt(path: Path, recipients: list[str]) -> Path:
    out = path.with_name(path.name + ".age")
    args = [shutil.which("age") or "age", "--encrypt"]
    for recipient in recipients:
        args += ["--recipient", recipient]
    _run([*args, "--output", str(out), str(path)])
    path.unlink()
    return out


def age_decrypt(path: Path, identity: str) -> Path:
    if not identity:
        raise ArchiveError(f"{path.name} is encrypted: give the private key file with --identity")
    out = path.with_name(path.name.removesuffix(".age"))
    _run([shutil.which("age") or "age", "--decrypt", "--identity", identity, "--output", str(out), str(path)])
    path.unlink()
    return out


def same_disk_warnings(backup_dir: Path | None) -> list[str]:
    """Reasons the backup folder would not survive the loss of the database's or the media's disk."""
    if backup_dir is None:
        return []
    warnings = []
    backup_dir = Path(backup_dir).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if backup_dir == media or media in backup_dir.parents:
        warnings.append(_("Thư mục sao lưu nằm trong thư mục tệp đính kèm: mất ổ đĩa là mất cả hai."))
    if connection.vendor == "sqlite":
        db_file = Path(str(connection.settings_dict["NAME"])).resolve()
        probe = backup_dir if backup_dir.exists() else backup_dir.parent
        if db_file.exists() and probe.exists() and os.stat(db_file).st_dev == os.stat(probe).st_dev:
            warnings.append(_("Thư mục sao lưu nằm cùng ổ đĩa với cơ sở dữ liệu SQLite: hãy đặt BACKUP_DIR trên ổ đĩa khác."))
    return warnings
