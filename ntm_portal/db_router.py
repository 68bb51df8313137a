"""Dashboard reads on a PostgreSQL read replica, when one is configured (issue 16, scale-out).

With `DATABASE_REPLICA_URL` set, settings add the `replica` database and this router. Only code run
inside `replica_reads()` reads from it — the dashboards' figures and the stamps they are cached under
(reporting.dashboard), which tolerate the replica's lag of a few seconds. Everything else (access
scope, sessions, the filing page, every write, migrations) stays on the primary. Without the setting
the context manager does nothing and every query goes to `default`, as before.

The stamp and the figures are read on the same side, so a lagging replica can make a dashboard a few
seconds late but cannot store old figures under a newer stamp.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("ntm_replica_reads", default=False)


def replica_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_ENABLED", False))


@contextlib.contextmanager
def replica_reads():
    """Reads inside go to the replica (if configured); nested use is fine."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def reading_from_replica() -> bool:
    return _wanted.get() and replica_configured()


class ReplicaRouter:
    """Reads inside `replica_reads()` → replica; all else → default. The replica is never migrated or
    written (it follows the primary by streaming replication)."""

    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both sides

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
