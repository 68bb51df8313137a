"""Celery tasks of the roll-up. Each takes ids, calls services, and is safe to run twice."""

from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

from .models import RollUp
from .services import rollup_build, rollup_fail, rollup_send, rollups_due

log = logging.getLogger(__name__)

MAX_RETRIES = 4


def retry_delay(retries: int) -> int:
    """Back-off between attempts: 1, 2, 4, 8 minutes."""
    return 60 * 2 ** retries


@shared_task(name="reporting.rollups_due", time_limit=120, soft_time_limit=100)
def rollups_due_task() -> int:
    """Every 15 minutes: build and send the roll-ups whose time has come (none most of the time)."""
    ids = rollups_due()
    for rollup_id in ids:
        transaction.on_commit(partial(rollup_build_task.delay, rollup_id, send=True))
    return len(ids)


def rollup_run(rollup_id: int, *, send: bool) -> str:
    """Build (if not built) and send (if asked and not sent). Returns what it did."""
    rollup = RollUp.objects.filter(pk=rollup_id).first()
    if rollup is None or rollup.status == RollUp.Status.FAILED:
        return "skipped"
    rollup = rollup_build(rollup=rollup)
    sent = send and rollup_send(rollup=rollup)
    return "sent" if sent else "built"


@shared_task(bind=True, name="reporting.rollup_build", acks_late=True, max_retries=MAX_RETRIES,
             time_limit=15 * 60, soft_time_limit=14 * 60)
def rollup_build_task(self, rollup_id: int, send: bool = False) -> str:
    """acks_late: a worker that dies mid-build leaves the message for another; errors retry with
    back-off; after the last retry the coordinators get an e-mail saying what failed."""
    try:
        return rollup_run(rollup_id, send=send)
    except Exception as exc:
        if self.request.retries >= self.max_retries or self.request.is_eager:
            log.exception("roll-up %s failed after %s attempts", rollup_id, self.request.retries + 1)
            rollup_fail(rollup_id=rollup_id, error=f"{type(exc).__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
