"""What the API shows and accepts. Output mirrors the pages; input is refused whole on any unknown field."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import ActionDay, Attendance, DayReport, Roster, RosterEntry, TaskResult, VillageResult
from criteria.models import Assessment, CriteriaSet, Criterion, Indicator, IndicatorResult
from directory.models import AdministrativeUnit, Agency, Person
from reporting.models import RollUp

from .models import ApiToken


class ReadSerializer(serializers.ModelSerializer):
    """Foreign keys as plain ids (`commune_id`), documented as integers."""

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name.endswith("_id") and field_name[:-3] in info.relations:
            return serializers.IntegerField, {"read_only": True, "allow_null": True}
        return super().build_field(field_name, info, model_class, nested_depth)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo never silently drops a figure)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [serializers.ErrorDetail(str(_("Trường không được hỗ trợ.")), code="unknown_field")]
                     for name in unknown})
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Mã lỗi (tiếng Anh, cố định)."))
    message = serializers.CharField(help_text=_("Thông báo lỗi bằng tiếng Việt."))
    field = serializers.CharField(allow_null=True, help_text=_("Trường gây lỗi, nếu có (ví dụ villages[0].households)."))
    errors = serializers.ListField(child=serializers.DictField(), help_text=_("Mọi lỗi, cùng dạng."))


# --- territory, agencies -------------------------------------------------------------------------

class UnitSerializer(ReadSerializer):
    gso_code = serializers.CharField(source="code", help_text=_("Mã đơn vị hành chính (Tổng cục Thống kê)."))

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "level", "kind", "gso_code", "name", "parent_id", "valid_from", "valid_to", "successor_id"]


class AssignmentBriefSerializer(serializers.Serializer):
    commune_id = serializers.IntegerField()
    commune_name = serializers.CharField(source="commune.name")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class AgencySerializer(ReadSerializer):
    staff_count = serializers.IntegerField(read_only=True)
    assignments = AssignmentBriefSerializer(source="current_assignments", many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "owner_id", "email", "is_active", "staff_count", "assignments"]


class PersonSerializer(ReadSerializer):
    phone = serializers.SerializerMethodField(help_text=_("Chỉ có khi bạn được xem thông tin cá nhân của cơ quan."))
    is_party_member = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "full_name", "position", "is_active", "phone", "is_party_member"]

    def _personal(self) -> bool:
        return bool(self.context.get("personal"))

    def get_phone(self, obj) -> str | None:
        return obj.phone if self._personal() else None

    def get_is_party_member(self, obj) -> bool | None:
        return obj.is_party_member if self._personal() else None


class AgencyDetailSerializer(AgencySerializer):
    staff = serializers.SerializerMethodField()

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "staff"]

    def get_staff(self, obj) -> list[dict]:
        return PersonSerializer(self.context["staff"], many=True, context=self.context).data


# --- action days, rosters ---------------------------------------------------------------------------

class ActionDaySerializer(ReadSerializer):
    owner_id = serializers.IntegerField(source="programme.owner_id")
    roster_deadline = serializers.DateTimeField()
    filing_deadline = serializers.DateTimeField()

    class Meta:
        model = ActionDay
        fields = ["id", "date", "status", "kind", "title", "cancel_reason", "owner_id", "roster_deadline",
                  "filing_deadline"]


class RosterEntrySerializer(ReadSerializer):
    phone = serializers.SerializerMethodField()
    is_party_member = serializers.SerializerMethodField()

    class Meta:
        model = RosterEntry
        fields = ["id", "person_id", "full_name", "position", "note", "village_id", "attendance", "absence_reason",
                  "phone", "is_party_member"]

    def _personal(self, obj) -> bool:
        return obj.roster.agency_id in self.context.get("personal_agency_ids", ())

    def get_phone(self, obj) -> str | None:
        return obj.phone if self._personal(obj) else None

    def get_is_party_member(self, obj) -> bool | None:
        return obj.is_party_member if self._personal(obj) else None


class RosterSerializer(ReadSerializer):
    agency_name = serializers.CharField(source="agency.name")
    entries = RosterEntrySerializer(many=True)

    class Meta:
        model = Roster
        fields = ["id", "agency_id", "agency_name", "commune_id", "action_day_id", "submitted_at", "is_late",
                  "updated_at", "source", "entry_count", "status", "entries"]


class RosterLineInput(StrictSerializer):
    person_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RosterInput(StrictSerializer):
    people = RosterLineInput(many=True, allow_empty=True, max_length=500,
                             help_text=_("Người được cử; danh sách rỗng nghĩa là cơ quan không cử ai."))


# --- day reports ---------------------------------------------------------------------------------------

class TaskResultSerializer(ReadSerializer):
    task_type_code = serializers.CharField(source="task_type.code")

    class Meta:
        model = TaskResult
        fields = ["id", "task_id", "task_type_id", "task_type_code", "quantity"]


class VillageResultSerializer(ReadSerializer):
    village_name = serializers.CharField(source="village.name")
    village_gso_code = serializers.CharField(source="village.code")
    task_results = TaskResultSerializer(many=True)

    class Meta:
        model = VillageResult
        fields = ["village_id", "village_name", "village_gso_code", "households_total", "residents", "households",
                  "commune_staff", "teachers", "students", "waste_kg", "waste_m3", "remarks", "proposal_text",
                  "task_results"]


class AttendanceSerializer(ReadSerializer):
    agency_id = serializers.IntegerField(source="roster.agency_id")
    agency_name = serializers.CharField(source="roster.agency.name")

    class Meta:
        model = RosterEntry
        fields = ["id", "person_id", "full_name", "position", "agency_id", "agency_name", "village_id",
                  "attendance", "absence_reason"]


class DayReportSerializer(ReadSerializer):
    commune_name = serializers.CharField(source="commune.name")
    village_results = VillageResultSerializer(many=True)
    attendance = serializers.SerializerMethodField(help_text=_(
        "Điểm danh cán bộ các cơ quan (null với tài khoản hệ thống: không xem cán bộ)."))

    class Meta:
        model = DayReport
        fields = ["id", "commune_id", "commune_name", "action_day_id", "status", "version", "remarks",
                  "first_submitted_at", "submitted_at", "submission_count", "is_late", "return_comment",
                  "village_results", "attendance"]

    @extend_schema_field(AttendanceSerializer(many=True, allow_null=True))
    def get_attendance(self, obj):
        entries = self.context.get("attendance")
        return None if entries is None else AttendanceSerializer(entries, many=True).data


class DayReportBriefSerializer(ReadSerializer):
    class Meta:
        model = DayReport
        fields = ["id", "commune_id", "action_day_id", "status", "version", "submitted_at", "is_late"]


PEOPLE = {"min_value": 0, "max_value": 1_000_000, "required": False, "allow_null": True}
AMOUNT = {"min_value": 0, "max_digits": 12, "decimal_places": 2, "required": False, "allow_null": True}


class PlannedTaskInput(StrictSerializer):
    task_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                       help_text=_("Phần việc trong kế hoạch tuần của thôn (id)."))
    quantity = serializers.DecimalField(min_value=0, max_digits=12, decimal_places=2, allow_null=True,
                                        help_text=_("Khối lượng đã làm; null để xóa."))


class ExtraTaskInput(StrictSerializer):
    task_type_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                            help_text=_("Loại phần việc (đang dùng) làm ngoài kế hoạch."))
    quantity = serializers.DecimalField(min_value=0, max_digits=12, decimal_places=2)


class AttendanceInput(StrictSerializer):
    entry_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                        help_text=_("Một người trong danh sách tham gia gửi về xã (id của dòng)."))
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                   help_text=_("Lý do vắng (chỉ khi vắng mặt)."))


class VillageFiguresInput(StrictSerializer):
    village_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    residents = serializers.IntegerField(**PEOPLE)
    households = serializers.IntegerField(**PEOPLE)
    commune_staff = serializers.IntegerField(**PEOPLE)
    teachers = serializers.IntegerField(**PEOPLE)
    students = serializers.IntegerField(**PEOPLE)
    waste_kg = serializers.DecimalField(**AMOUNT)
    waste_m3 = serializers.DecimalField(**AMOUNT)
    remarks = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    proposal_text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    tasks = PlannedTaskInput(many=True, required=False, allow_empty=True, max_length=200, help_text=_(
        "Kết quả các phần việc trong kế hoạch của thôn: phần việc không gửi bị xóa kết quả; không gửi "
        "trường này thì giữ nguyên."))
    extra_tasks = ExtraTaskInput(many=True, required=False, allow_empty=True, max_length=50, help_text=_(
        "Phần việc phát sinh theo loại: thay cả danh sách phát sinh của thôn; không gửi thì giữ nguyên."))


class DayReportInput(StrictSerializer):
    villages = VillageFiguresInput(many=True, allow_empty=True, max_length=500)
    attendance = AttendanceInput(many=True, required=False, allow_empty=True, max_length=1000, help_text=_(
        "Điểm danh cán bộ các cơ quan có trong danh sách tham gia gửi về xã; người không gửi giữ nguyên."))
    remarks = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                    help_text=_("Nhận xét chung; không gửi thì giữ nguyên."))
    submit = serializers.BooleanField(default=False, help_text=_("Nộp báo cáo sau khi lưu."))
    confirm_large = serializers.BooleanField(
        default=False, help_text=_("Xác nhận các số gấp hơn 10 lần tuần trước."))
    change_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="",
                                          help_text=_("Bắt buộc khi sửa báo cáo đã nộp."))


# --- roll-ups, criteria ------------------------------------------------------------------------------------

class RollUpSerializer(ReadSerializer):
    action_day_date = serializers.DateField(source="action_day.date")
    files = serializers.SerializerMethodField()

    class Meta:
        model = RollUp
        fields = ["id", "district_id", "action_day_id", "action_day_date", "version", "status", "trigger", "reason",
                  "created_at", "built_at", "emailed_at", "pdf_sha256", "xlsx_sha256", "data_version", "files"]

    def get_files(self, obj) -> dict[str, str]:
        from django.urls import reverse

        request = self.context.get("request")
        out = {}
        for kind in ("pdf", "xlsx"):
            if getattr(obj, kind):
                url = reverse("api:rollup_file", args=[obj.pk, kind])
                out[kind] = request.build_absolute_uri(url) if request else url
        return out


class CriteriaSetSerializer(ReadSerializer):
    class Meta:
        model = CriteriaSet
        fields = ["id", "code", "version", "name", "level", "tier", "legal_basis", "valid_from", "valid_to",
                  "owner_id"]


class IndicatorSerializer(ReadSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit_label", "kind", "comparator", "criterion_id"]


class CriterionSerializer(ReadSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "number", "name", "group"]


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    criteria = CriterionSerializer(many=True)
    indicators = IndicatorSerializer(many=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "criteria", "indicators"]


class IndicatorResultSerializer(ReadSerializer):
    indicator_code = serializers.CharField(source="indicator.code")

    class Meta:
        model = IndicatorResult
        fields = ["indicator_id", "indicator_code", "value", "status", "target_value", "note"]


class AssessmentSerializer(ReadSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "criteria_set_id", "unit_id", "commune_id", "district_id", "as_of", "status", "note",
                  "submitted_at", "reviewed_at", "review_note"]


class AssessmentDetailSerializer(AssessmentSerializer):
    results = IndicatorResultSerializer(many=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "results"]


# --- the caller ----------------------------------------------------------------------------------------------

class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    token_kind = serializers.CharField(allow_null=True)
    token_expires_at = serializers.DateTimeField(allow_null=True)


class ApiTokenSerializer(ReadSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "kind", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]


class TaskDeadlineSerializer(serializers.Serializer):
    """One deadline of a steering-committee task (a recurring task has one per round), as the board shows it."""

    task_id = serializers.IntegerField(source="task.pk")
    deadline_id = serializers.IntegerField(source="deadline.pk")
    document_id = serializers.IntegerField(source="task.document_id")
    document = serializers.CharField(source="task.document.__str__")
    document_number = serializers.CharField(source="task.document.number")
    document_issued_on = serializers.DateField(source="task.document.issued_on", allow_null=True)
    point = serializers.CharField(source="task.point")
    text = serializers.CharField(source="task.text")
    lead = serializers.CharField(source="task.lead_name")
    lead_agency_id = serializers.IntegerField(source="task.lead_agency_id", allow_null=True)
    lead_commune_id = serializers.IntegerField(source="task.lead_commune_id", allow_null=True)
    expected = serializers.CharField(source="task.expected")
    occurrence = serializers.IntegerField(source="deadline.occurrence")
    due_on = serializers.DateField(source="deadline.due_on", allow_null=True)
    original_due_on = serializers.DateField(source="deadline.original_due_on", allow_null=True)
    state = serializers.CharField(source="deadline.state")
    overdue = serializers.BooleanField()
    state_reason = serializers.CharField(source="deadline.state_reason")
    done_on = serializers.DateField(source="deadline.done_on", allow_null=True)
    last_report_at = serializers.DateTimeField(source="last_report.reported_at", allow_null=True, default=None)
    last_report_text = serializers.CharField(source="last_report.text", allow_null=True, default=None)


class ReceivedValueSerializer(serializers.Serializer):
    org_unit_id = serializers.IntegerField()
    org_unit = serializers.CharField(source="org_unit_code", help_text=_("Mã GSO của xã (orgUnit)."))
    org_unit_name = serializers.CharField()
    period = serializers.CharField(help_text=_("Kỳ tuần DHIS2, ví dụ 2025W11."))
    figure = serializers.CharField(help_text=_("Chỉ số của cổng (bảng ánh xạ)."))
    figure_label = serializers.CharField()
    data_element = serializers.CharField(allow_null=True, help_text=_("Theo bảng ánh xạ đang dùng (null: không còn)."))
    category_option_combo = serializers.CharField(allow_null=True)
    value = serializers.DecimalField(source="received", max_digits=14, decimal_places=2,
                                     help_text=_("Giá trị hệ thống đối tác gửi về."))
    portal_value = serializers.DecimalField(source="portal", max_digits=14, decimal_places=2, allow_null=True,
                                            help_text=_("Số của cổng cho cùng ô (null: xã chưa nộp hoặc chỉ số "
                                                        "không còn trong bảng ánh xạ)."))
    difference = serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True,
                                          help_text=_("Giá trị nhận về trừ số của cổng."))
    imported_at = serializers.DateTimeField()
