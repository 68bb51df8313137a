import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import AdministrativeUnit, Agency, UnitLevel
from ntm_portal.access import (
    assessment_for,
    criteria_set_for,
    district_of_scope,
    require_coordinator,
    scope_of,
    unit_for,
    unit_rights,
)
from ntm_portal.collation import vi
from ntm_portal.tabular import TableError
from ntm_portal.workbooks import no_store, xlsx_response

from . import exports, selectors, services
from .forms import (
    AssessmentCreateForm,
    CommuneGroupsForm,
    CompareForm,
    CriteriaAgenciesForm,
    IndicatorForm,
    RecognitionForm,
    ResultsForm,
    ReviewForm,
    RoadmapTargetForm,
    SetUploadForm,
    TargetsForm,
    TargetsUploadForm,
)
from .loaders import load_commune_groups, load_criteria_set, load_targets
from .models import CommuneGroupNumber, CriteriaSet, Evidence, Indicator, IndicatorKind, SetLevel
from .services import AssessmentStateError


def _date_param(request, name: str, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(request.GET.get(name, ""), "%d/%m/%Y").date()
    except ValueError:
        return default


@login_required
@require_GET
def matrix(request):
    scope = scope_of(request.user)
    if scope.is_empty:
        raise PermissionDenied
    on = _date_param(request, "ngay", timezone.localdate())
    commune_sets = list(CriteriaSet.objects.filter(level=SetLevel.COMMUNE).order_by("tier", "-valid_from"))
    chosen = request.GET.get("bo", "")
    communes = selectors.communes_in_scope(scope)
    choice, standing = selectors.standing_for(
        communes, on, unit=communes[0].parent if communes else None, among=commune_sets,
        chosen=next((s for s in commune_sets if str(s.pk) == chosen), None))
    return TemplateResponse(request, "criteria/matrix.html", {
        "standing": standing, "on": on, "can_coordinate": bool(scope.coordinated_district_ids),
        "commune_sets": commune_sets, "set_choice": choice,
        "pending": selectors.pending_reviews(scope) if scope.coordinated_district_ids else [],
    })


@login_required
@require_GET
def commune_standing(request, commune_id):
    commune = unit_for(request.user, commune_id)
    if commune.level != UnitLevel.COMMUNE:
        raise Http404
    scope = scope_of(request.user)
    on = _date_param(request, "ngay", timezone.localdate())
    choice, standing = selectors.standing_for(
        [commune], on, unit=commune, among=list(CriteriaSet.objects.filter(level=SetLevel.COMMUNE)))
    row = standing.rows[0] if standing else None
    villages = list(AdministrativeUnit.objects.current().filter(parent=commune, level=UnitLevel.VILLAGE)
                    .order_by(vi("name")))
    return TemplateResponse(request, "criteria/commune_standing.html", {
        "commune": commune, "standing": standing, "row": row,
        "not_met": [(c, s) for c, s in row.cells if s != "met"] if row else [],
        "recognitions": selectors.recognitions_of([commune.pk]),
        "village_recognitions": selectors.recognitions_of([v.pk for v in villages]),
        "assessments": selectors.assessments_of_unit(commune),
        "village_assessments": selectors.assessments_of_villages(commune),
        "villages": villages, "set_choice": choice, "on": on,
        "can_assess": scope.can_write_commune(commune),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, unit_id):
    unit = unit_for(request.user, unit_id, write=True)
    level = {UnitLevel.COMMUNE: SetLevel.COMMUNE, UnitLevel.VILLAGE: SetLevel.VILLAGE,
             UnitLevel.DISTRICT: SetLevel.DISTRICT}.get(unit.level)
    if level is None:
        raise Http404
    form = AssessmentCreateForm(request.POST or None, level=level)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo lần đánh giá. Hãy nhập kết quả từng chỉ tiêu."))
            return redirect(assessment)
    return TemplateResponse(request, "criteria/assessment_create.html", {"unit": unit, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request, assessment_id):
    assessment = assessment_for(request.user, assessment_id, write=request.method == "POST")
    scope = scope_of(request.user)
    criteria = selectors.criteria_of(assessment.criteria_set)
    targets = selectors.targets_for_unit(assessment.criteria_set, assessment.unit, assessment.as_of)
    results = selectors.results_of([assessment.pk])[assessment.pk]
    _readable, can_write = unit_rights(scope, assessment.unit)
    can_edit = can_write and assessment.is_editable
    if request.method == "POST" and not assessment.is_editable:
        messages.error(request, _("Kết quả đánh giá đã gửi hoặc đã xác nhận, không sửa được nữa."))
        return redirect(assessment)
    form = ResultsForm(request.POST or None, request.FILES or None, criteria=criteria, targets=targets,
                       results=results) if can_edit else None
    if request.method == "POST" and form.is_valid():
        try:
            chosen = form.cleaned_data["evidence_indicator"]
            saved = services.assessment_record(
                assessment=assessment, actor=request.user, evidence=form.cleaned_data["evidence"] or None,
                evidence_indicator=next((i for c in criteria for i in c.indicator_list if str(i.pk) == chosen), None),
                entries=[services.ResultInput(indicator=i, value=v, status=s, note=n) for i, v, s, n in form.entries()])
        except ValidationError as exc:
            form.add_error(None, exc)
        except AssessmentStateError as exc:
            messages.error(request, str(exc))
            return redirect(assessment)
        else:
            messages.success(request, _("Đã lưu %(n)d chỉ tiêu.") % {"n": saved})
            return redirect(assessment)
    statuses = selectors.criterion_statuses(criteria, results)
    return TemplateResponse(request, "criteria/assessment_detail.html", {
        "assessment": assessment, "criteria": criteria, "targets": targets, "results": results, "form": form,
        "rows": _rows(criteria, targets, results, statuses),
        "met": sum(1 for s in statuses.values() if s == "met"),
        "evidence": list(assessment.evidence.select_related("indicator")),
        "can_submit": can_edit, "can_review": scope.can_coordinate(assessment.district_id)
        and assessment.status == "submitted", "review_form": ReviewForm(),
    })


def _rows(criteria, targets, results, statuses):
    return [{"criterion": c, "status": statuses.get(c.pk), "indicators": [
        {"indicator": i, "target": targets.get(i.pk) if i.kind == IndicatorKind.NUMERIC else None,
         "result": results.get(i.pk)} for i in c.indicator_list]} for c in criteria]


@login_required
@require_POST
def assessment_submit(request, assessment_id):
    assessment = assessment_for(request.user, assessment_id, write=True)
    try:
        services.assessment_submit(assessment=assessment, actor=request.user)
    except (ValidationError, AssessmentStateError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã gửi kết quả đánh giá để %(unit)s xác nhận.")
                         % {"unit": assessment.district.full_name})
    return redirect(assessment)


@login_required
@require_POST
def assessment_review(request, assessment_id, decision):
    assessment = assessment_for(request.user, assessment_id, review=True)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "verify":
            services.assessment_verify(assessment=assessment, actor=request.user, note=note)
            messages.success(request, _("Đã xác nhận kết quả đánh giá."))
        else:
            services.assessment_return(assessment=assessment, actor=request.user, note=note)
            messages.success(request, _("Đã trả lại kết quả đánh giá cho xã."))
    except (ValidationError, AssessmentStateError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(assessment)


@login_required
@require_GET
def evidence_download(request, evidence_id):
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    assessment_for(request.user, evidence.assessment_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return no_store(FileResponse(handle, as_attachment=True, filename=evidence.original_name))


@login_required
@require_GET
def set_list(request):
    scope = scope_of(request.user)
    if scope.is_empty:
        raise PermissionDenied
    return TemplateResponse(request, "criteria/set_list.html", {
        "sets": CriteriaSet.objects.all(), "can_coordinate": bool(scope.coordinated_district_ids)})


@login_required
@require_GET
def set_detail(request, set_id):
    criteria_set = criteria_set_for(request.user, set_id)
    scope = scope_of(request.user)
    district = district_of_scope(scope)
    criteria = selectors.criteria_of(criteria_set)
    targets = selectors.targets_of(criteria_set, district.pk if district else None)
    return TemplateResponse(request, "criteria/set_detail.html", {
        "criteria_set": criteria_set, "rows": _rows(criteria, targets, {}, {}),
        "can_coordinate": bool(scope.coordinated_district_ids),
    })


@login_required
@require_http_methods(["GET", "POST"])
def set_upload(request):
    require_coordinator(request.user)
    form = SetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                report = load_criteria_set(path=handle.name, actor=request.user, **data)
            except TableError as exc:
                errors = exc.errors
            else:
                messages.success(request, str(report))
                return redirect("criteria:set_detail", report.criteria_set.pk)
    return TemplateResponse(request, "criteria/set_upload.html", {"form": form, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def set_agencies(request, set_id):
    criteria_set = criteria_set_for(request.user, set_id)
    require_coordinator(request.user)
    district = district_of_scope(scope_of(request.user))
    criteria = selectors.criteria_of(criteria_set)
    form = CriteriaAgenciesForm(request.POST or None, criteria=criteria,
                                agencies=Agency.objects.filter(owner=district, is_active=True).order_by("kind", vi("name")))
    if request.method == "POST" and form.is_valid():
        changed = services.criteria_agencies_set(criteria_set=criteria_set, agencies=form.assignments(),
                                                 actor=request.user, district=district)
        messages.success(request, _("Đã lưu cơ quan phụ trách (%(n)d thay đổi).") % {"n": changed})
        return redirect("criteria:set_detail", criteria_set.pk)
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Cơ quan, đoàn thể phụ trách từng tiêu chí – %(set)s") % {"set": criteria_set.code},
        "back": reverse("criteria:set_detail", args=[criteria_set.pk])})


def _group_param(request) -> int | None:
    value = request.GET.get("nhom", "")
    return int(value) if value in {"1", "2", "3"} else None


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request, set_id):
    """The coordinating unit's targets, for every commune or (?nhom=1|2|3) for one commune group."""
    criteria_set = criteria_set_for(request.user, set_id)
    require_coordinator(request.user)
    district = district_of_scope(scope_of(request.user))
    group = _group_param(request)
    indicators = [i for c in selectors.criteria_of(criteria_set) for i in c.indicator_list
                  if i.kind == IndicatorKind.NUMERIC]
    form = TargetsForm(request.POST or None, indicators=indicators,
                       targets=selectors.targets_of(criteria_set, district.pk, group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = services.targets_set(criteria_set=criteria_set, district=district, actor=request.user, group=group,
                                       rows=[
            services.TargetInput(indicator=i, comparator=data[f"c_{i.pk}"], value=data[f"t_{i.pk}"],
                                 margin=data[f"m_{i.pk}"] if data[f"m_{i.pk}"] is not None else 10)
            for i in indicators])
        messages.success(request, _("Đã lưu chỉ tiêu (%(n)d thay đổi).") % {"n": changed})
        return redirect("criteria:set_detail", criteria_set.pk)
    return TemplateResponse(request, "criteria/targets_edit.html", {
        "criteria_set": criteria_set, "form": form, "district": district, "group": group,
        "groups": CommuneGroupNumber.choices})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, set_id, indicator_id=None):
    """Add an indicator to a set or correct one (the office enters QĐ 51's indicators from its annex)."""
    criteria_set = criteria_set_for(request.user, set_id)
    require_coordinator(request.user)
    indicator = None
    if indicator_id is not None:
        indicator = Indicator.objects.filter(criteria_set=criteria_set, pk=indicator_id).first()
        if indicator is None:
            raise Http404
    initial = {k: getattr(indicator, k) for k in ("criterion", "code", "name", "unit_label", "kind", "comparator",
                                                  "certainty")} if indicator else {}
    form = IndicatorForm(request.POST or None, criteria_set=criteria_set, initial=initial)
    if indicator is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(criteria_set=criteria_set, actor=request.user,
                                            unit=district_of_scope(scope_of(request.user)), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu %(c)s.") % {"c": saved.code})
            return redirect("criteria:set_detail", criteria_set.pk)
    title = (_("Sửa chỉ tiêu %(c)s – %(set)s") % {"c": indicator.code, "set": criteria_set.code} if indicator
             else _("Thêm chỉ tiêu – %(set)s") % {"set": criteria_set.code})
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": title, "back": reverse("criteria:set_detail", args=[criteria_set.pk])})


@login_required
@require_http_methods(["GET", "POST"])
def commune_groups_edit(request):
    """The group of each commune of the coordinating unit from a date (QĐ 51/2025: nhóm 1, 2, 3)."""
    require_coordinator(request.user)
    scope = scope_of(request.user)
    unit = district_of_scope(scope)
    today = timezone.localdate()
    communes = selectors.communes_in_scope(scope)
    current = {c.pk: selectors.group_of(c, today) for c in communes}
    form = CommuneGroupsForm(request.POST or None, communes=communes, current=current)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(current)
        with transaction.atomic():
            for commune, group in changes:
                services.commune_group_set(commune=commune, group=group, valid_from=form.cleaned_data["valid_from"],
                                           decision=form.cleaned_data["decision"], actor=request.user, unit=unit)
        messages.success(request, _("Đã lưu nhóm xã (%(n)d thay đổi).") % {"n": len(changes)})
        return redirect("criteria:commune_groups")
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Phân nhóm xã (nhóm 1, 2, 3) theo quyết định của tỉnh"),
        "back": reverse("criteria:set_list")})


@login_required
@require_http_methods(["GET", "POST"])
def targets_upload(request, set_id):
    """Targets by commune group, or the communes' groups, from a CSV or XLSX file: all or nothing."""
    criteria_set = criteria_set_for(request.user, set_id)
    require_coordinator(request.user)
    unit = district_of_scope(scope_of(request.user))
    form = TargetsUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                if form.cleaned_data["what"] == "targets":
                    changed = load_targets(path=handle.name, criteria_set=criteria_set, unit=unit, actor=request.user)
                else:
                    changed = load_commune_groups(path=handle.name, actor=request.user, unit=unit)
            except TableError as exc:
                errors = exc.errors
            else:
                messages.success(request, _("Đã nạp tệp (%(n)d thay đổi).") % {"n": changed})
                return redirect("criteria:set_detail", criteria_set.pk)
    return TemplateResponse(request, "criteria/set_upload.html", {
        "form": form, "errors": errors, "title": _("Nạp chỉ tiêu theo nhóm xã hoặc nhóm của từng xã"),
        "back": reverse("criteria:set_detail", args=[criteria_set.pk])})


@login_required
@require_GET
def roadmap(request):
    scope = scope_of(request.user)
    if not scope.district_ids:
        raise PermissionDenied
    district = district_of_scope(scope)
    on = _date_param(request, "ngay", timezone.localdate())
    return TemplateResponse(request, "criteria/roadmap.html", {
        "district": district, "on": on, "readiness": selectors.readiness(district, on),
        "lines": selectors.roadmap(district),
        "recognitions": selectors.recognitions_of(_district_units(district).values_list("pk", flat=True)),
        "can_coordinate": scope.can_coordinate(district.pk),
    })


def _district_units(district):
    return (AdministrativeUnit.objects.filter(parent=district, level=UnitLevel.COMMUNE)
            | AdministrativeUnit.objects.filter(parent__parent=district, level=UnitLevel.VILLAGE)
            ).select_related("parent").order_by("level", vi("parent__name"), vi("name"))


@login_required
@require_http_methods(["GET", "POST"])
def recognition_create(request):
    require_coordinator(request.user)
    district = district_of_scope(scope_of(request.user))
    form = RecognitionForm(request.POST or None, units=_district_units(district))
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi quyết định công nhận."))
            return redirect("criteria:roadmap")
    return TemplateResponse(request, "simple_form.html",
                            {"form": form, "title": _("Ghi quyết định công nhận"), "back": reverse("criteria:roadmap")})


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_target_create(request):
    require_coordinator(request.user)
    district = district_of_scope(scope_of(request.user))
    form = RoadmapTargetForm(request.POST or None, units=_district_units(district))
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_target_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu mục tiêu lộ trình."))
            return redirect("criteria:roadmap")
    return TemplateResponse(request, "simple_form.html",
                            {"form": form, "title": _("Thêm mục tiêu lộ trình"), "back": reverse("criteria:roadmap")})


def _comparison(request):
    """The comparison asked for in the query string, or (form, None) while it is incomplete."""
    scope = scope_of(request.user)
    if scope.is_empty:
        raise PermissionDenied
    communes = selectors.communes_in_scope(scope)
    form = CompareForm(request.GET or None, communes=AdministrativeUnit.objects.filter(pk__in=[c.pk for c in communes]))
    if not form.is_valid():
        return form, None
    chosen = form.cleaned_data["commune"]
    if chosen is not None:
        communes = [c for c in communes if c.pk == chosen.pk]
    choice = selectors.set_for(SetLevel.COMMUNE, form.cleaned_data["date_after"],
                               unit=communes[0].parent if communes else None)
    if choice.criteria_set is None:
        form.add_error(None, choice.warning)
        return form, None
    comparison = selectors.compare(choice.criteria_set, communes, form.cleaned_data["date_before"],
                                   form.cleaned_data["date_after"])
    comparison.set_choice = choice
    comparison.scope_label = chosen.full_name if chosen else (district_of_scope(scope) or "")
    comparison.single = chosen is not None
    return form, comparison


@login_required
@require_GET
def compare(request):
    form, comparison = _comparison(request)
    return TemplateResponse(request, "criteria/compare.html", {
        "form": form, "comparison": comparison, "query": request.GET.urlencode(),
    })


@login_required
@require_GET
def compare_xlsx(request):
    form, comparison = _comparison(request)
    if comparison is None:
        return redirect(reverse("criteria:compare") + "?" + request.GET.urlencode())
    return xlsx_response(exports.comparison_workbook(comparison), filename=exports.comparison_filename(comparison))


@login_required
@require_GET
def compare_pdf(request):
    form, comparison = _comparison(request)
    if comparison is None:
        return redirect(reverse("criteria:compare") + "?" + request.GET.urlencode())
    pdf = exports.comparison_pdf(comparison, user=request.user)
    # Every printed comparison is kept in the document library (a new version only if its data changed).
    services.keep_printed_comparison(comparison, pdf=pdf, filename=exports.comparison_filename(comparison),
                                     user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.comparison_filename(comparison)}.pdf"'
    return response


