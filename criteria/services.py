"""Writes of the criteria capability: targets, assessments and their review, recognitions, road map.

Every function is atomic and writes its audit row in the same transaction; state changes are
conditional updates so that a double click or two people at once change the state once.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit, UnitLevel
from directory.services import coordinating_unit_of
from ntm_portal import limits
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import check_length

from .models import (
    COMMUNE_LEVELS,
    VILLAGE_LEVELS,
    Assessment,
    AssessmentStatus,
    CommuneGroup,
    CommuneGroupNumber,
    CriteriaSet,
    Criterion,
    Evidence,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    Recognition,
    ResultStatus,
    RoadmapTarget,
    SetLevel,
    Target,
)
from .status import indicator_status

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Extension → the first bytes a real file of that type starts with (a renamed .exe is refused).
EVIDENCE_SIGNATURES = {
    ".pdf": [b"%PDF"],
    ".jpg": [b"\xff\xd8\xff"], ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".docx": [b"PK\x03\x04"], ".xlsx": [b"PK\x03\x04"],
}


class AssessmentStateError(Exception):
    """The assessment is no longer in the state the action needs (already sent, verified…)."""


def _district_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The unit's coordinating unit: its district, else its province (communes directly under a province)."""
    coordinating = coordinating_unit_of(unit)
    if coordinating is None:
        raise ValidationError(_("Không xác định được đơn vị điều phối của %(unit)s.")
                              % {"unit": unit})
    return coordinating


# --- targets ------------------------------------------------------------------------------


@dataclasses.dataclass
class TargetInput:
    indicator: Indicator
    comparator: str
    value: Decimal | None
    margin: Decimal


@transaction.atomic
def targets_set(*, criteria_set: CriteriaSet, district: AdministrativeUnit, rows: list[TargetInput], actor,
                group: int | None = None) -> int:
    """Set a coordinating unit's targets for the set's numeric indicators, for every commune (group None)
    or for one commune group (1, 2, 3); an empty value removes one."""
    if group is not None and group not in CommuneGroupNumber.values:
        raise ValidationError(_("Nhóm xã phải là 1, 2 hoặc 3."))
    existing = {t.indicator_id: t for t in Target.objects.filter(indicator__criteria_set=criteria_set, unit=district,
                                                                 group=group)}
    before, after, changed = {}, {}, 0
    for row in rows:
        indicator, target = row.indicator, existing.get(row.indicator.pk)
        if indicator.comparator != row.comparator:
            before[f"{indicator.code} so sánh"] = indicator.comparator
            after[f"{indicator.code} so sánh"] = row.comparator
            indicator.comparator = row.comparator
            indicator.save(update_fields=["comparator"])
            changed += 1
        old = None if target is None else (str(target.value), str(target.approaching_margin))
        new = None if row.value is None else (str(row.value), str(row.margin))
        if old == new:
            continue
        before[indicator.code], after[indicator.code] = old, new
        changed += 1
        if row.value is None:
            target.delete()
        elif target is None:
            Target.objects.create(indicator=indicator, unit=district, group=group, value=row.value,
                                  approaching_margin=row.margin)
        else:
            target.value, target.approaching_margin = row.value, row.margin
            target.save(update_fields=["value", "approaching_margin", "updated_at"])
    if changed:
        audit_record(actor=actor, action="criteria_target.set", target=criteria_set, before=before, after=after,
                     unit=district, note=str(CommuneGroupNumber(group).label) if group else "")
    return changed


@transaction.atomic
def commune_group_set(*, commune: AdministrativeUnit, group: int, valid_from: datetime.date, actor,
                      decision: str = "", unit: AdministrativeUnit | None = None) -> CommuneGroup:
    """Put a commune in a group (1, 2, 3) from a date; the group it was in closes the day before."""
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError(_("%(unit)s không phải xã, phường, đặc khu.") % {"unit": commune})
    if group not in CommuneGroupNumber.values:
        raise ValidationError(_("Nhóm xã phải là 1, 2 hoặc 3."))
    rows = list(CommuneGroup.objects.select_for_update().filter(commune=commune).order_by("valid_from"))
    same = next((r for r in rows if r.valid_from == valid_from), None)
    before = snapshot(same) if same else None
    if same is not None:
        if (same.group, same.decision) == (group, decision):
            return same
        same.group, same.decision = group, decision
        same.save(update_fields=["group", "decision", "updated_at"])
        row = same
    else:
        later = next((r for r in rows if r.valid_from > valid_from), None)
        for earlier in rows:
            if earlier.valid_from < valid_from and (earlier.valid_to is None or earlier.valid_to >= valid_from):
                earlier.valid_to = valid_from - datetime.timedelta(days=1)
                earlier.save(update_fields=["valid_to", "updated_at"])
        row = CommuneGroup.objects.create(
            commune=commune, group=group, valid_from=valid_from, decision=decision,
            valid_to=later.valid_from - datetime.timedelta(days=1) if later else None)
    audit_record(actor=actor, action="commune_group.set", target=commune, before=before, after=snapshot(row),
                 unit=unit or _district_of(commune))
    return row


@transaction.atomic
def indicator_save(*, criteria_set: CriteriaSet, criterion: Criterion, code: str, name: str, actor,
                   unit_label: str = "", kind: str = IndicatorKind.YES_NO, comparator: str = "gte",
                   certainty: str = "draft", unit: AdministrativeUnit | None = None) -> Indicator:
    """Add an indicator to a set, or correct one (found by its code). The first indicator entered for
    a criterion loaded without indicators replaces the yes/no line that stood for the whole criterion."""
    from .loaders import CODE

    code = (code or "").strip()
    if criterion.criteria_set_id != criteria_set.pk:
        raise ValidationError(_("Tiêu chí không thuộc bộ tiêu chí này."))
    if not CODE.match(code) or code.split(".")[0] != str(criterion.number):
        raise ValidationError(_("Mã chỉ tiêu «%(c)s» phải bắt đầu bằng số tiêu chí %(n)d (ví dụ %(n)d.1).")
                              % {"c": code, "n": criterion.number})
    if not (name or "").strip():
        raise ValidationError(_("Thiếu nội dung chỉ tiêu."))
    fields = {"criterion": criterion, "name": name.strip(), "unit_label": unit_label.strip(), "kind": kind,
              "comparator": comparator, "certainty": certainty, "sort_key": Indicator.sort_key_of(code)}
    indicator = Indicator.objects.select_for_update().filter(criteria_set=criteria_set, code=code).first()
    used = indicator is not None and IndicatorResult.objects.filter(indicator=indicator).exists()
    if used and indicator.kind != kind:
        raise ValidationError(_("Chỉ tiêu %(c)s đã có kết quả đánh giá: không đổi loại được.") % {"c": code})
    before = snapshot(indicator) if indicator else None
    if indicator is None:
        indicator = Indicator.objects.create(criteria_set=criteria_set, code=code, **fields)
        stand_in = Indicator.objects.filter(criteria_set=criteria_set, criterion=criterion, code=str(criterion.number))
        if (code != str(criterion.number) and not IndicatorResult.objects.filter(indicator__in=stand_in).exists()
                and not Evidence.objects.filter(indicator__in=stand_in).exists()):
            stand_in.delete()  # kept when an assessment already used it: its results stay readable
    else:
        for key, value in fields.items():
            setattr(indicator, key, value)
        indicator.save(update_fields=list(fields))
    audit_record(actor=actor, action="criteria_indicator.save", target=criteria_set, unit=unit,
                 before={code: before} if before else None, after={code: snapshot(indicator)})
    return indicator


@transaction.atomic
def criteria_agencies_set(*, criteria_set: CriteriaSet, agencies: dict, actor, district=None) -> int:
    """Name the agency or mass organisation responsible for each criterion (criterion → agency or None)."""
    before, after, changed = {}, {}, []
    for criterion, agency in agencies.items():
        if criterion.criteria_set_id != criteria_set.pk or criterion.responsible_agency_id == (agency.pk if agency else None):
            continue
        before[str(criterion.number)] = criterion.responsible_agency_id
        after[str(criterion.number)] = agency.pk if agency else None
        criterion.responsible_agency = agency
        changed.append(criterion)
    Criterion.objects.bulk_update(changed, ["responsible_agency"])
    if changed:
        audit_record(actor=actor, action="criteria_set.agencies_set", target=criteria_set, before=before, after=after,
                     unit=district)
    return len(changed)


# --- assessments --------------------------------------------------------------------------

LEVEL_FOR_SET = {SetLevel.COMMUNE: UnitLevel.COMMUNE, SetLevel.VILLAGE: UnitLevel.VILLAGE,
                 SetLevel.DISTRICT: UnitLevel.DISTRICT}


@transaction.atomic
def assessment_create(*, criteria_set: CriteriaSet, unit: AdministrativeUnit, as_of: datetime.date, actor,
                      note: str = "") -> Assessment:
    check_length(note, limits.LONG_NOTE, _("Ghi chú"))
    if LEVEL_FOR_SET[criteria_set.level] != unit.level:
        raise ValidationError(_("Bộ tiêu chí này dành cho cấp %(level)s, không dùng cho %(unit)s.")
                              % {"level": criteria_set.get_level_display(), "unit": unit})
    if not criteria_set.in_force_on(as_of):
        raise ValidationError(_("Bộ tiêu chí %(set)s không áp dụng ngày %(d)s (áp dụng từ %(a)s đến %(b)s).") % {
            "set": criteria_set.code, "d": as_of.strftime("%d/%m/%Y"),
            "a": criteria_set.valid_from.strftime("%d/%m/%Y") if criteria_set.valid_from else "…",
            "b": criteria_set.valid_to.strftime("%d/%m/%Y") if criteria_set.valid_to else "…"})
    if criteria_set.owner_id is not None:
        above, owners = unit, set()
        while above is not None:
            owners.add(above.pk)
            above = above.parent
        if criteria_set.owner_id not in owners:
            raise ValidationError(_("Bộ tiêu chí %(set)s là bộ riêng của %(owner)s, không dùng cho %(unit)s.")
                                  % {"set": criteria_set.code, "owner": criteria_set.owner, "unit": unit})
    if Assessment.objects.filter(criteria_set=criteria_set, unit=unit, as_of=as_of).exists():
        raise ValidationError(_("%(unit)s đã có kết quả đánh giá theo bộ này ngày %(d)s.")
                              % {"unit": unit, "d": as_of.strftime("%d/%m/%Y")})
    commune = None
    if unit.level == UnitLevel.COMMUNE:
        commune = unit
    elif unit.level == UnitLevel.VILLAGE:
        commune = unit.parent
    assessment = Assessment.objects.create(
        criteria_set=criteria_set, unit=unit, commune=commune, district=_district_of(unit), as_of=as_of,
        note=note, created_by=actor,
    )
    audit_record(actor=actor, action="assessment.create", target=assessment, after=snapshot(assessment),
                 unit=assessment.district)
    return assessment


@dataclasses.dataclass
class ResultInput:
    indicator: Indicator
    value: Decimal | None = None
    status: str = ""  # chosen by the officer when there is no target to compute it from
    note: str = ""


def result_status(*, indicator: Indicator, target: Target | None, value: Decimal | None, chosen: str) -> str:
    """The status to store: computed from the target where there is one, chosen otherwise."""
    if indicator.kind == IndicatorKind.NUMERIC and target is not None:
        if value is None:
            raise ValidationError(_("Chỉ tiêu %(c)s: cần nhập số liệu.") % {"c": indicator.code})
        return indicator_status(value=value, target=target.value, comparator=indicator.comparator,
                                margin=target.approaching_margin)
    if chosen not in ResultStatus.values:
        raise ValidationError(_("Chỉ tiêu %(c)s: hãy chọn kết quả đạt, gần đạt hoặc chưa đạt.") % {"c": indicator.code})
    return chosen


def _lock_editable(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_editable:
        raise AssessmentStateError(_("Kết quả đánh giá đã gửi hoặc đã xác nhận, không sửa được nữa."))
    return locked


@transaction.atomic
def assessment_results_save(*, assessment: Assessment, entries: list[ResultInput], actor) -> int:
    """Record indicator values; entries with neither a value nor a chosen status are left as they are."""
    from .selectors import targets_for_unit

    assessment = _lock_editable(assessment)
    targets = targets_for_unit(assessment.criteria_set, assessment.unit, assessment.as_of)
    existing = {r.indicator_id: r for r in assessment.results.all()}
    errors, to_create, to_update, changes = [], [], [], {}
    for entry in entries:
        if entry.value is None and not entry.status and not entry.note:
            continue
        check_length(entry.note, IndicatorResult._meta.get_field("note").max_length, _("Ghi chú"))
        if entry.indicator.criteria_set_id != assessment.criteria_set_id:
            raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của lần đánh giá này."))
        target = targets.get(entry.indicator.pk)
        try:
            status = result_status(indicator=entry.indicator, target=target, value=entry.value, chosen=entry.status)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        target_value = target.value if target is not None and entry.indicator.kind == IndicatorKind.NUMERIC else None
        result = existing.get(entry.indicator.pk)
        if result is None:
            to_create.append(IndicatorResult(assessment=assessment, indicator=entry.indicator, value=entry.value,
                                             status=status, target_value=target_value, note=entry.note))
            changes[entry.indicator.code] = [None, status]
        elif (result.value, result.status, result.note, result.target_value) != (entry.value, status, entry.note,
                                                                                   target_value):
            changes[entry.indicator.code] = [result.status, status]
            result.value, result.status, result.note, result.target_value = entry.value, status, entry.note, target_value
            to_update.append(result)
    if errors:
        raise ValidationError(errors)
    IndicatorResult.objects.bulk_create(to_create)
    IndicatorResult.objects.bulk_update(to_update, ["value", "status", "note", "target_value"])
    if changes:
        audit_record(actor=actor, action="assessment.results_save", target=assessment,
                     before={k: v[0] for k, v in changes.items()}, after={k: v[1] for k, v in changes.items()},
                     unit=assessment.district)
    return len(changes)


@transaction.atomic
def assessment_record(*, assessment: Assessment, entries: list[ResultInput], actor, evidence=None,
                      evidence_indicator: Indicator | None = None) -> int:
    """Save the results and the evidence file of one form together: both or neither."""
    saved = assessment_results_save(assessment=assessment, entries=entries, actor=actor)
    if evidence is not None:
        evidence_add(assessment=assessment, indicator=evidence_indicator, upload=evidence, actor=actor)
    return saved


def evidence_check(upload) -> None:
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in EVIDENCE_SIGNATURES:
        raise ValidationError(_("Tệp «%(name)s»: chỉ nhận PDF, JPG, PNG, DOCX hoặc XLSX.") % {"name": name})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("Tệp «%(name)s» lớn hơn 10 MB.") % {"name": name})
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in EVIDENCE_SIGNATURES[ext]):
        raise ValidationError(_("Tệp «%(name)s» không đúng định dạng %(ext)s.") % {"name": name, "ext": ext})


@transaction.atomic
def evidence_add(*, assessment: Assessment, indicator: Indicator | None, upload, actor) -> Evidence:
    assessment = _lock_editable(assessment)
    evidence_check(upload)
    if indicator is not None and indicator.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của lần đánh giá này."))
    original = os.path.basename(upload.name)[:255]
    evidence = Evidence(assessment=assessment, indicator=indicator, original_name=original, size=upload.size,
                        uploaded_by=actor)
    evidence.file.save(original, upload, save=False)
    try:
        evidence.save()
        audit_record(actor=actor, action="assessment.evidence_add", target=assessment,
                     after={"file": original, "indicator": indicator.code if indicator else ""},
                     unit=assessment.district)
    except Exception:
        evidence.file.delete(save=False)  # no row, no file: the disk does not roll back with the database
        raise
    return evidence


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    missing = (Indicator.objects.filter(criteria_set_id=assessment.criteria_set_id)
               .exclude(pk__in=assessment.results.values("indicator_id")).values_list("code", flat=True))
    missing = list(missing)
    if missing:
        raise ValidationError(_("Còn %(n)d chỉ tiêu chưa đánh giá: %(codes)s.")
                              % {"n": len(missing), "codes": ", ".join(missing[:12]) + ("…" if len(missing) > 12 else "")})
    updated = Assessment.objects.filter(
        pk=assessment.pk, status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED]
    ).update(status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now())
    if updated != 1:
        raise AssessmentStateError(_("Kết quả đánh giá đã được gửi trước đó."))
    before = assessment.status
    assessment.refresh_from_db()
    audit_record(actor=actor, action="assessment.submit", target=assessment,
                 before={"status": before}, after={"status": assessment.status}, unit=assessment.district)
    return assessment


def _review(*, assessment: Assessment, actor, to: str, note: str, action: str) -> Assessment:
    check_length(note, limits.NOTE, _("Ý kiến của đơn vị điều phối"))
    updated = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.SUBMITTED).update(
        status=to, reviewed_by=actor, reviewed_at=timezone.now(), review_note=note,
    )
    if updated != 1:
        raise AssessmentStateError(_("Kết quả đánh giá không còn ở trạng thái chờ xác nhận."))
    assessment.refresh_from_db()
    audit_record(actor=actor, action=action, target=assessment, before={"status": AssessmentStatus.SUBMITTED},
                 after={"status": to}, unit=assessment.district, note=note)
    return assessment


@transaction.atomic
def assessment_verify(*, assessment: Assessment, actor, note: str = "") -> Assessment:
    return _review(assessment=assessment, actor=actor, to=AssessmentStatus.VERIFIED, note=note,
                   action="assessment.verify")


@transaction.atomic
def assessment_return(*, assessment: Assessment, actor, note: str) -> Assessment:
    if not note.strip():
        raise ValidationError(_("Hãy ghi lý do trả lại để xã biết cần sửa gì."))
    return _review(assessment=assessment, actor=actor, to=AssessmentStatus.RETURNED, note=note,
                   action="assessment.return")


# --- recognitions and road map ------------------------------------------------------------


def _check_level_fits(unit: AdministrativeUnit, level: str) -> None:
    allowed = COMMUNE_LEVELS if unit.level == UnitLevel.COMMUNE else VILLAGE_LEVELS
    if unit.level not in (UnitLevel.COMMUNE, UnitLevel.VILLAGE) or level not in allowed:
        raise ValidationError(_("Mức này không áp dụng cho %(unit)s.") % {"unit": unit})


@transaction.atomic
def recognition_create(*, unit: AdministrativeUnit, level: str, authority: str, decision_number: str,
                       decision_date: datetime.date, actor, note: str = "") -> Recognition:
    _check_level_fits(unit, level)
    if Recognition.objects.filter(unit=unit, level=level, decision_number=decision_number).exists():
        raise ValidationError(_("Quyết định này đã được ghi."))
    recognition = Recognition.objects.create(unit=unit, level=level, authority=authority,
                                             decision_number=decision_number, decision_date=decision_date, note=note)
    audit_record(actor=actor, action="recognition.create", target=recognition, after=snapshot(recognition),
                 unit=_district_of(unit))
    return recognition


@transaction.atomic
def roadmap_target_set(*, unit: AdministrativeUnit, level: str, year: int, stage: str, actor,
                       note: str = "") -> RoadmapTarget:
    _check_level_fits(unit, level)
    district = _district_of(unit)
    target = RoadmapTarget.objects.filter(unit=unit, level=level).first()
    before = snapshot(target) if target else None
    if target is None:
        target = RoadmapTarget.objects.create(unit=unit, district=district, level=level, year=year, stage=stage,
                                              note=note)
    else:
        target.year, target.stage, target.note = year, stage, note
        target.save(update_fields=["year", "stage", "note"])
    audit_record(actor=actor, action="roadmap_target.set", target=target, before=before, after=snapshot(target),
                 unit=district)
    return target


# --- a printed comparison, kept in the document library ---------------------------------------------

def comparison_fingerprint(comparison) -> str:
    """A hash of the data a comparison prints (not of its PDF, which carries the print time)."""

    def result(r):
        return None if r is None else [r.status, str(r.value) if r.value is not None else None]

    data = {
        "set": comparison.criteria_set.pk, "dates": [str(comparison.date_before), str(comparison.date_after)],
        "single": bool(getattr(comparison, "single", False)), "scope": str(getattr(comparison, "scope_label", "")),
        "criteria": [[row.criterion.pk, row.met_before, row.met_after] for row in comparison.criteria],
        "communes": [[row.commune.pk, row.commune.name, row.before.pk if row.before else None,
                      row.after.pk if row.after else None, row.met_before, row.met_after,
                      [[m.indicator.pk, result(m.before), result(m.after)] for m in row.moves]]
                     for row in comparison.communes],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def comparison_library_unit(comparison):
    """(unit the comparison is about, coordinating unit whose library keeps it), or None when it covers
    only part of a unit (a monitor's few communes): a single commune, or every current commune of one
    coordinating unit."""
    from directory.models import Commune

    communes = [row.commune for row in comparison.communes]
    if not communes:
        return None
    district = communes[0].parent
    if district is None or any(c.parent_id != district.pk for c in communes):
        return None
    if len(communes) == 1:
        return communes[0], district
    whole = set(Commune.objects.current().filter(parent=district).values_list("pk", flat=True))
    return (district, district) if whole == {c.pk for c in communes} else None


def keep_printed_comparison(comparison, *, pdf: bytes, filename: str, user):
    """A printed comparison appears in the document library: one document per (unit, criteria set,
    the two dates), a new version only when the data printed changed (library.services, the one writer).
    Returns the library version holding this print, or None if the comparison covers part of a unit."""
    from library.services import document_for_print

    units = comparison_library_unit(comparison)
    if units is None:
        return None
    unit, owner = units
    a, b = comparison.date_before, comparison.date_after
    subject = _("Kết quả thực hiện Bộ tiêu chí nông thôn mới – %(unit)s – so sánh ngày %(a)s và ngày %(b)s "
                "(%(set)s)") % {"unit": unit.full_name, "a": a.strftime("%d/%m/%Y"), "b": b.strftime("%d/%m/%Y"),
                                "set": comparison.criteria_set}
    return document_for_print(
        owner=owner, key=f"criteria-compare:{unit.pk}:{comparison.criteria_set.pk}:{a:%Y-%m-%d}:{b:%Y-%m-%d}",
        user=user, subject=subject, issued_on=timezone.localdate(), pdf=pdf, filename=f"{filename}.pdf",
        data_sha256=comparison_fingerprint(comparison), visible_to=list(dict.fromkeys([owner, unit])),
        communes=[row.commune for row in comparison.communes])
