"""The account page of personal API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal.access import api_token_for, exchange_unit_for, require_coordinator

from . import exchange, services
from .forms import ApiTokenForm, MappingFormSet
from .models import ApiToken, Dhis2Mapping

SHOWN_SECRET = "api_token_secret"
USED_NONCES = "api_token_nonces"


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST or None, initial={"nonce": secrets.token_hex(16)})
    if request.method == "POST" and form.is_valid():
        used = request.session.get(USED_NONCES, [])
        if form.cleaned_data["nonce"] in used:  # a double tap: the first one made the token
            return redirect("api_tokens")
        try:
            token, secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                days=form.cleaned_data["days"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[USED_NONCES] = [*used[-19:], form.cleaned_data["nonce"]]
            request.session[SHOWN_SECRET] = {"id": token.pk, "secret": secret}
            return redirect("api_tokens")
    shown = request.session.pop(SHOWN_SECRET, None)  # once: a reload no longer shows it
    tokens = list(ApiToken.objects.filter(user=request.user).order_by("-created_at"))
    response = TemplateResponse(request, "api/tokens.html", {"form": form, "tokens": tokens, "shown": shown})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id):
    token = api_token_for(request.user, token_id)
    if services.api_token_revoke(token=token, actor=request.user):
        messages.success(request, _("Đã thu hồi mã %(name)s.") % {"name": token.name})
    else:
        messages.info(request, _("Mã này đã được thu hồi trước đó."))
    return redirect("api_tokens")


@login_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request):
    """The coordinating office's DHIS2 mapping table (README: api/README.md)."""
    require_coordinator(request.user)
    rows = list(Dhis2Mapping.objects.order_by("figure"))
    initial = [{"id": m.pk, "data_element": m.data_element, "category_option_combo": m.category_option_combo,
                "attribute_option_combo": m.attribute_option_combo, "is_active": m.is_active} for m in rows]
    formset = MappingFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            changed = services.dhis2_mapping_save(rows=[f.cleaned_data for f in formset if f.cleaned_data],
                                                  actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                formset._non_form_errors = formset.error_class([*formset.non_form_errors(), message])
        else:
            messages.success(request, _("Đã lưu bảng ánh xạ (%(n)s dòng thay đổi).") % {"n": changed})
            return redirect("api_mapping")
    labels = {m.pk: m.get_figure_display() for m in rows}
    return TemplateResponse(request, "api/mapping.html", {
        "formset": formset, "rows": [(labels.get(f.initial.get("id")), f) for f in formset]})


@login_required
@require_GET
def received(request):
    """The values a partner system sent back (DHIS2 imports) next to the portal's own figures, by commune,
    week and figure; the differences stand out (README: api/README.md)."""
    raw_unit = request.GET.get("don-vi", "")
    unit = exchange_unit_for(request.user, int(raw_unit) if raw_unit.isdigit() and len(raw_unit) < 12 else None)
    code = request.GET.get("ky", "").strip()
    period, error = None, None
    if code:
        try:
            period = exchange.period_parse(code)
        except ValidationError as exc:
            error = exc.message_dict["period"][0]
    rows = exchange.received_values(unit=unit, period=period)
    return TemplateResponse(request, "api/received.html", {
        "unit": unit, "period_code": code, "error": error, "rows": rows,
        "differences": sum(1 for r in rows if r.differs)})
