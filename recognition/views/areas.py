"""Model residential areas: the leader's counts per commune, a commune's villages and their cases, one case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from criteria.models import Assessment, CriteriaSet, Evidence, SetLevel
from directory.models import Commune
from directory.selectors import villages_of
from ntm_portal.access import area_case_for, commune_work_for, reads_commune_work, scope_of
from ntm_portal.collation import vi
from ntm_portal.workbooks import no_store

from ..forms import AppraiseForm, RecheckForm, RecogniseForm, RegisterForm, SelfAssessForm, SurveyForm
from ..models import AreaState
from ..selectors.areas import (
    STATE_ORDER,
    case_checks,
    cases_of_commune,
    model_area_summary,
    roadmap_counts,
    roadmap_of_commune,
    standards_of,
)
from ..services import areas as services


@login_required
@require_GET
def area_overview(request):
    scope = reads_commune_work(request.user)
    on = timezone.localdate()
    communes = list(Commune.objects.current(on).filter(scope.work_commune_filter()).order_by(vi("name")))
    counts = model_area_summary([c.pk for c in communes], on)
    planned = roadmap_counts([c.pk for c in communes], on.year)
    rows = [(c, counts[c.pk], planned.get(c.pk, 0)) for c in communes]
    totals = {key: sum(r[1][key] for r in rows) for key in ("model", "preparing", "lost")}
    return TemplateResponse(request, "recognition/area_overview.html", {
        "rows": rows, "totals": totals, "planned_total": sum(r[2] for r in rows), "on": on})


def _village_sets():
    return CriteriaSet.objects.filter(level=SetLevel.VILLAGE).order_by("-valid_from", "code", "-version")


@login_required
@require_http_methods(["GET", "POST"])
def area_commune(request, commune_id):
    commune = commune_work_for(request.user, commune_id, write=request.method == "POST")
    can_write = scope_of(request.user).can_write_commune(commune)
    form = None
    if can_write:
        form = RegisterForm(request.POST if request.method == "POST" else None, villages=villages_of([commune.pk]).order_by(vi("name")),
                            sets=_village_sets())
    if request.method == "POST" and form.is_valid():
        try:
            case = services.area_case_register(village=form.cleaned_data["village"],
                                               criteria_set=form.cleaned_data["criteria_set"],
                                               registered_on=form.cleaned_data["registered_on"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(v)s đăng ký xây dựng khu dân cư kiểu mẫu.")
                             % {"v": case.village.full_name})
            return redirect(case)
    on = timezone.localdate()
    cases = cases_of_commune(commune.pk)
    return TemplateResponse(request, "recognition/area_commune.html", {
        "commune": commune, "cases": cases, "form": form, "on": on,
        "counts": model_area_summary([commune.pk], on)[commune.pk],
        "due": [c for c in cases if services.recheck_due(c, on)], "roadmap": roadmap_of_commune(commune.pk),
    }, status=400 if form is not None and form.errors else 200)


STEP_FORMS = {
    AreaState.REGISTERED: ("survey", SurveyForm),
    AreaState.SURVEYED: ("self_assess", SelfAssessForm),
    AreaState.SELF_ASSESSED: ("appraise", AppraiseForm),
    AreaState.APPRAISED: ("recognise", RecogniseForm),
    AreaState.RECOGNISED: ("recheck", RecheckForm),
}
MANAGED_STEPS = {"recognise", "recheck"}  # the decision and the re-check: the commune or the office


def _step_form(case, step, form_class, data=None, files=None):
    if step == "self_assess":
        assessments = (Assessment.objects.filter(unit_id=case.village_id, criteria_set_id=case.criteria_set_id)
                       .filter(pk__in=Evidence.objects.values("assessment_id")).order_by("-as_of"))
        return form_class(data, files, assessments=assessments, prefix=step)
    return form_class(data, files, prefix=step)


def _run_step(step, case, data, user):
    if step == "survey":
        return services.area_case_survey(case=case, surveyed_on=data["surveyed_on"], note=data["note"], actor=user)
    if step == "self_assess":
        return services.area_case_self_assess(case=case, assessment=data["assessment"], actor=user)
    if step == "appraise":
        return services.area_case_appraise(case=case, appraised_on=data["appraised_on"], note=data["note"], actor=user)
    if step == "recognise":
        return services.area_case_recognise(case=case, decision_number=data["decision_number"],
                                            decision_date=data["decision_date"], decision_file=data["decision_file"],
                                            authority=data["authority"], actor=user)
    return services.area_case_recheck(case=case, checked_on=data["checked_on"], passed=data["passed"],
                                      note=data["note"], actor=user)


@login_required
@require_http_methods(["GET", "POST"])
def area_case(request, case_id):
    case = area_case_for(request.user, case_id)
    scope = scope_of(request.user)
    step, form_class = STEP_FORMS.get(case.state, (None, None))
    allowed = step is not None and (scope.can_manage_commune(case.commune) if step in MANAGED_STEPS
                                    else scope.can_write_commune(case.commune))
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if request.POST.get("step") != step:
            messages.warning(request, _("Hồ sơ đã chuyển sang bước khác; hãy xem lại."))
            return redirect(case)
    form = _step_form(case, step, form_class, request.POST if request.method == "POST" else None,
                      request.FILES or None) if allowed else None
    if request.method == "POST" and form.is_valid():
        try:
            case = _run_step(step, case, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu: %(s)s.") % {"s": case.get_state_display()})
            return redirect(case)
    return TemplateResponse(request, "recognition/area_case.html", {
        "case": case, "form": form, "step": step, "checks": case_checks(case),
        "standards": standards_of(case.criteria_set), "steps": STATE_ORDER,
        "reached": STATE_ORDER[: STATE_ORDER.index(case.state) + 1] if case.state in STATE_ORDER else STATE_ORDER,
        "recheck_due": services.recheck_due(case, timezone.localdate()),
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_GET
def area_decision(request, case_id):
    case = area_case_for(request.user, case_id)
    if not case.decision_file:
        raise Http404
    return no_store(FileResponse(case.decision_file.open("rb"), as_attachment=True,
                                 filename=case.decision_file.name.rsplit("/", 1)[-1]))
