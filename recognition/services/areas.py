"""Writes of the model-area path: every step a conditional update from the state it expects, with its
audit row in the same transaction (a double click or two officers at once make one step, not two)."""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Assessment, Authority, CriteriaSet, Evidence, Recognition, RecognitionLevel, SetLevel
from criteria.services import evidence_check
from directory.models import AdministrativeUnit, UnitLevel
from ntm_portal import limits
from ntm_portal.audit import audit_record, snapshot

from ..models import AreaState, ModelAreaCase, ModelAreaCheck


class CaseStateError(ValidationError):
    """The case is no longer in the state this step starts from (already done, or done by someone else)."""


def _check_date(on: datetime.date, label: str, *, not_before: datetime.date | None = None) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("%(label)s không được sau ngày hôm nay.") % {"label": label})
    if not_before is not None and on < not_before:
        raise ValidationError(_("%(label)s không được trước ngày %(d)s của bước trước.")
                              % {"label": label, "d": not_before.strftime("%d/%m/%Y")})


def _advance(case: ModelAreaCase, *, expected: str, to: str, fields: dict, actor, action: str) -> ModelAreaCase:
    before = snapshot(case)
    updated = ModelAreaCase.objects.filter(pk=case.pk, state=expected).update(state=to, **fields,
                                                                             updated_at=timezone.now())
    if updated != 1:
        raise CaseStateError(_("Hồ sơ đã chuyển sang bước khác; hãy tải lại trang."), code="state")
    case.refresh_from_db()
    audit_record(actor=actor, action=action, target=case, before=before, after=snapshot(case),
                 unit=case.commune.parent if case.commune_id else None)
    return case


@transaction.atomic
def area_case_register(*, village: AdministrativeUnit, criteria_set: CriteriaSet, registered_on: datetime.date,
                       actor) -> ModelAreaCase:
    if village.level != UnitLevel.VILLAGE:
        raise ValidationError(_("Chỉ thôn, tổ dân phố mới đăng ký xây dựng khu dân cư kiểu mẫu."))
    if criteria_set.level != SetLevel.VILLAGE:
        raise ValidationError(_("Bộ tiêu chí «%(s)s» không phải bộ tiêu chuẩn cấp thôn.") % {"s": criteria_set})
    _check_date(registered_on, _("Ngày đăng ký"))
    if not criteria_set.in_force_on(registered_on):
        raise ValidationError(_("Bộ tiêu chuẩn «%(s)s» không có hiệu lực ngày %(d)s.")
                              % {"s": criteria_set, "d": registered_on.strftime("%d/%m/%Y")})
    try:
        with transaction.atomic():
            case = ModelAreaCase.objects.create(village=village, commune_id=village.parent_id,
                                                criteria_set=criteria_set, registered_on=registered_on,
                                                created_by=actor)
    except IntegrityError:
        raise ValidationError(_("%(v)s đã có hồ sơ khu dân cư kiểu mẫu đang theo dõi.") % {"v": village.full_name},
                              code="duplicate") from None
    audit_record(actor=actor, action="model_area.register", target=case, after=snapshot(case),
                 unit=village.parent.parent if village.parent_id else None)
    return case


@transaction.atomic
def area_case_survey(*, case: ModelAreaCase, surveyed_on: datetime.date, note: str, actor) -> ModelAreaCase:
    limits.check_length(note, limits.NOTE, _("Kết quả khảo sát"))
    _check_date(surveyed_on, _("Ngày khảo sát"), not_before=case.registered_on)
    return _advance(case, expected=AreaState.REGISTERED, to=AreaState.SURVEYED,
                    fields={"surveyed_on": surveyed_on, "survey_note": note}, actor=actor, action="model_area.survey")


@transaction.atomic
def area_case_self_assess(*, case: ModelAreaCase, assessment: Assessment, actor) -> ModelAreaCase:
    """The village's own assessment against the set, with at least one piece of evidence."""
    if assessment.unit_id != case.village_id or assessment.criteria_set_id != case.criteria_set_id:
        raise ValidationError(_("Kết quả đánh giá phải là của chính thôn này, theo bộ tiêu chuẩn của hồ sơ."))
    if not Evidence.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("Kết quả tự đánh giá chưa có tệp minh chứng nào."), code="no_evidence")
    _check_date(assessment.as_of, _("Ngày tự đánh giá"), not_before=case.surveyed_on)
    return _advance(case, expected=AreaState.SURVEYED, to=AreaState.SELF_ASSESSED,
                    fields={"self_assessment": assessment, "self_assessed_on": assessment.as_of}, actor=actor,
                    action="model_area.self_assess")


@transaction.atomic
def area_case_appraise(*, case: ModelAreaCase, appraised_on: datetime.date, note: str, actor) -> ModelAreaCase:
    limits.check_length(note, limits.NOTE, _("Ý kiến thẩm định"))
    _check_date(appraised_on, _("Ngày thẩm định"), not_before=case.self_assessed_on)
    return _advance(case, expected=AreaState.SELF_ASSESSED, to=AreaState.APPRAISED,
                    fields={"appraised_on": appraised_on, "appraisal_note": note}, actor=actor,
                    action="model_area.appraise")


@transaction.atomic
def area_case_recognise(*, case: ModelAreaCase, decision_number: str, decision_date: datetime.date,
                        decision_file=None, authority: str = Authority.DISTRICT, actor) -> ModelAreaCase:
    """The decision recognising the area; it is also written as a criteria Recognition of the village."""
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ValidationError(_("Cần ghi số quyết định công nhận."))
    if len(decision_number) > 40:
        raise ValidationError(_("Số quyết định: tối đa 40 ký tự."))
    _check_date(decision_date, _("Ngày quyết định"), not_before=case.appraised_on)
    if decision_file is not None:
        evidence_check(decision_file)
    recognition, _created = Recognition.objects.get_or_create(
        unit_id=case.village_id, level=RecognitionLevel.MODEL_AREA, decision_number=decision_number,
        defaults={"authority": authority, "decision_date": decision_date})
    case = _advance(case, expected=AreaState.APPRAISED, to=AreaState.RECOGNISED,
                    fields={"decision_number": decision_number, "decision_date": decision_date,
                            "recognition": recognition, "last_checked_on": decision_date},
                    actor=actor, action="model_area.recognise")
    if decision_file is not None:
        case.decision_file.save(os.path.basename(decision_file.name)[:100], decision_file, save=False)
        case.save(update_fields=["decision_file"])
    return case


@transaction.atomic
def area_case_recheck(*, case: ModelAreaCase, checked_on: datetime.date, passed: bool, note: str,
                      actor) -> ModelAreaCase:
    """The yearly re-check: kept, or lost from that day (the village may register again)."""
    limits.check_length(note, limits.NOTE, _("Nhận xét"))
    _check_date(checked_on, _("Ngày kiểm tra"), not_before=case.last_checked_on or case.decision_date)
    if case.state != AreaState.RECOGNISED:
        raise CaseStateError(_("Chỉ kiểm tra lại khu dân cư đã được công nhận."), code="state")
    try:
        with transaction.atomic():
            ModelAreaCheck.objects.create(case=case, checked_on=checked_on, passed=passed, note=note,
                                          recorded_by=actor)
    except IntegrityError:
        raise CaseStateError(_("Đã ghi kết quả kiểm tra ngày %(d)s.") % {"d": checked_on.strftime("%d/%m/%Y")},
                             code="duplicate") from None
    fields = {"last_checked_on": checked_on}
    if passed:
        return _advance(case, expected=AreaState.RECOGNISED, to=AreaState.RECOGNISED, fields=fields, actor=actor,
                        action="model_area.recheck_pass")
    fields["lost_on"] = checked_on
    return _advance(case, expected=AreaState.RECOGNISED, to=AreaState.LOST, fields=fields, actor=actor,
                    action="model_area.recheck_fail")


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29/02 → 01/03
        return day.replace(year=day.year + 1, month=3, day=1)


def recheck_due(case: ModelAreaCase, on: datetime.date) -> bool:
    """A recognised area is re-checked every year, from the anniversary of its decision (or last re-check)."""
    last = case.last_checked_on or case.decision_date
    return case.state == AreaState.RECOGNISED and last is not None and on >= _a_year_after(last)
