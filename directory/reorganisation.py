"""Re-organising the territory by data: communes merged into a new commune on a date.

On the date the former communes close (valid_to = the day before, successor = the new commune),
their villages move under the new commune with their own history (households, results: the
village row is the same), and every move is kept as a `UnitMove` so that "the villages of a
commune on a date" is still answerable for the weeks before. Figures filed before the date stay
with the former communes; `directory.selectors.lineage` sums them under the successor.

The plan comes from a file (the resolution's list: new code, new name, former units' codes) and
is checked whole before anything is written: a bad file writes nothing and every error names its
row. Former units are found by their codes (`predecessor_codes`), never by the new code, because
a new commune reuses the code of one former unit that is not always the one with its name.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.tabular import TableError, read_table
from ntm_portal.text import fold, normalise_name

from .models import (
    LEVEL_OF_KIND,
    AdministrativeUnit,
    Assignment,
    Membership,
    UnitKind,
    UnitLevel,
    UnitMove,
)

logger = logging.getLogger(__name__)

MERGER_COLUMNS = {
    "new_code": ["Mã mới", "Mã đơn vị mới", "Mã xã mới"],
    "new_name": ["Tên mới", "Tên đơn vị mới", "Tên xã mới"],
    "kind": ["Loại", "Loại đơn vị mới"],
    "predecessors": ["Các đơn vị cũ", "Đơn vị cũ"],
    "predecessor_codes": ["Mã các đơn vị cũ", "Mã đơn vị cũ"],
    "valid_from": ["Hiệu lực từ", "Ngày hiệu lực"],
}
# "Xã Di Linh" → (xa, "Di Linh"): the kind written in front of the name, longest first.
NAME_PREFIXES = [
    ("thanh pho ", UnitKind.CITY), ("thi tran ", UnitKind.TOWNSHIP), ("dac khu ", UnitKind.SPECIAL_ZONE),
    ("phuong ", UnitKind.WARD), ("xa ", UnitKind.COMMUNE), ("tinh ", UnitKind.PROVINCE),
    ("huyen ", UnitKind.DISTRICT), ("thi xa ", UnitKind.TOWN),
]
KIND_WORDS = {
    "xa": UnitKind.COMMUNE, "phuong": UnitKind.WARD, "dac_khu": UnitKind.SPECIAL_ZONE, "dac khu": UnitKind.SPECIAL_ZONE,
    "thi_tran": UnitKind.TOWNSHIP, "thi tran": UnitKind.TOWNSHIP,
}


def split_kind(name: str) -> tuple[str | None, str]:
    """ "Xã Di Linh" → ("xa", "Di Linh"); a name without a kind word → (None, name)."""
    name = normalise_name(name)
    folded = fold(name)
    for prefix, kind in sorted(NAME_PREFIXES, key=lambda p: -len(p[0])):
        if folded.startswith(prefix):
            return kind, name[len(prefix):].strip()
    return None, name


def parse_date(text: str) -> datetime.date:
    """yyyy-mm-dd or dd/mm/yyyy (ValueError otherwise)."""
    text = (text or "").strip()[:10]
    if "/" in text:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    return datetime.date.fromisoformat(text)


@dataclasses.dataclass
class MergerPlan:
    """One new commune and the codes of the former units merged into it."""

    code: str
    name: str
    kind: str
    predecessor_codes: list[str]
    row: int = 0  # the file row it came from (0 when not from a file)

    @property
    def where(self) -> str:
        return _("Dòng %(n)d") % {"n": self.row} if self.row else _("Đơn vị %(code)s") % {"code": self.code}


@dataclasses.dataclass
class MergerReport:
    on: datetime.date
    created: int = 0
    already_applied: int = 0
    closed: int = 0
    villages_moved: int = 0
    villages_renamed: list[str] = dataclasses.field(default_factory=list)
    memberships_added: int = 0
    assignments_moved: int = 0
    parents_closed: list[str] = dataclasses.field(default_factory=list)
    closed_parent_ids: list[int] = dataclasses.field(default_factory=list)
    handed_over: list[str] = dataclasses.field(default_factory=list)

    def __str__(self) -> str:
        text = _("Sáp nhập từ %(on)s: %(c)d đơn vị mới (%(a)d đã có từ trước), %(x)d đơn vị cũ hết hiệu lực, "
                 "%(v)d thôn, tổ dân phố chuyển sang đơn vị mới (%(r)d phải thêm tên đơn vị cũ vì trùng tên), "
                 "%(m)d vai trò người dùng, %(s)d phân công cơ quan chuyển theo.") % {
            "on": self.on.strftime("%d/%m/%Y"), "c": self.created, "a": self.already_applied, "x": self.closed,
            "v": self.villages_moved, "r": len(self.villages_renamed), "m": self.memberships_added,
            "s": self.assignments_moved}
        if self.parents_closed:
            text += " " + _("Hết hiệu lực vì không còn đơn vị trực thuộc: %(names)s.") % {
                "names": ", ".join(self.parents_closed)}
        if self.handed_over:
            text += " " + _("Chuyển cho đơn vị điều phối mới: %(what)s.") % {"what": "; ".join(self.handed_over)}
        return text


def read_merger_file(path: str | Path) -> tuple[list[MergerPlan], datetime.date | None]:
    """The plans of a merger file (CSV or XLSX) and its date; TableError naming every bad row."""
    rows = read_table(path, columns=MERGER_COLUMNS, required=["new_code", "new_name", "predecessor_codes"])
    errors, plans, dates = [], [], {}
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.number}
        code, raw_name = row.get("new_code"), row.get("new_name")
        kind_from_name, name = split_kind(raw_name)
        kind = KIND_WORDS.get(fold(row.get("kind"))) if row.get("kind") else kind_from_name or UnitKind.COMMUNE
        if not code.isdigit():
            errors.append(_("%(where)s, cột new_code: mã “%(v)s” phải là số.") % {"where": where, "v": code})
        if not name:
            errors.append(_("%(where)s, cột new_name: thiếu tên đơn vị mới.") % {"where": where})
        if kind is None or LEVEL_OF_KIND.get(kind) != UnitLevel.COMMUNE:
            errors.append(_("%(where)s, cột kind: loại “%(v)s” không phải xã, phường hoặc đặc khu.")
                          % {"where": where, "v": row.get("kind")})
        codes = [c.strip() for c in row.get("predecessor_codes").replace(",", ";").split(";") if c.strip()]
        if not codes:
            errors.append(_("%(where)s, cột predecessor_codes: thiếu mã các đơn vị cũ.") % {"where": where})
        elif not all(c.isdigit() for c in codes):
            errors.append(_("%(where)s, cột predecessor_codes: “%(v)s” phải là các mã số, cách nhau bằng dấu chấm phẩy.")
                          % {"where": where, "v": row.get("predecessor_codes")})
        names = [n.strip() for n in row.get("predecessors").split(";") if n.strip()]
        if names and codes and len(names) != len(codes):
            errors.append(_("%(where)s: %(n)d tên đơn vị cũ nhưng %(c)d mã; hai cột phải khớp nhau.")
                          % {"where": where, "n": len(names), "c": len(codes)})
        if row.get("valid_from"):
            try:
                dates[row.number] = parse_date(row.get("valid_from"))
            except ValueError:
                errors.append(_("%(where)s, cột valid_from: ngày “%(v)s” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy.")
                              % {"where": where, "v": row.get("valid_from")})
        plans.append(MergerPlan(code=code, name=name, kind=kind or "", predecessor_codes=codes, row=row.number))
    distinct = sorted(set(dates.values()))
    if len(distinct) > 1:
        errors.append(_("Các dòng ghi nhiều ngày hiệu lực khác nhau (%(dates)s): mỗi tệp chỉ một ngày sáp nhập.")
                      % {"dates": ", ".join(d.strftime("%d/%m/%Y") for d in distinct)})
    if errors:
        raise TableError(errors)
    return plans, (distinct[0] if distinct else None)


def _in_force(unit: AdministrativeUnit, on: datetime.date) -> bool:
    return unit.in_force_on(on)


def _check(plans: list[MergerPlan], parent: AdministrativeUnit, on: datetime.date, close_empty_parents: bool = True):
    """Everything that would make the merger fail, row by row; and the former units of each plan."""
    errors: list[str] = []
    day_before = on - datetime.timedelta(days=1)
    if parent.level not in (UnitLevel.PROVINCE, UnitLevel.DISTRICT) or not _in_force(parent, on):
        errors.append(_("%(unit)s không phải tỉnh (hoặc huyện) còn hiệu lực ngày %(on)s.")  # names the district level
                      % {"unit": parent, "on": on.strftime("%d/%m/%Y")})
    all_codes = {c for p in plans for c in p.predecessor_codes} | {p.code for p in plans}
    units = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code__in=all_codes))
    merged_codes = {c for p in plans for c in p.predecessor_codes}
    seen_pred: dict[str, int] = {}
    seen_new: dict[str, int] = {}
    resolved: dict[int, tuple[list[AdministrativeUnit], AdministrativeUnit | None]] = {}
    for index, plan in enumerate(plans):
        if plan.code in seen_new:
            errors.append(_("%(where)s: mã mới %(c)s trùng với %(other)s.")
                          % {"where": plan.where, "c": plan.code, "other": seen_new[plan.code]})
        seen_new.setdefault(plan.code, plan.where)
        existing = next((u for u in units if u.code == plan.code and u.valid_from == on), None)
        former = []
        for code in plan.predecessor_codes:
            if code in seen_pred:
                errors.append(_("%(where)s: đơn vị cũ mã %(c)s đã được sáp nhập ở %(other)s.")
                              % {"where": plan.where, "c": code, "other": seen_pred[code]})
                continue
            seen_pred[code] = plan.where
            candidates = [u for u in units if u.code == code and u.valid_from != on and _in_force(u, day_before)]
            if not candidates:
                errors.append(_("%(where)s: không có xã, phường, thị trấn mã %(c)s còn hiệu lực ngày %(d)s.")
                              % {"where": plan.where, "c": code, "d": day_before.strftime("%d/%m/%Y")})
                continue
            unit = candidates[0]
            if unit.valid_to is not None and not (unit.valid_to == day_before and existing is not None
                                                  and unit.successor_id == existing.pk):
                errors.append(_("%(where)s: %(unit)s (mã %(c)s) đã hết hiệu lực ngày %(d)s, sáp nhập vào đơn vị khác.")
                              % {"where": plan.where, "unit": unit, "c": code,
                                 "d": unit.valid_to.strftime("%d/%m/%Y")})
                continue
            former.append(unit)
        # The new code may only be taken by a unit that this merger closes.
        clash = [u for u in units if u.code == plan.code and u.valid_to is None and u.valid_from != on]
        for unit in clash:
            if unit.code not in merged_codes:
                errors.append(_("%(where)s: mã mới %(c)s đang là mã của %(unit)s, đơn vị không được sáp nhập "
                                "trong tệp này.") % {"where": plan.where, "c": plan.code, "unit": unit})
        resolved[index] = (former, existing)
    # A new name may not clash with a unit that stays in force under the same parent.
    closing_ids = {u.pk for former, _e in resolved.values() for u in former}
    # A former district closes only if the merger leaves it empty (and the caller lets it close).
    parent_ids = set()
    if close_empty_parents:
        parent_ids = {u.parent_id for former, _e in resolved.values() for u in former}
        still = set(AdministrativeUnit.objects.filter(parent_id__in=parent_ids, valid_to__isnull=True)
                    .exclude(pk__in=closing_ids).values_list("parent_id", flat=True))
        parent_ids -= still
    staying = {fold(u.name): u for u in AdministrativeUnit.objects.filter(parent=parent, valid_to__isnull=True)
               .exclude(pk__in=closing_ids).exclude(pk__in=parent_ids).exclude(valid_from=on)}
    for plan in plans:
        other = staying.get(fold(plan.name))
        if other is not None:
            errors.append(_("%(where)s: %(unit)s trực thuộc %(parent)s đã có tên “%(name)s”.")
                          % {"where": plan.where, "unit": other, "parent": parent, "name": plan.name})
    return errors, resolved


@transaction.atomic
def merger_apply(*, plans: list[MergerPlan], parent: AdministrativeUnit, on: datetime.date, actor,
                 note: str = "", close_empty_parents: bool = True, district_roles_to_parent: bool = False) -> MergerReport:
    """Merge the former communes of each plan into a new commune under `parent` from `on`.

    All or nothing; re-running the same plan changes nothing. Raises TableError with every problem.
    """
    errors, resolved = _check(plans, parent, on, close_empty_parents)
    if errors:
        raise TableError(errors)
    day_before = on - datetime.timedelta(days=1)
    report = MergerReport(on=on)
    try:
        with transaction.atomic():
            _apply(plans, resolved, parent, on, day_before, actor, note, report, close_empty_parents)
            if district_roles_to_parent:
                report.memberships_added += _district_roles_to(parent, report.closed_parent_ids)
                _coordination_to(parent, report.closed_parent_ids, report, actor=actor, note=note)
    except IntegrityError:  # a state the checks did not foresee: still one Vietnamese message, details in the log
        logger.exception("merger_apply: integrity error")
        raise TableError([_("Không sáp nhập được vì dữ liệu địa bàn đã có mâu thuẫn với tệp (trùng mã hoặc trùng tên "
                            "đơn vị đang có hiệu lực); không có gì thay đổi.")]) from None
    return report


def _apply(plans, resolved, parent, on, day_before, actor, note, report, close_empty_parents):
    todo = []
    for index, plan in enumerate(plans):
        former, existing = resolved[index]
        if existing is not None and all(u.successor_id == existing.pk for u in former):
            report.already_applied += 1
        else:
            todo.append((plan, former, existing))
    # First close every former unit (and a district left empty): the new units may reuse their
    # codes, and a new commune may take the name of the district it replaces ("Di Linh").
    old_parents: dict[int, AdministrativeUnit] = {}
    for _plan, former, _existing in todo:
        AdministrativeUnit.objects.filter(pk__in=[u.pk for u in former]).update(valid_to=day_before)
        for unit in former:
            old_parents[unit.parent_id] = unit.parent
        report.closed += len(former)
    if close_empty_parents:
        _close_empty(old_parents, on, day_before, report)
    for plan, former, existing in todo:
        former_ids = [u.pk for u in former]
        successor = existing or AdministrativeUnit.objects.create(
            level=UnitLevel.COMMUNE, kind=plan.kind, code=plan.code, name=plan.name, parent=parent, valid_from=on,
            note=note[:500],
        )
        report.created += existing is None
        AdministrativeUnit.objects.filter(pk__in=former_ids).update(successor=successor)
        moved = carry_over(former=former, successor=successor, on=on, note=note, report=report)
        audit_record(
            actor=actor, action="territory.merge", target=successor, unit=parent, note=note,
            before={"đơn vị": [f"{u.full_name} ({u.code})" for u in former]},
            after={"đơn vị": f"{successor.full_name} ({successor.code})", "từ ngày": on.isoformat(),
                   "số thôn, tổ dân phố": moved},
        )


def _close_empty(old_parents, on, day_before, report) -> None:
    for parent_id, old_parent in old_parents.items():
        if old_parent is None or old_parent.level != UnitLevel.DISTRICT or old_parent.valid_to is not None:
            continue
        still = AdministrativeUnit.objects.filter(parent_id=parent_id).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)).exists()
        if not still:
            AdministrativeUnit.objects.filter(pk=parent_id).update(valid_to=day_before)
            old_parent.valid_to = day_before
            report.parents_closed.append(old_parent.full_name)
            report.closed_parent_ids.append(parent_id)


def _district_roles_to(parent, closed_ids) -> int:
    """Coordinators, leaders and inspectors of a closed district take the same role for the province."""
    from .models import Role

    roles = [Role.COORDINATOR, Role.LEADER, Role.INSPECTOR]
    wanted = set(Membership.objects.filter(unit_id__in=closed_ids, role__in=roles).values_list("user_id", "role"))
    have = set(Membership.objects.filter(unit=parent).values_list("user_id", "role"))
    new = [Membership(user_id=user_id, role=role, unit=parent) for user_id, role in sorted(wanted - have)]
    Membership.objects.bulk_create(new)
    return len(new)


def _coordination_to(parent, closed_ids, report: MergerReport, *, actor, note: str) -> None:
    """What a closed district coordinated goes on with the unit that now coordinates its communes:
    its active programme (with its action days, so the weekly series runs on), the roll-up's
    recipients and its criteria targets. Past roll-ups and assessments stay with it, and so do its
    agencies: the district's bodies ended with it (their assignments moved to the new communes, and
    the province's office reads them through the district); the office registers its own."""
    from django.apps import apps

    if not closed_ids:
        return
    Programme = apps.get_model("campaigns", "Programme")
    Recipient = apps.get_model("reporting", "RollupRecipient")
    Target = apps.get_model("criteria", "Target")
    taken = set(Programme.objects.filter(owner=parent).values_list("name", flat=True))
    moved = [p for p in Programme.objects.filter(owner_id__in=closed_ids, is_active=True).order_by("pk")
             if p.name not in taken]
    Programme.objects.filter(pk__in=[p.pk for p in moved]).update(owner=parent)
    have = set(Recipient.objects.filter(district=parent).values_list("email", flat=True))
    recipients = [Recipient(district=parent, name=r.name, email=r.email, is_active=r.is_active)
                  for r in Recipient.objects.filter(district_id__in=closed_ids).order_by("pk") if r.email not in have]
    Recipient.objects.bulk_create(recipients)
    have = set(Target.objects.filter(unit=parent).values_list("indicator_id", "group"))
    targets = []
    for t in Target.objects.filter(unit_id__in=closed_ids).order_by("pk"):
        if (t.indicator_id, t.group) not in have:
            have.add((t.indicator_id, t.group))
            targets.append(Target(indicator_id=t.indicator_id, unit=parent, group=t.group, value=t.value,
                                  approaching_margin=t.approaching_margin))
    Target.objects.bulk_create(targets)
    counts = {"p": len(moved), "r": len(recipients), "t": len(targets)}
    if any(counts.values()):
        report.handed_over.append(_("%(p)d chương trình, %(r)d nơi nhận báo cáo tuần, %(t)d chỉ tiêu") % counts)
        audit_record(actor=actor, action="territory.coordination_handover", target=parent, unit=parent, note=note,
                     after={"chương trình": [p.name for p in moved], "số nơi nhận": len(recipients),
                            "số chỉ tiêu": len(targets)})


def carry_over(*, former: list[AdministrativeUnit], successor: AdministrativeUnit, on: datetime.date,
               note: str, report: MergerReport) -> int:
    """What a merger carries to the new commune from `on`: villages, users' roles, agencies' assignments.

    Also used by the territory loader when its file closes communes into a successor. Returns the
    number of villages moved.
    """
    former_ids = [u.pk for u in former]
    moved = _move_villages(former, successor, on, note, report)
    report.memberships_added += _add_memberships(former_ids, successor)
    report.assignments_moved += _move_assignments(former_ids, successor, on, on - datetime.timedelta(days=1))
    return moved


def _move_villages(former, successor, on, note, report) -> int:
    """Villages in force on `on` go under the successor; a clashing name gets its former commune's name."""
    # The former unit whose name (else code) the new commune carries keeps the plain village names.
    order = sorted(former, key=lambda u: (fold(u.name) != fold(successor.name), u.code != successor.code,
                                          former.index(u)))
    villages = list(AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE, parent__in=former)
                    .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("pk"))
    by_parent: dict[int, list[AdministrativeUnit]] = {}
    for village in villages:
        by_parent.setdefault(village.parent_id, []).append(village)
    taken = {fold(n) for n in AdministrativeUnit.objects.filter(parent=successor, valid_to__isnull=True)
             .values_list("name", flat=True)}
    moves = []
    for unit in order:
        for village in by_parent.get(unit.pk, []):
            old_name, name = village.name, village.name
            if fold(name) in taken:
                name = f"{name} ({unit.name})"
                report.villages_renamed.append(f"{old_name} → {name}")
            taken.add(fold(name))
            moves.append(UnitMove(unit=village, from_parent=unit, to_parent=successor, on=on,
                                  old_name=old_name if name != old_name else "", note=note[:255]))
            village.parent, village.name = successor, name
    AdministrativeUnit.objects.bulk_update([m.unit for m in moves], ["parent", "name"])
    UnitMove.objects.bulk_create(moves)
    report.villages_moved += len(moves)
    return len(moves)


def _add_memberships(former_ids, successor) -> int:
    """Users of a former commune (officers, monitors) also work for the new one; the old rows stay for history."""
    wanted = set(Membership.objects.filter(unit_id__in=former_ids).values_list("user_id", "role"))
    have = set(Membership.objects.filter(unit=successor).values_list("user_id", "role"))
    new = [Membership(user_id=user_id, role=role, unit=successor) for user_id, role in sorted(wanted - have)]
    Membership.objects.bulk_create(new)
    return len(new)


def _move_assignments(former_ids, successor, on, day_before) -> int:
    """Agencies assigned to a former commune are assigned to the new one from the date."""
    open_rows = list(Assignment.objects.filter(commune_id__in=former_ids).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("pk"))
    agencies = set(Assignment.objects.filter(commune=successor, valid_to__isnull=True).values_list("agency_id", flat=True))
    moved = 0
    for row in open_rows:
        if row.valid_from <= day_before:
            row.valid_to = day_before
            row.save(update_fields=["valid_to"])
        else:
            row.delete()
        if row.agency_id not in agencies:
            Assignment.objects.create(agency_id=row.agency_id, commune=successor, valid_from=on,
                                      note=_("Chuyển theo sáp nhập từ %(unit)s") % {"unit": row.commune})
            agencies.add(row.agency_id)
            moved += 1
    return moved
