"""Steps of the backup drill that run INSIDE the drill's own database (tests/integration/test_backup_drill.py).

    python -m tests.integration.backup_drill fill       # a filed report with photos + an evidence file
    python -m tests.integration.backup_drill snapshot   # counts, media hashes, the roll-up PDF downloaded

Each prints one JSON line. The settings come from the environment (production settings, the drill's
DATABASE_URL and MEDIA_ROOT), exactly as `manage.py` would see them.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys


def _setup() -> None:
    import django

    django.setup()


def fill() -> dict:
    """A commune officer files the report of the last rolled-up action day with two photos, and a
    coordinator adds a PDF evidence file to a new assessment — all through the portal's services."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from campaigns.models import DayReport, ReportPhoto, VillageResult
    from campaigns.services.reports import VillageFigures, day_report_open, day_report_save, day_report_submit
    from criteria.services import evidence_add
    from directory.models import Commune
    from reporting.models import RollUp

    users = get_user_model().objects
    officer, coordinator = users.get(username="xa.hoaninh"), users.get(username="dieuphoi")
    rollup = RollUp.objects.filter(status=RollUp.Status.READY).select_related("action_day").order_by(
        "-action_day__date").first()
    commune = Commune.objects.get(code="25036")  # Hòa Ninh, the demo officer's commune
    report = day_report_open(commune=commune, action_day=rollup.action_day, actor=officer)
    village_result = VillageResult.objects.filter(report=report).order_by("village__name").first()

    def photo(name, color):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 1200), color).save(buffer, format="JPEG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")

    filed = report.is_filed
    day_report_save(report=report, actor=officer, attendance={}, confirmed=True,
                    change_reason="Bổ sung ảnh hiện trường" if filed else "",
                    villages={village_result.village_id: VillageFigures(
                        residents=village_result.residents or 25, households=village_result.households or 12,
                        new_photos=[photo("duong-thon.jpg", (40, 120, 60)), photo("thu-gom-rac.jpg", (200, 90, 30))])})
    report = DayReport.objects.get(pk=report.pk)
    if report.status == DayReport.Status.DRAFT:
        report = day_report_submit(report=report, actor=officer)

    assessment = _new_assessment(commune=commune, on=rollup.action_day.date, actor=coordinator)
    pdf = b"%PDF-1.4\n% bien ban kiem tra tieu chi\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"
    evidence = evidence_add(assessment=assessment, indicator=None, actor=coordinator,
                            upload=SimpleUploadedFile("bien-ban-kiem-tra.pdf", pdf, content_type="application/pdf"))
    photos = ReportPhoto.objects.filter(village_result=village_result)
    return {
        "report_id": report.pk, "report_status": report.status, "rollup_id": rollup.pk,
        "photos": sorted([p.image.name for p in photos] + [p.thumbnail.name for p in photos]),
        "evidence": evidence.file.name,
    }


def _new_assessment(*, commune, on, actor):
    """A new assessment of the commune with a commune-level set that applies: on the roll-up's day if
    one is in force then, else on the first day of a set's validity (sets have dates of force)."""
    from django.core.exceptions import ValidationError

    from criteria.models import CriteriaSet, SetLevel
    from criteria.services import assessment_create

    sets = list(CriteriaSet.objects.filter(level=SetLevel.COMMUNE).order_by("-pk"))
    for criteria_set in sets:
        for as_of in (on, getattr(criteria_set, "valid_from", None)):
            if as_of is None:
                continue
            try:
                return assessment_create(criteria_set=criteria_set, unit=commune, as_of=as_of, actor=actor,
                                         note="Diễn tập sao lưu")
            except ValidationError:
                continue
    raise AssertionError("no commune criteria set accepts a new assessment of the drill's commune")


def snapshot() -> dict:
    """Every table's row count, every media file's SHA-256, and the roll-up PDF as the coordinator
    downloads it (in a transaction rolled back, so the login leaves no row behind)."""
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from ntm_portal.backup import archive
    from reporting.models import RollUp

    counts = archive.table_counts()
    media = {}
    for name in archive.storage_names(default_storage):
        with default_storage.open(name, "rb") as f:
            media[name] = hashlib.sha256(f.read()).hexdigest()
    rollup = RollUp.objects.filter(status=RollUp.Status.READY).order_by("-action_day__date").first()
    with transaction.atomic():
        client = Client()
        client.force_login(get_user_model().objects.get(username="dieuphoi"))
        response = client.get(reverse("reporting:rollup_download", args=[rollup.pk, "pdf"]), secure=True)
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        transaction.set_rollback(True)
    return {
        "tables": counts, "media": media,
        "rollup": {"id": rollup.pk, "status": response.status_code, "type": response.get("Content-Type", ""),
                   "sha256": hashlib.sha256(body).hexdigest(), "recorded_sha256": rollup.pdf_sha256,
                   "starts_pdf": body[:5] == b"%PDF-", "bytes": len(body)},
    }


if __name__ == "__main__":
    _setup()
    step = {"fill": fill, "snapshot": snapshot}[sys.argv[1]]
    print(json.dumps(step(), ensure_ascii=False))
