"""Pages of the weekly roll-up: history, request, progress, downloads, recipients."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal.access import scope_of

from . import selectors, services
from .forms import RecipientForm, RollupRequestForm
from .models import RollUp

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": services.XLSX_TYPE}


def _district_id(request) -> int | None:
    value = request.GET.get("huyen", "")
    return int(value) if value.isdigit() else None


@login_required
@require_GET
def rollup_list(request):
    district = selectors.rollup_district_for(request.user, _district_id(request))
    rollups = list(selectors.rollups_of(district)[:200])
    # The latest day is the one late filings change; compare its versions with the data as they are now
    # (one build of the data object, a fixed number of queries). Each version's page does it for older days.
    latest = next((r for r in rollups if r.is_ready and r.data_version), None)
    if latest is not None:
        current = selectors.current_data_version(latest)
        for r in rollups:
            if r.action_day_id == latest.action_day_id and r.is_ready:
                r.data_changed = r.data_version != current
    return TemplateResponse(request, "reporting/rollup_list.html", {
        "district": district, "rollups": rollups,
        "can_manage": scope_of(request.user).can_coordinate(district.pk),
    })


@login_required
@require_http_methods(["GET", "POST"])
def rollup_create(request):
    district = selectors.rollup_district_for(request.user, _district_id(request), manage=True)
    form = RollupRequestForm(request.POST or None, action_days=selectors.past_action_days(district),
                             initial={"send": False})
    if request.method == "POST" and form.is_valid():
        try:
            rollup = services.rollup_request(district=district, action_day=form.cleaned_data["action_day"],
                                             actor=request.user, reason=form.cleaned_data["reason"],
                                             send=form.cleaned_data["send"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã yêu cầu tổng hợp báo cáo; trang sẽ tự cập nhật khi xong."))
            return redirect(rollup)
    return TemplateResponse(request, "reporting/rollup_create.html", {"district": district, "form": form})


@login_required
@require_GET
def rollup_detail(request, rollup_id):
    rollup = selectors.rollup_for(request.user, rollup_id)
    changed = None
    if rollup.is_ready and rollup.data_version:
        changed = selectors.current_data_version(rollup) != rollup.data_version
    versions = list(selectors.rollups_of(rollup.district).filter(action_day=rollup.action_day))
    return TemplateResponse(request, "reporting/rollup_detail.html", {
        "rollup": rollup, "versions": versions, "data_changed": changed,
        "can_manage": scope_of(request.user).can_coordinate(rollup.district_id),
        "refresh": rollup.status == RollUp.Status.BUILDING,
    })


@login_required
@require_GET
def rollup_download(request, rollup_id, kind):
    rollup = selectors.rollup_for(request.user, rollup_id)
    field = {"pdf": rollup.pdf, "xlsx": rollup.xlsx}.get(kind)
    if field is None or not rollup.is_ready or not field.name:
        raise Http404
    response = FileResponse(field.open("rb"), as_attachment=True, filename=f"{rollup.file_stem()}.{kind}",
                            content_type=CONTENT_TYPES[kind])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def recipient_list(request):
    district = selectors.rollup_district_for(request.user, _district_id(request), manage=True)
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_save(district=district, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm nơi nhận."))
            return redirect("reporting:recipient_list")
    return TemplateResponse(request, "reporting/recipient_list.html", {
        "district": district, "form": form, "recipients": list(selectors.recipients_of(district))})


@login_required
@require_http_methods(["GET", "POST"])
def recipient_edit(request, recipient_id):
    recipient = selectors.recipient_for(request.user, recipient_id)
    form = RecipientForm(request.POST or None, instance=recipient)
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_save(district=recipient.district, actor=request.user, recipient=recipient,
                                    **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu nơi nhận."))
            return redirect("reporting:recipient_list")
    return TemplateResponse(request, "reporting/recipient_edit.html", {"recipient": recipient, "form": form})


@login_required
@require_POST
def recipient_delete(request, recipient_id):
    recipient = selectors.recipient_for(request.user, recipient_id)
    services.recipient_delete(recipient=recipient, actor=request.user)
    messages.success(request, _("Đã xóa nơi nhận."))
    return redirect("reporting:recipient_list")
