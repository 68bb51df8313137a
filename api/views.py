"""The REST API: thin views over ntm_portal.access (404 outside scope, 403 read-only), the pages'
selectors and the pages' services. Every failure answers one error shape (api/errors.py)."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from campaigns.models import ActionDay, DayReport, RosterEntry, TaskResult, VillageResult
from campaigns.selectors.reports import day_report_of
from campaigns.selectors.rosters import rosters_for_commune
from campaigns.services.reports import NeedsConfirmation, ReportAlreadySubmitted, ReportChangedMeanwhile
from criteria.models import CriteriaSet, IndicatorResult
from criteria.selectors import assessments_of_unit
from directory.models import AdministrativeUnit, Assignment, Commune, UnitLevel
from directory.selectors import agencies_for, staff_of
from ntm_portal import access
from ntm_portal.collation import vi
from reporting.selectors import rollup_district_for, rollup_for, rollups_of

from . import errors, exchange, filing
from . import serializers as s
from .models import ApiToken
from .parsers import CsvParser, LimitedJSONParser
from .services import IDEMPOTENCY_KEY_MAX, KeyReused, idempotent_run

ERRORS = {code: OpenApiResponse(s.ErrorSerializer, description=text) for code, text in [
    (400, "Dữ liệu không hợp lệ"), (401, "Chưa xác thực"), (403, "Chỉ được xem / không có quyền"),
    (404, "Không tìm thấy hoặc ngoài phạm vi"), (429, "Quá nhiều yêu cầu")]}
WRITE_ERRORS = {**ERRORS, 409: OpenApiResponse(s.ErrorSerializer, description="Báo cáo vừa thay đổi"),
                413: OpenApiResponse(s.ErrorSerializer, description="Nội dung quá lớn"),
                422: OpenApiResponse(s.ErrorSerializer, description="Cần xác nhận số liệu / khóa đã dùng")}
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Khóa do máy gửi tự sinh (ví dụ UUID): gửi lại cùng khóa chỉ được ghi nhận một lần.")


def figures(view):
    """A view a service account (read-only, figures only) may call."""
    view.cls.figures = True
    return view


def _int_param(request, name: str, *, required: bool = False) -> int | None:
    raw = request.query_params.get(name, "")
    if not raw:
        if required:
            raise ValidationError({name: _("Tham số này là bắt buộc.")})
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise ValidationError({name: _("Cần một số nguyên dương.")})
    return int(raw)


def _date_param(request, name: str) -> datetime.date | None:
    raw = request.query_params.get(name, "")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: _("Ngày không hợp lệ (dạng YYYY-MM-DD).")}) from None


def _paginated(request, queryset, serializer_class, **context):
    from .pagination import Pagination

    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(serializer_class(page, many=True, context={"request": request,
                                                                                      **context}).data)


def _write(request, handler):
    """Run a write once per Idempotency-Key (if sent), mapping the services' refusals to the error shape."""

    def run():
        try:
            status, data = handler()
        except NeedsConfirmation as exc:
            return 422, errors.body([errors.error("needs_confirmation", w) for w in exc.warnings])
        except (ReportChangedMeanwhile, ReportAlreadySubmitted):
            return 409, errors.body([errors.error("conflict", _("Báo cáo vừa được người khác thay đổi hoặc đã "
                                                                 "nộp; vui lòng tải lại."))])
        return status, json.loads(JSONRenderer().render(data))

    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        status, body = run()
        return Response(body, status=status)
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
        raise ValidationError({"Idempotency-Key": _("Khóa tối đa %(n)s ký tự ASCII.") % {"n": IDEMPOTENCY_KEY_MAX}})
    data = request.data
    try:
        status, body, replayed = idempotent_run(user=request.user, key=key, method=request.method,
                                                path=request.path, data=data, handler=run)
    except KeyReused:
        return Response(errors.body([errors.error(
            "idempotency_key_reused", _("Khóa Idempotency-Key này đã dùng cho một yêu cầu khác."),
            "Idempotency-Key")]), status=422)
    response = Response(body, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


# --- the caller -----------------------------------------------------------------------------------------------

@figures
@extend_schema(summary="Tài khoản đang gọi", description="Vai trò và mã API đang dùng.",
               responses={200: s.MeSerializer, **ERRORS}, tags=["Tài khoản"])
@api_view(["GET"])
def me(request):
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return Response(s.MeSerializer({
        "username": request.user.get_username(), "roles": sorted(access.scope_of(request.user).roles),
        "token_kind": token.kind if token else None, "token_expires_at": token.expires_at if token else None,
    }).data)


# --- territory, agencies -------------------------------------------------------------------------------------

@figures
@extend_schema(summary="Địa bàn", description=(
    "Tỉnh, huyện, xã, thôn trong phạm vi của bạn, với mã GSO và thời gian hiệu lực (các xã sáp nhập từ "
    "01/07/2025 có ngày hết hiệu lực và đơn vị kế thừa)."), parameters=[
    OpenApiParameter("level", str, enum=UnitLevel.values, description="Cấp: province, district, commune, village."),
    OpenApiParameter("on", OpenApiTypes.DATE, description="Chỉ các đơn vị còn hiệu lực vào ngày này."),
    OpenApiParameter("parent", int, description="Chỉ các đơn vị trực thuộc đơn vị này."),
], responses={200: s.UnitSerializer(many=True), **ERRORS}, tags=["Địa bàn"])
@api_view(["GET"])
def unit_list(request):
    scope = access.scope_of(request.user)
    communes = set(Commune.objects.filter(scope.commune_filter()).values_list("pk", flat=True))
    upper = set(scope.district_ids)
    for _round in range(2):  # districts above the communes, then provinces above the districts
        upper |= set(AdministrativeUnit.objects.filter(pk__in=upper | communes, parent__isnull=False)
                     .values_list("parent_id", flat=True))
    units = AdministrativeUnit.objects.filter(
        Q(pk__in=upper | communes) | Q(level=UnitLevel.VILLAGE, parent_id__in=communes))
    level = request.query_params.get("level", "")
    if level:
        if level not in UnitLevel.values:
            raise ValidationError({"level": _("Cấp không hợp lệ.")})
        units = units.filter(level=level)
    on = _date_param(request, "on")
    if on is not None:
        units = units.current(on)
    parent = _int_param(request, "parent")
    if parent is not None:
        units = units.filter(parent_id=parent)
    return _paginated(request, units.order_by("level", "code", "pk"), s.UnitSerializer)


@extend_schema(summary="Cơ quan, đơn vị", description="Cơ quan trong phạm vi, với các xã được phân công hiện nay.",
               responses={200: s.AgencySerializer(many=True), **ERRORS}, tags=["Cơ quan"])
@api_view(["GET"])
def agency_list(request):
    return _paginated(request, agencies_for(access.scope_of(request.user)), s.AgencySerializer)


@extend_schema(summary="Một cơ quan và cán bộ", description=(
    "Số điện thoại và đảng viên chỉ có khi bạn là đầu mối của cơ quan hoặc văn phòng điều phối (để trống "
    "với người khác)."), responses={200: s.AgencyDetailSerializer, **ERRORS}, tags=["Cơ quan"])
@api_view(["GET"])
def agency_detail(request, agency_id):
    agency = access.agency_for(request.user, agency_id)
    agency.current_assignments = list(Assignment.objects.open_on(timezone.localdate()).filter(agency=agency)
                                      .select_related("commune"))
    staff = list(staff_of(agency))
    agency.staff_count = sum(1 for p in staff if p.is_active)
    return Response(s.AgencyDetailSerializer(agency, context={
        "staff": staff, "personal": access.can_view_personal_data(request.user, agency)}).data)


# --- action days, rosters ------------------------------------------------------------------------------

@figures
@extend_schema(summary="Ngày ra quân", description="Các ngày ra quân của chương trình bạn theo dõi, mới nhất trước.",
               parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
               responses={200: s.ActionDaySerializer(many=True), **ERRORS}, tags=["Ngày ra quân"])
@api_view(["GET"])
def action_day_list(request):
    days = ActionDay.objects.filter(programme__owner_id__in=access.programme_owner_ids(request.user))
    start, end = _date_param(request, "from"), _date_param(request, "to")
    if start:
        days = days.filter(date__gte=start)
    if end:
        days = days.filter(date__lte=end)
    return _paginated(request, days.select_related("programme").order_by("-date", "pk"), s.ActionDaySerializer)


@extend_schema(summary="Danh sách tham gia gửi về một xã", description=(
    "Các danh sách cơ quan gửi về xã cho một ngày ra quân; số điện thoại chỉ có với người được xem."),
    responses={200: s.RosterSerializer(many=True), **ERRORS}, tags=["Danh sách tham gia"])
@api_view(["GET"])
def commune_rosters(request, commune_id, action_day_id):
    commune, day = access.commune_board_for(request.user, commune_id, action_day_id)
    rosters = rosters_for_commune(commune=commune, action_day=day)
    personal = access.personal_data_agency_ids(request.user, [r.agency for r in rosters])
    return Response(s.RosterSerializer(rosters, many=True, context={"personal_agency_ids": personal}).data)


@extend_schema(methods=["GET"], summary="Danh sách một cơ quan gửi một xã",
               responses={200: s.RosterSerializer, **ERRORS}, tags=["Danh sách tham gia"])
@extend_schema(methods=["POST"], summary="Gửi danh sách tham gia", description=(
    "Thay cả danh sách của cơ quan cho xã và ngày ra quân (danh sách rỗng: không cử ai), qua cùng dịch vụ "
    "với trang web: cùng kiểm tra (phân công, trùng người, đã điểm danh), cùng nhật ký, trễ hạn vẫn nhận "
    "và ghi là trễ."), parameters=[IDEMPOTENCY], request=s.RosterInput,
    responses={200: s.RosterSerializer, **WRITE_ERRORS}, tags=["Danh sách tham gia"])
@api_view(["GET", "POST"])
@parser_classes([LimitedJSONParser])
def roster_detail(request, agency_id, commune_id, action_day_id):
    write = request.method == "POST"
    agency, commune, day, roster = access.roster_context_for(request.user, agency_id, commune_id, action_day_id,
                                                             write=write)
    personal = {agency.pk} if access.can_view_personal_data(request.user, agency) else set()
    if not write:
        if roster is None:
            raise Http404
        return Response(s.RosterSerializer(roster, context={"personal_agency_ids": personal}).data)
    data = s.RosterInput(data=request.data)
    data.is_valid(raise_exception=True)

    def handler():
        saved = filing.roster_file(agency=agency, commune=commune, action_day=day,
                                   people=data.validated_data["people"], actor=request.user)
        saved = type(saved).objects.select_related("agency").prefetch_related(
            Prefetch("entries", queryset=RosterEntry.objects.order_by(vi("full_name")))).get(pk=saved.pk)
        return 200, s.RosterSerializer(saved, context={"personal_agency_ids": personal}).data

    return _write(request, handler)


# --- day reports -----------------------------------------------------------------------------------------

def _report_context(request, report: DayReport) -> dict:
    """The roll call of the agencies' staff, except for a service account (it never reads staff)."""
    if isinstance(request.auth, ApiToken) and request.auth.kind == ApiToken.Kind.SERVICE:
        return {"attendance": None}
    return {"attendance": list(RosterEntry.objects.filter(action_day_id=report.action_day_id,
                                                          roster__commune_id=report.commune_id)
                               .select_related("roster__agency").order_by(vi("roster__agency__name"),
                                                                          vi("full_name"), "pk"))}


def _report_full(report_id) -> DayReport:
    return (DayReport.objects.select_related("commune").prefetch_related(Prefetch(
        "village_results", queryset=VillageResult.objects.select_related("village").order_by(vi("village__name"))
        .prefetch_related(Prefetch("task_results", queryset=TaskResult.objects.select_related("task_type")))))
        .get(pk=report_id))


@figures
@extend_schema(summary="Báo cáo kết quả của một ngày ra quân", description=(
    "Báo cáo của các xã bạn được xem (mọi trạng thái)."),
    responses={200: s.DayReportBriefSerializer(many=True), **ERRORS}, tags=["Báo cáo kết quả"])
@api_view(["GET"])
def day_report_list(request, action_day_id):
    day = ActionDay.objects.filter(pk=action_day_id,
                                   programme__owner_id__in=access.programme_owner_ids(request.user)).first()
    if day is None:
        raise Http404
    scope = access.scope_of(request.user)
    reports = DayReport.objects.filter(action_day=day).filter(scope.work_commune_filter("commune__"))
    return _paginated(request, reports.order_by("commune_id"), s.DayReportBriefSerializer)


@figures
@extend_schema(methods=["GET"], summary="Báo cáo kết quả của một xã",
               responses={200: s.DayReportSerializer, **ERRORS}, tags=["Báo cáo kết quả"])
@extend_schema(methods=["POST"], summary="Lưu và nộp báo cáo kết quả", description=(
    "Lưu số liệu các thôn gửi lên (mỗi thôn gửi lên được thay cả; thôn không gửi giữ nguyên), kết quả phần "
    "việc (`tasks`: theo kế hoạch tuần; `extra_tasks`: phát sinh theo loại), điểm danh cán bộ các cơ quan "
    "(`attendance`), rồi nộp nếu "
    "`submit` là true — qua cùng dịch vụ với trang web: cùng quy tắc (số hộ tham gia không vượt tổng số hộ, "
    "số người không ít hơn số hộ, không âm), cùng nhật ký, nộp muộn vẫn nhận và ghi là muộn. Số gấp hơn "
    "10 lần tuần trước cần `confirm_large`. Báo cáo đã nộp chỉ sửa được kèm `change_reason`. Gửi kèm tiêu đề "
    "`Idempotency-Key`: gửi lại (mất mạng, hết thời gian chờ) chỉ được ghi nhận một lần. Ảnh hiện trường chỉ "
    "gửi được trên trang web."),
    parameters=[IDEMPOTENCY], request=s.DayReportInput,
    responses={200: s.DayReportSerializer, **WRITE_ERRORS}, tags=["Báo cáo kết quả"])
@api_view(["GET", "POST"])
@parser_classes([LimitedJSONParser])
def day_report_detail(request, commune_id, action_day_id):
    write = request.method == "POST"
    commune, day = access.commune_day_for(request.user, commune_id, action_day_id, write=write)
    if not write:
        report = day_report_of(commune=commune, action_day=day)
        if report is None:
            raise Http404
        return Response(s.DayReportSerializer(_report_full(report.pk), context=_report_context(request, report)).data)
    data = s.DayReportInput(data=request.data)
    data.is_valid(raise_exception=True)
    key = request.headers.get("Idempotency-Key", "").strip()[:64]

    def handler():
        report = filing.day_report_file(commune=commune, action_day=day, data=data.validated_data,
                                        actor=request.user, token=f"api:{key}"[:64] if key else "")
        return 200, s.DayReportSerializer(_report_full(report.pk), context=_report_context(request, report)).data

    return _write(request, handler)


# --- the steering committee's tasks --------------------------------------------------------------------------

TASK_STATES = ("overdue", "not_started", "in_progress", "done", "cannot")


@extend_schema(summary="Nhiệm vụ Ban Chỉ đạo giao", description=(
    "Các thời hạn của nhiệm vụ bạn được xem (đơn vị chủ trì, phối hợp, văn phòng điều phối), sớm nhất trước; "
    "nhiệm vụ nhiều đợt có một dòng mỗi đợt. `state=overdue` chỉ lấy thời hạn đã quá."),
    parameters=[OpenApiParameter("state", str, enum=list(TASK_STATES), description="Lọc theo tình trạng.")],
    responses={200: s.TaskDeadlineSerializer(many=True), **ERRORS}, tags=["Theo dõi chỉ đạo"])
@api_view(["GET"])
def task_list(request):
    from directives.selectors.tasks import my_deadlines

    state = request.query_params.get("state", "")
    if state and state not in TASK_STATES:
        raise ValidationError({"state": _("Tình trạng không hợp lệ.")})
    rows = my_deadlines(scope=access.scope_of(request.user), today=timezone.localdate())
    if state == "overdue":
        rows = [r for r in rows if r.overdue]
    elif state:
        rows = [r for r in rows if r.deadline.state == state and not r.overdue]
    return _paginated(request, rows, s.TaskDeadlineSerializer)


# --- roll-ups, criteria --------------------------------------------------------------------------------------

@figures
@extend_schema(summary="Báo cáo tổng hợp tuần", description=(
    "Các phiên bản báo cáo tổng hợp của đơn vị điều phối (mặc định: đơn vị của bạn), với đường dẫn tải tệp."),
    parameters=[OpenApiParameter("unit", int, description="Mã số (id) của đơn vị điều phối.")],
    responses={200: s.RollUpSerializer(many=True), **ERRORS}, tags=["Báo cáo tổng hợp"])
@api_view(["GET"])
def rollup_list(request):
    district = rollup_district_for(request.user, _int_param(request, "unit"))
    return _paginated(request, rollups_of(district), s.RollUpSerializer)


@figures
@extend_schema(summary="Tải tệp báo cáo tổng hợp (pdf, xlsx)", responses={
    (200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS}, tags=["Báo cáo tổng hợp"])
@api_view(["GET"])
def rollup_file(request, rollup_id, kind):
    rollup = rollup_for(request.user, rollup_id)
    field = getattr(rollup, kind) if kind in ("pdf", "xlsx") else None
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    kinds = {"pdf": "application/pdf",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    return FileResponse(handle, content_type=kinds[kind], as_attachment=True,
                        filename=f"{rollup.file_stem()}.{kind}")


@figures
@extend_schema(summary="Bộ tiêu chí", responses={200: s.CriteriaSetSerializer(many=True), **ERRORS},
               tags=["Tiêu chí"])
@api_view(["GET"])
def criteria_set_list(request):
    if access.scope_of(request.user).is_empty:
        raise Http404
    return _paginated(request, CriteriaSet.objects.order_by("level", "code", "version"), s.CriteriaSetSerializer)


@figures
@extend_schema(summary="Một bộ tiêu chí với tiêu chí và chỉ tiêu",
               responses={200: s.CriteriaSetDetailSerializer, **ERRORS}, tags=["Tiêu chí"])
@api_view(["GET"])
def criteria_set_detail(request, set_id):
    criteria_set = access.criteria_set_for(request.user, set_id)
    criteria_set = CriteriaSet.objects.prefetch_related("criteria", "indicators").get(pk=criteria_set.pk)
    return Response(s.CriteriaSetDetailSerializer(criteria_set).data)


@figures
@extend_schema(summary="Các lần đánh giá của một đơn vị (xã, thôn, huyện)",
               responses={200: s.AssessmentSerializer(many=True), **ERRORS}, tags=["Tiêu chí"])
@api_view(["GET"])
def unit_assessments(request, unit_id):
    unit = access.unit_for(request.user, unit_id)
    return Response(s.AssessmentSerializer(assessments_of_unit(unit), many=True).data)


@figures
@extend_schema(summary="Một lần đánh giá với kết quả từng chỉ tiêu",
               responses={200: s.AssessmentDetailSerializer, **ERRORS}, tags=["Tiêu chí"])
@api_view(["GET"])
def assessment_detail(request, assessment_id):
    assessment = access.assessment_for(request.user, assessment_id)
    results = IndicatorResult.objects.filter(assessment=assessment).select_related("indicator")
    data = s.AssessmentSerializer(assessment).data
    data["results"] = s.IndicatorResultSerializer(results, many=True).data
    return Response(data)


# --- exchange (DHIS2) ------------------------------------------------------------------------------------

@figures
@extend_schema(methods=["GET"], summary="Xuất số liệu tuần (DHIS2 dataValueSets, CSV)", description=(
    "Số liệu tuần của các xã đã nộp báo cáo thuộc đơn vị điều phối, cho một kỳ (tuần 2025W11, tháng 202503, "
    "quý 2025Q1): mỗi ngày ra quân trong kỳ cho giá trị kỳ tuần của ngày đó, orgUnit là mã GSO của xã, "
    "dataElement / categoryOptionCombo theo bảng ánh xạ văn phòng khai báo. `output=csv` cho tệp CSV."),
    parameters=[OpenApiParameter("unit", int, required=True, description="Id đơn vị điều phối."),
                OpenApiParameter("period", str, required=True, description="2025W11, 202503 hoặc 2025Q1."),
                OpenApiParameter("output", str, enum=["json", "csv"])],
    responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["Trao đổi số liệu"])
@extend_schema(methods=["POST"], summary="Nhập số liệu từ hệ thống khác (DHIS2 dataValueSets hoặc CSV)",
               description=("Cùng định dạng với tệp xuất. Kiểm tra cả tệp trước khi ghi: một giá trị sai thì "
                            "không ghi gì, mọi lỗi được nêu theo dòng và trường. Chỉ văn phòng điều phối."),
               parameters=[OpenApiParameter("unit", int, required=True), IDEMPOTENCY],
               request={"application/json": OpenApiTypes.OBJECT, "text/csv": OpenApiTypes.STR},
               responses={200: OpenApiTypes.OBJECT, **WRITE_ERRORS}, tags=["Trao đổi số liệu"])
@api_view(["GET", "POST"])
@parser_classes([LimitedJSONParser, CsvParser])
def data_value_sets(request):
    write = request.method == "POST"
    unit = rollup_district_for(request.user, _int_param(request, "unit", required=True), manage=write)
    if not write:
        period = exchange.period_parse(request.query_params.get("period", ""))
        output = request.query_params.get("output", "json")
        if output not in ("json", "csv"):
            raise ValidationError({"output": _("Chỉ có json hoặc csv.")})
        values = exchange.data_value_set(unit=unit, period=period)
        if output == "csv":
            response = HttpResponse(exchange.data_values_csv(values["dataValues"]), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="so-lieu-{unit.code or unit.pk}-{period.code}.csv"'
            return response
        return Response(values)
    payload = request.data
    if isinstance(payload, str):
        rows, source, raw = exchange.rows_from_csv(payload), "csv", payload.encode("utf-8")
    else:
        rows, source = exchange.rows_from_json(payload), "json"
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")

    def handler():
        batch = exchange.exchange_import(unit=unit, rows=rows, source_format=source, raw=raw, actor=request.user)
        return 200, {"status": "SUCCESS", "import_id": batch.pk,
                     "importCount": {"imported": batch.created_count, "updated": batch.updated_count,
                                     "ignored": 0, "deleted": 0}}

    return _write(request, handler)


@figures
@extend_schema(summary="Số liệu hệ thống đối tác gửi về", description=(
    "Các giá trị đã nhập (lần nhập mới nhất của mỗi xã × tuần × chỉ số) cho đơn vị điều phối, cạnh số của "
    "cổng cho cùng ô (như tệp xuất) và chênh lệch. `period`: tuần 2025W11, tháng 202503 hoặc quý 2025Q1; "
    "không gửi: mọi kỳ. `unit`: mặc định đơn vị của bạn."),
    parameters=[OpenApiParameter("unit", int, description="Id đơn vị điều phối."),
                OpenApiParameter("period", str, description="2025W11, 202503 hoặc 2025Q1.")],
    responses={200: s.ReceivedValueSerializer(many=True), **ERRORS}, tags=["Trao đổi số liệu"])
@api_view(["GET"])
def exchange_received(request):
    unit = access.exchange_unit_for(request.user, _int_param(request, "unit"))
    code = request.query_params.get("period", "")
    period = exchange.period_parse(code) if code else None
    return _paginated(request, exchange.received_values(unit=unit, period=period), s.ReceivedValueSerializer)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def unknown_path(request, path=""):
    """Any other address under /api/: 404 in the error shape, not the site's HTML page."""
    raise Http404
