"""The Monday roll-up through the real processes: beat → Redis → worker → PDF + XLSX → e-mail files.

The programme's roll-up time is set to today 00:00 (local), so "now" is past this week's roll-up
moment, as on a Monday after 07:30; the action day two days ago has filed reports.
"""

import datetime
import email
import email.policy
import subprocess
import sys

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from campaigns.models import ActionDay, DayReport, Programme
from directory.models import Commune, District
from reporting.models import RollUp, RollupRecipient
from reporting.schedule import schedule_sync
from tests.conftest import load_reference_territory
from tests.integration.conftest import ROOT, entrypoint_processes, production_env, wait_for
from tests.reporting.conftest import file_report

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_beat_and_worker_build_and_mail_the_monday_rollup(services, tmp_path):
    load_reference_territory()
    district = District.objects.get(code="679")
    today = timezone.localdate()
    programme = Programme.objects.create(owner=district, rollup_weekday=today.weekday(),
                                         rollup_time=datetime.time(0, 0))
    day = ActionDay.objects.create(programme=programme, date=today - datetime.timedelta(days=2))
    for seed, commune in enumerate(Commune.objects.filter(parent=district).order_by("code")[:3], start=1):
        file_report(commune, day, status=DayReport.Status.SUBMITTED, seed=seed)
    RollupRecipient.objects.create(district=district, name="Phòng NN&PTNT", email="nn@example.vn")
    schedule_sync()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    assert PeriodicTask.objects.filter(task="reporting.rollups_due").update(interval=every_second) == 1
    PeriodicTask.objects.exclude(task="reporting.rollups_due").update(enabled=False)

    mail_dir = tmp_path / "mail"
    # django-environ drops one leading slash of the path: three after the scheme keep it absolute.
    env = production_env(services, tmp_path, EMAIL_URL=f"filemail:///{mail_dir}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True,
                   timeout=120)
    with entrypoint_processes(["worker", "beat"], env) as logs:
        rollup = wait_for(lambda: RollUp.objects.filter(action_day=day, emailed_at__isnull=False).first(), 150,
                          "the roll-up to be built and e-mailed")
        files = wait_for(lambda: list(mail_dir.glob("*.log")), 10, "the e-mail file")
        worker_log = logs["worker"].read_text()
    assert "reporting.rollup_build" in worker_log and "succeeded" in worker_log
    assert rollup.status == RollUp.Status.READY and rollup.version == 1 and rollup.trigger == "schedule"
    assert RollUp.objects.filter(action_day=day).count() == 1
    raw = b"".join(f.read_bytes() for f in files)
    messages = [m for m in raw.split(b"-" * 79) if m.strip()]
    assert len(messages) == 1  # beat ran the job every second; one e-mail all the same
    message = email.message_from_bytes(messages[0].lstrip(b"\r\n"), policy=email.policy.default)
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    stem = f"bao-cao-tuan-{day.date:%Y-%m-%d}-v1"
    assert set(parts) == {f"{stem}.pdf", f"{stem}.xlsx"}
    assert parts[f"{stem}.pdf"].get_content().startswith(b"%PDF")
    assert parts[f"{stem}.xlsx"].get_content()[:2] == b"PK"
    assert message["To"] == "nn@example.vn"
