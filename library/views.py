"""Pages of the document library: search, add (file → proposed metadata → confirmed), a document
with its versions, its metadata, a new version, a version's file."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ntm_portal.access import (
    can_manage_library,
    library_document_for,
    library_document_tasks,
    library_filter,
    library_owner_for,
    scope_of,
)

from . import services
from .extraction import extract_text
from .forms import DocumentFilter, DocumentForm, UploadForm, VersionForm, units_of_library
from .metadata import read_header
from .models import Document, Visibility
from .search import search_documents

STAGE_SALT = "library.upload"
STAGE_MAX_AGE = 24 * 3600
INLINE_TYPES = ("application/pdf", "image/", "text/plain")


@login_required
@require_GET
def index(request):
    scope = scope_of(request.user)
    if scope.is_empty:
        raise PermissionDenied
    owner_ids = scope.district_ids | scope.officer_commune_ids | scope.monitored_commune_ids
    from directory.models import AdministrativeUnit, UnitLevel

    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).filter(
        scope.commune_filter()).order_by("name") if owner_ids else AdministrativeUnit.objects.none()
    filters = DocumentFilter(request.GET or None, queryset=Document.objects.filter(library_filter(request.user)),
                             communes=communes)
    query = (request.GET.get("q") or "")[:200]
    results = search_documents(filters.qs, query)
    may_add = bool(scope.coordinated_district_ids or scope.officer_commune_ids)
    return TemplateResponse(request, "library/index.html",
                            {"filters": filters, "query": query, "results": results, "may_add": may_add})


def _stage(request, owner, data: bytes | None, name: str, text: str) -> str:
    key = uuid.uuid4().hex
    path = ""
    if data is not None:
        path = default_storage.save(f"thu-vien/tam/{key}.bin", ContentFile(data))
    text_path = default_storage.save(f"thu-vien/tam/{key}.txt", ContentFile(text.encode())) if text else ""
    return signing.dumps({"file": path, "name": name, "text": text_path, "owner": owner.pk,
                          "user": request.user.pk}, salt=STAGE_SALT)


def _unstage(token: str, request, owner) -> dict | None:
    try:
        staged = signing.loads(token, salt=STAGE_SALT, max_age=STAGE_MAX_AGE)
    except signing.BadSignature:
        return None
    if staged.get("owner") != owner.pk or staged.get("user") != request.user.pk:
        return None
    if staged["file"] and not default_storage.exists(staged["file"]):
        return None
    return staged


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Step 1: the file (or a pasted text) → its text and proposed metadata; step 2: confirmed → saved."""
    owner = library_owner_for(request.user)  # 403 for those who only read
    if request.method == "POST" and "staged" in request.POST:
        return _confirm(request, owner)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file, text = form.cleaned_data["file"], form.cleaned_data["text"] or ""
        data = upload_file.read() if upload_file else None
        try:
            extracted, source, _type = extract_text(data, pasted=text) if data is not None else (text, "", "")
        except ValidationError as error:
            form.add_error("file", error)
        else:
            header = read_header(extracted)
            token = _stage(request, owner, data, upload_file.name if upload_file else "", text)
            initial = {**header.as_initial(), "staged": token, "visibility": Visibility.PUBLIC}
            confirm = DocumentForm(initial=initial, owner=owner)
            return TemplateResponse(request, "library/confirm.html", {
                "form": confirm, "owner": owner, "header": header, "text": extracted, "source": source,
                "filename": upload_file.name if upload_file else ""})
    return TemplateResponse(request, "library/upload.html", {"form": form, "owner": owner})


def _confirm(request, owner):
    form = DocumentForm(request.POST, owner=owner)
    staged = _unstage(request.POST.get("staged", ""), request, owner)
    if staged is None:
        messages.error(request, _("Phiên tải lên đã hết hạn hoặc văn bản đã được lưu. Vui lòng tải tệp lên lại."))
        return redirect("library:upload")
    if form.is_valid():
        data = {key: form.cleaned_data[key] for key in form.Meta.fields}
        file = None
        if staged["file"]:
            with default_storage.open(staged["file"], "rb") as handle:
                file = ContentFile(handle.read(), name=staged["name"] or "tep")
        text = ""
        if staged["text"] and default_storage.exists(staged["text"]):
            with default_storage.open(staged["text"], "rb") as handle:
                text = handle.read().decode()
        try:
            document = services.create_document(owner, request.user, file=file, text=text, **data)
        except services.DuplicateFile as error:
            messages.info(request, error.messages[0])
            return redirect("library:detail", document_id=error.document.pk)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            transaction.on_commit(lambda: [default_storage.delete(p) for p in (staged["file"], staged["text"]) if p])
            messages.success(request, _("Đã lưu văn bản vào thư viện."))
            return redirect("library:detail", document_id=document.pk)
    return TemplateResponse(request, "library/confirm.html", {"form": form, "owner": owner,
                                                              "filename": staged["name"]})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_GET
def detail(request, document_id):
    document = library_document_for(request.user, document_id)
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    tasks, is_directive = library_document_tasks(request.user, document)
    return TemplateResponse(request, "library/detail.html", {
        "document": document, "versions": versions, "current": versions[0] if versions else None,
        "communes": list(document.communes.order_by("name")), "visible_to": list(document.visible_to.order_by("name")),
        "villages": list(document.villages.select_related("parent").order_by("parent__name", "name")),
        "criteria": list(document.criteria.select_related("criteria_set").order_by("criteria_set__name", "number")),
        "tasks": tasks, "is_directive": is_directive,
        "may_manage": can_manage_library(scope_of(request.user), document.owner_id)})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, document_id):
    document = library_document_for(request.user, document_id, manage=True)
    form = DocumentForm(request.POST or None, instance=document, owner=document.owner)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in form.Meta.fields}
        try:
            services.document_update(document=document, user=request.user, data=data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin văn bản."))
            return redirect("library:detail", document_id=document.pk)
    return TemplateResponse(request, "library/edit.html", {"form": form, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def version_add(request, document_id):
    document = library_document_for(request.user, document_id, manage=True)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_add_version(document=document, user=request.user,
                                                    file=form.cleaned_data["file"], text=form.cleaned_data["text"],
                                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error("file" if form.cleaned_data["file"] else "text", error.messages)
        else:
            messages.success(request, _("Đã thêm phiên bản %(n)d.") % {"n": version.number})
            return redirect("library:detail", document_id=document.pk)
    return TemplateResponse(request, "library/version_add.html", {"form": form, "document": document})


@login_required
@require_GET
def version_file(request, document_id, number):
    document = library_document_for(request.user, document_id)
    version = document.versions.filter(number=number).first()
    if version is None or not version.file.name:
        raise Http404
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = version.content_type.startswith(INLINE_TYPES)
    response = FileResponse(handle, as_attachment=not inline, filename=version.filename or "tep",
                            content_type=version.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["index", "upload", "detail", "edit", "version_add", "version_file", "units_of_library"]
