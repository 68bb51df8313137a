"""Writes to the library: a document with its first version, a new version, new metadata, the
document of a printed roll-up. Each is atomic and writes its audit row in the same transaction.

`create_document` keeps the signature the directives app (steering-committee follow-up) calls.
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import check_length
from ntm_portal.text import fold

from .extraction import extract_text
from .models import Document, DocumentKind, DocumentVersion, TextSource, Visibility

METADATA_FIELDS = ["kind", "number", "issued_on", "issuing_body", "issuing_unit", "signer", "subject",
                   "period_start", "period_end", "visibility", "is_demo"]
M2M_FIELDS = ["visible_to", "communes", "villages", "criteria"]


class DuplicateFile(ValidationError):
    """The same file is already in this unit's library (a second click, or the same scan twice)."""

    def __init__(self, document: Document):
        super().__init__(_("Tệp này đã có trong thư viện: %(doc)s.") % {"doc": document}, code="duplicate")
        self.document = document


def _search_head(document: Document) -> str:
    kind = str(DocumentKind(document.kind).label) if document.kind in DocumentKind.values else ""
    return fold(" ".join([kind, document.number, document.subject, document.issuing_body, document.signer,
                          document.issued_on.strftime("%d/%m/%Y") if document.issued_on else ""]))


def refresh_search(document: Document, *, text: str | None = None) -> None:
    """Recompute the folded columns search reads (the header, and the current version's text)."""
    if text is None:
        version = document.current_version
        text = version.text if version else ""
    document.search_head = _search_head(document)
    document.search_body = fold(text)
    Document.objects.filter(pk=document.pk).update(search_head=document.search_head,
                                                   search_body=document.search_body)


def _clean_metadata(data: dict) -> dict:
    data = dict(data)
    if not (data.get("subject") or "").strip():
        raise ValidationError({"subject": _("Cần nhập trích yếu của văn bản.")}, code="required")
    data["subject"] = check_length(" ".join(data["subject"].split()), 1000, _("Trích yếu"))
    for field, limit, label in (("number", 60, _("Số, ký hiệu")), ("issuing_body", 200, _("Cơ quan ban hành")),
                                ("signer", 120, _("Người ký"))):
        data[field] = check_length((data.get(field) or "").strip(), limit, label)
    if data.get("kind") not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")}, code="invalid")
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and start > end:
        raise ValidationError({"period_end": _("Kỳ đến ngày phải sau kỳ từ ngày.")}, code="period")
    return data


def _read_upload(file) -> tuple[bytes, str]:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    name = os.path.basename(getattr(file, "name", "") or "tep")
    return data, name


def _refuse_duplicate(document: Document, digest: str) -> None:
    same = DocumentVersion.objects.filter(document__owner_id=document.owner_id, sha256=digest)
    existing = same.exclude(document=document).select_related("document").first()
    if existing is not None or same.filter(document=document).exists():
        raise DuplicateFile(existing.document if existing else document)


def _new_version(*, document: Document, user, file=None, text: str = "", note: str = "",
                 text_source: str | None = None, stored_name: str = "", data_sha256: str = "") -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, note=note[:255], data_sha256=data_sha256,
                              uploaded_by=user if getattr(user, "is_authenticated", False) else None)
    if file is not None:
        data, name = _read_upload(file)
        digest = hashlib.sha256(data).hexdigest()
        _refuse_duplicate(document, digest)
        extracted, source, content_type = extract_text(data, pasted=text)
        version.filename, version.content_type, version.size, version.sha256 = name[:255], content_type, len(data), digest
        version.text, version.text_source = extracted, text_source or source
        version.file.save(name, ContentFile(data), save=False)
    elif stored_name:
        # A file the portal already keeps (a roll-up's PDF): referenced, not copied.
        version.file.name, version.filename = stored_name, os.path.basename(stored_name)
        version.content_type = "application/pdf"
        version.text, version.text_source = text, text_source or TextSource.GENERATED
    else:
        from .extraction import clean_text

        version.text = clean_text(text)
        version.text_source = (text_source or TextSource.PASTED) if version.text else TextSource.NONE
        if version.text:
            # The same text pasted twice (a second click) is the same document.
            version.sha256 = hashlib.sha256(version.text.encode()).hexdigest()
            _refuse_duplicate(document, version.sha256)
    version.save()
    return version


@transaction.atomic
def create_document(owner, user, *, kind, number, issued_on, issuing_body, signer, subject, file=None, text="",
                    **extra) -> Document:
    """A document of `owner`'s library with its first version (the file as received, its text).

    `extra`: period_start, period_end, issuing_unit, visibility, is_demo, rollup, generated_key (model
    fields), visible_to, communes, villages (units), criteria, note, text_source and data_sha256 (of the
    first version).
    """
    note, text_source = extra.pop("note", ""), extra.pop("text_source", None)
    stored_name, data_sha256 = extra.pop("stored_name", ""), extra.pop("data_sha256", "")
    m2m = {key: list(extra.pop(key)) for key in M2M_FIELDS if key in extra}
    data = _clean_metadata({"kind": kind or "", "number": number, "issued_on": issued_on,
                            "issuing_body": issuing_body, "signer": signer, "subject": subject, **extra})
    if data.get("visibility", Visibility.PUBLIC) == Visibility.UNITS and not m2m.get("visible_to"):
        m2m["visible_to"] = [owner]
    # One library write per unit at a time: two clicks on "Lưu" cannot both pass the duplicate check.
    AdministrativeUnit.objects.select_for_update().filter(pk=owner.pk).first()
    document = Document.objects.create(owner=owner, created_by=user if getattr(user, "is_authenticated", False)
                                       else None, **data)
    for key, units in m2m.items():
        getattr(document, key).set(units)
    version = _new_version(document=document, user=user, file=file, text=text, note=note, text_source=text_source,
                           stored_name=stored_name, data_sha256=data_sha256)
    refresh_search(document, text=version.text)
    audit_record(actor=user, action="library.document.create", target=document, unit=owner,
                 after={**snapshot(document, METADATA_FIELDS), **{k: [u.pk for u in v] for k, v in m2m.items()},
                        "version": version.number, "filename": version.filename, "text_source": version.text_source})
    return document


@transaction.atomic
def document_add_version(*, document: Document, user, file=None, text: str = "", note: str = "") -> DocumentVersion:
    """A new version (a corrected scan, the signed copy, a better text layer); the old ones stay."""
    if file is None and not (text or "").strip():
        raise ValidationError(_("Cần chọn tệp hoặc dán nội dung chữ cho phiên bản mới."), code="required")
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one new number at a time
    version = _new_version(document=document, user=user, file=file, text=text, note=note)
    refresh_search(document, text=version.text)
    audit_record(actor=user, action="library.version.add", target=document, unit=document.owner,
                 after={"version": version.number, "filename": version.filename, "text_source": version.text_source,
                        "sha256": version.sha256})
    return version


@transaction.atomic
def document_update(*, document: Document, user, data: dict) -> Document:
    """New metadata (and who may see it) for a document; the audit row keeps the difference."""
    stored = Document.objects.get(pk=document.pk)  # a ModelForm has already set the new values on `document`
    before = {**snapshot(stored, METADATA_FIELDS),
              **{key: sorted(getattr(stored, key).values_list("pk", flat=True)) for key in M2M_FIELDS}}
    m2m = {key: list(data.pop(key)) for key in M2M_FIELDS if key in data}
    fields = {key: data[key] for key in METADATA_FIELDS if key in data}
    cleaned = _clean_metadata({**snapshot(stored, METADATA_FIELDS), **fields,
                               "issuing_unit": fields.get("issuing_unit", stored.issuing_unit)})
    for key in fields:
        setattr(document, key, cleaned[key])
    if document.visibility == Visibility.UNITS and "visible_to" in m2m and not m2m["visible_to"]:
        m2m["visible_to"] = [document.owner]
    document.save(update_fields=[*fields, "updated_at"])
    for key, units in m2m.items():
        getattr(document, key).set(units)
    refresh_search(document)
    after = {**snapshot(document, METADATA_FIELDS),
             **{key: sorted(getattr(document, key).values_list("pk", flat=True)) for key in M2M_FIELDS}}
    audit_record(actor=user, action="library.document.update", target=document, unit=document.owner,
                 before=before, after=after)
    return document


def document_for_rollup(*, rollup, text: str) -> Document:
    """The library's document of a built roll-up (one per roll-up version): created once, with
    the roll-up's own PDF as its file and text_source "generated". Called inside rollup_build's
    transaction."""
    existing = Document.objects.filter(rollup=rollup).first()
    if existing is not None:
        return existing
    day = rollup.action_day.date.strftime("%d/%m/%Y")
    subject = _("Báo cáo tổng hợp tuần – %(unit)s – ngày ra quân %(date)s") % {"unit": rollup.district.full_name,
                                                                            "date": day}
    if rollup.version > 1:
        subject += _(" (phiên bản %(v)d)") % {"v": rollup.version}
    return create_document(rollup.district, None, kind=DocumentKind.REPORT, number="",
                           issued_on=rollup.built_at.date() if rollup.built_at else rollup.action_day.date,
                           issuing_body=rollup.district.full_name, signer="", subject=subject, text=text,
                           rollup=rollup, visibility=Visibility.UNITS, visible_to=[rollup.district],
                           stored_name=rollup.pdf.name, text_source=TextSource.GENERATED,
                           note=_("Cổng tự in"))


@transaction.atomic
def document_for_print(*, owner, key: str, user, subject: str, issued_on, pdf: bytes, filename: str,
                       data_sha256: str, visible_to, communes=(), kind=DocumentKind.REPORT) -> DocumentVersion:
    """The library's document of something the portal prints on request (a criteria comparison):
    one document per `key`, created on the first print with the PDF as its first version; a new
    version only when the data printed (`data_sha256`, not the PDF's bytes, which carry the print
    time) changed. Returns the version that holds this print's data."""
    # One writer per unit at a time: two prints at once make one document, one version.
    AdministrativeUnit.objects.select_for_update().filter(pk=owner.pk).first()
    document = Document.objects.filter(generated_key=key).first()
    if document is None:
        document = create_document(
            owner, user, kind=kind, number="", issued_on=issued_on, issuing_body=owner.full_name, signer="",
            subject=subject, file=ContentFile(pdf, name=filename), text_source=TextSource.GENERATED,
            generated_key=key, visibility=Visibility.UNITS, visible_to=list(visible_to), communes=list(communes),
            data_sha256=data_sha256, note=_("Cổng tự in"))
        return document.current_version
    current = document.current_version
    if current is not None and current.data_sha256 == data_sha256:
        return current
    try:
        version = _new_version(document=document, user=user, file=ContentFile(pdf, name=filename),
                               text_source=TextSource.GENERATED, note=_("Cổng tự in (số liệu đã thay đổi)"),
                               data_sha256=data_sha256)
    except DuplicateFile:  # the very same PDF is already kept (nothing printed differs): no new version
        return current
    Document.objects.filter(pk=document.pk).update(issued_on=issued_on)
    document.issued_on = issued_on
    refresh_search(document, text=version.text)
    audit_record(actor=user, action="library.version.add", target=document, unit=document.owner,
                 after={"version": version.number, "filename": version.filename, "text_source": version.text_source,
                        "data_sha256": data_sha256})
    return version
