"""Writes of the document library: one function per change, atomic, audited."""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record, snapshot

from .models import Document, DocumentVersion

PDF_MAX_BYTES = 20 * 1024 * 1024


def pdf_check(upload) -> None:
    """A PDF of at most 20 MB, by its first bytes (the name alone proves nothing)."""
    name = upload.name or ""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(_("Tệp «%(name)s» lớn hơn 20 MB.") % {"name": name})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Tệp «%(name)s» không phải tệp PDF.") % {"name": name})


@transaction.atomic
def create_document(*, owner, subject: str, actor, kind: str = "", number: str = "", issued_on=None,
                    issuing_body: str = "", signer: str = "", upload=None, is_demo: bool = False) -> Document:
    """A library document and its first version (the uploaded PDF, if any), with one audit row."""
    if not (subject or "").strip():
        raise ValidationError(_("Chưa nhập trích yếu của văn bản."))
    if upload is not None:
        pdf_check(upload)
    document = Document.objects.create(
        owner=owner, kind=kind, number=number.strip(), issued_on=issued_on, issuing_body=issuing_body.strip(),
        signer=signer.strip(), subject=subject.strip(), is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    version = DocumentVersion(document=document, number=1,
                              uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    if upload is not None:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        original = os.path.basename(upload.name)[:255]
        version.filename, version.size, version.sha256 = original, upload.size, digest.hexdigest()
        version.content_type = "application/pdf"
        version.file.save(original, upload, save=False)
    try:
        version.save()
        audit_record(actor=actor, action="library.document_create", target=document, after=snapshot(document),
                     unit=owner)
    except Exception:
        if version.file:
            version.file.delete(save=False)  # no row, no file: the disk does not roll back with the database
        raise
    return document
