"""Periodic housekeeping of the portal itself."""

from celery import shared_task
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
