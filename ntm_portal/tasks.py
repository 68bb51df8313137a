"""Periodic housekeeping of the portal itself."""

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="ntm_portal.heartbeat", time_limit=30, soft_time_limit=20)
def heartbeat() -> int:
    """Written by beat every minute through the broker; /health/ reads it to tell that beat and
    the worker are alive. Returns the number of runs so far."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name="beat").update(last_run_at=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name="beat", defaults={"last_run_at": now, "runs": 1})
    return Heartbeat.objects.get(name="beat").runs


@shared_task(name="ntm_portal.password_reset_send", time_limit=60, soft_time_limit=50)
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Send the reset e-mail to every active account of this address (none for an unknown one).

    Runs after the request that asked for it, so the page answers alike for any address."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@shared_task(name="ntm_portal.backup_run", acks_late=True, time_limit=settings.BACKUP_TIME_LIMIT,
             soft_time_limit=settings.BACKUP_TIME_LIMIT - 5 * 60)
def backup_run() -> str:
    """The nightly backup (its own queue, BACKUP_QUEUE). A rerun the same day — a redelivered message,
    a second worker — finds tonight's backup done or running and makes no second one. A failure is
    recorded and e-mailed by the service; it is not retried (the hourly check watches the age)."""
    from .backup.services import BackupFailed, backup_scheduled

    try:
        run = backup_scheduled()
    except BackupFailed:
        return "failed"
    return run.name if run is not None else "already done"


@shared_task(name="ntm_portal.backup_check", time_limit=120, soft_time_limit=100)
def backup_check() -> str:
    """Hourly: e-mails the coordinators once when no backup succeeded for BACKUP_MAX_AGE_HOURS."""
    from .backup.services import backup_check as check

    return check()
