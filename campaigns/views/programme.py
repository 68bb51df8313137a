"""The coordinator's programme pages: settings, action days (cancel with a reason, add an extra day)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import AdministrativeUnit
from ntm_portal.access import scope_of

from ..forms.programme import CancelDayForm, ExtraDayForm, ProgrammeForm
from ..models import ActionDay, Programme
from ..selectors.rosters import programme_of_district
from ..services import programme as services


def programme_for(user, *, manage: bool = False) -> Programme:
    """The programme of the user's district: 403 without a district role, coordinator to manage."""
    scope = scope_of(user)
    district_ids = scope.coordinated_district_ids if manage else scope.district_ids
    if not district_ids:
        raise PermissionDenied
    unit = scope.coordinating_unit
    if manage and unit.pk not in district_ids:
        unit = AdministrativeUnit.objects.get(pk=min(district_ids))
    programme = programme_of_district(unit.pk)
    if programme is None:
        if not manage:
            raise Http404
        programme = services.programme_create(district=unit, actor=user)
    return programme


def action_day_for(user, pk, *, manage: bool = False) -> ActionDay:
    scope = scope_of(user)
    day = ActionDay.objects.select_related("programme__owner").filter(pk=pk).first()
    if day is None or day.programme.owner_id not in scope.district_ids:
        raise Http404
    if manage and not scope.can_coordinate(day.programme.owner_id):
        raise PermissionDenied
    return day


@login_required
@require_http_methods(["GET", "POST"])
def programme_settings(request):
    programme = programme_for(request.user, manage=True)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
    if request.method == "POST" and form.is_valid():
        services.programme_update(programme=programme, actor=request.user,
                                  **{name: form.cleaned_data[name] for name in form.changed_data})
        messages.success(request, _("Đã lưu cài đặt chương trình."))
        return redirect("campaigns:programme_settings")
    next_day = programme.action_days.filter(status=ActionDay.Status.OPEN,
                                            date__gte=timezone.localdate()).order_by("date").first()
    return TemplateResponse(request, "campaigns/programme_settings.html",
                            {"programme": programme, "form": form, "next_day": next_day})


@login_required
@require_http_methods(["GET"])
def action_day_list(request):
    programme = programme_for(request.user)
    scope = scope_of(request.user)
    today = timezone.localdate()
    upcoming = list(programme.action_days.filter(date__gte=today).order_by("date")[:12])
    past = list(programme.action_days.filter(date__lt=today).order_by("-date")[:12])
    return TemplateResponse(request, "campaigns/action_day_list.html", {
        "programme": programme, "upcoming": upcoming, "past": past,
        "proposals": services.holiday_proposals(action_days=[d for d in upcoming if d.status == ActionDay.Status.OPEN]),
        "can_manage": scope.can_coordinate(programme.owner_id),
        "extra_form": ExtraDayForm(), "cancel_form": CancelDayForm(),
    })


@login_required
@require_POST
def action_day_cancel(request, action_day_id):
    day = action_day_for(request.user, action_day_id, manage=True)
    form = CancelDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do tạm hoãn."))
        return redirect("campaigns:action_day_list")
    try:
        services.action_day_cancel(action_day=day, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tạm hoãn ngày ra quân %(date)s.") % {"date": f"{day.date:%d/%m/%Y}"})
    return redirect("campaigns:action_day_list")


@login_required
@require_POST
def action_day_reopen(request, action_day_id):
    day = action_day_for(request.user, action_day_id, manage=True)
    try:
        services.action_day_reopen(action_day=day, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã mở lại ngày ra quân %(date)s.") % {"date": f"{day.date:%d/%m/%Y}"})
    return redirect("campaigns:action_day_list")


@login_required
@require_POST
def action_day_add(request):
    programme = programme_for(request.user, manage=True)
    form = ExtraDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.action_day_add_extra(programme=programme, date=form.cleaned_data["date"],
                                                title=form.cleaned_data["title"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã thêm ngày ra quân %(date)s.") % {"date": f"{day.date:%d/%m/%Y}"})
    else:
        messages.error(request, _("Ngày không hợp lệ (dạng dd/mm/yyyy)."))
    return redirect("campaigns:action_day_list")
