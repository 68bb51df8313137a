"""Reads of the criteria capability, always through the user's scope, at a fixed number of queries."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit, Commune, UnitLevel, coordinated_communes_q
from ntm_portal.access import Scope
from ntm_portal.collation import vi

from .models import (
    LEVEL_RANK,
    Assessment,
    AssessmentStatus,
    CommuneGroup,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorResult,
    Recognition,
    RecognitionLevel,
    ResultStatus,
    RoadmapTarget,
    SetLevel,
    SetTier,
    Target,
)
from .status import criterion_status

STATUS_RANK = {ResultStatus.NOT_MET: 0, ResultStatus.APPROACHING: 1, ResultStatus.MET: 2}


# --- access -------------------------------------------------------------------------------


# --- sets ---------------------------------------------------------------------------------


def _owner_ids(unit: AdministrativeUnit | None) -> list[int]:
    """The unit and the units above it, nearest first: whose own sets apply to it."""
    ids = []
    while unit is not None:
        ids.append(unit.pk)
        unit = unit.parent
    return ids


def sets_in_force(level: str, on: datetime.date, *, unit: AdministrativeUnit | None = None,
                  tier: str = SetTier.STANDARD, among: list[CriteriaSet] | None = None) -> list[CriteriaSet]:
    """The sets of a level and tier in force on a date for a unit: national ones and those of the
    unit's own province (or district), the unit's own first, then the latest."""
    if among is None:
        among = list(CriteriaSet.objects.filter(level=level, tier=tier))
    owners = _owner_ids(unit) if any(s.owner_id for s in among) else []
    fitting = [s for s in among if s.level == level and s.tier == tier and s.in_force_on(on)
               and (s.owner_id is None or s.owner_id in owners)]
    return sorted(fitting, key=lambda s: (owners.index(s.owner_id) if s.owner_id in owners else len(owners),
                                          -(s.valid_from or datetime.date.min).toordinal(), -s.version))


def standard_set(level: str = SetLevel.COMMUNE, on: datetime.date | None = None, *,
                 among: list[CriteriaSet] | None = None, unit: AdministrativeUnit | None = None) -> CriteriaSet | None:
    """The standard set in force on a date, or None: an expired set (QĐ 320 after 14/02/2026) is not current."""
    found = sets_in_force(level, on or timezone.localdate(), unit=unit, among=among)
    return found[0] if found else None


@dataclasses.dataclass
class SetChoice:
    """The set a page uses, and whether it is the one in force on the page's date (the page says so)."""

    criteria_set: CriteriaSet | None
    on: datetime.date
    in_force: bool
    chosen: bool = False  # picked by the user rather than by date
    instead_of: CriteriaSet | None = None  # the set in force, when nobody has been assessed against it yet

    @property
    def warning(self) -> str:
        on = self.on.strftime("%d/%m/%Y")
        if self.instead_of is not None:
            return _("Chưa có kết quả đánh giá đã xác nhận nào theo bộ %(new)s (áp dụng từ %(d)s): đang hiển thị kết "
                     "quả theo bộ %(old)s, bộ trước đó. Chọn bộ tiêu chí để xem bộ khác.") % {
                "new": self.instead_of, "old": self.criteria_set,
                "d": self.instead_of.valid_from.strftime("%d/%m/%Y") if self.instead_of.valid_from else "…"}
        if self.in_force:
            return ""
        if self.criteria_set is None:
            return _("Không có bộ tiêu chí nào có hiệu lực ngày %(on)s và chưa nạp bộ nào cho cấp này.") % {"on": on}
        period = _("từ %(a)s đến %(b)s") % {
            "a": self.criteria_set.valid_from.strftime("%d/%m/%Y") if self.criteria_set.valid_from else "…",
            "b": self.criteria_set.valid_to.strftime("%d/%m/%Y") if self.criteria_set.valid_to else "…"}
        if self.chosen:
            return _("Bộ %(set)s không có hiệu lực ngày %(on)s (áp dụng %(period)s): đang xem theo bộ đã chọn.") % {
                "set": self.criteria_set, "on": on, "period": period}
        return _("Bộ %(set)s không có hiệu lực ngày %(on)s (áp dụng %(period)s). Không có bộ tiêu chí nào có hiệu lực "
                 "ngày này: hãy nạp bộ tiêu chí mới hoặc chọn ngày khác.") % {
            "set": self.criteria_set, "on": on, "period": period}


def set_for(level: str, on: datetime.date, *, unit: AdministrativeUnit | None = None,
            among: list[CriteriaSet] | None = None, chosen: CriteriaSet | None = None) -> SetChoice:
    """The set in force (or the one the user chose); with none in force, the latest that had started,
    marked as not in force so that the page warns instead of silently using an expired set."""
    if among is None:
        among = list(CriteriaSet.objects.filter(level=level))
    if chosen is not None:
        return SetChoice(chosen, on, chosen.in_force_on(on), chosen=True)
    found = sets_in_force(level, on, unit=unit, among=among)
    if found:
        return SetChoice(found[0], on, True)
    owners = _owner_ids(unit) if any(s.owner_id for s in among) else []
    started = sorted((s for s in among if s.level == level and s.tier == SetTier.STANDARD
                      and (s.valid_from is None or s.valid_from <= on) and (s.owner_id is None or s.owner_id in owners)),
                     key=lambda s: (s.valid_from or datetime.date.min, s.version), reverse=True)
    return SetChoice(started[0] if started else None, on, False)


def standing_for(communes: list[Commune], on: datetime.date, *, among: list[CriteriaSet],
                 unit: AdministrativeUnit | None = None, chosen: CriteriaSet | None = None):
    """The set a standing page shows, and its standing: the set in force (or chosen); when no commune
    has a verified assessment against the set in force yet (a new set just took effect), the previous
    set that has some — and the page says so. Returns (SetChoice, Standing | None)."""
    choice = set_for(SetLevel.COMMUNE, on, unit=unit, among=among, chosen=chosen)
    if choice.criteria_set is None:
        return choice, None
    result = standing(choice.criteria_set, communes, on)
    if choice.chosen or any(row.assessment for row in result.rows):
        return choice, result
    current = choice.criteria_set
    earlier = [s for s in among if s.level == current.level and s.tier == current.tier and s.pk != current.pk
               and s.valid_from and current.valid_from and s.valid_from < current.valid_from]
    for previous in sorted(earlier, key=lambda s: (s.valid_from, s.version), reverse=True)[:1]:
        previous_result = standing(previous, communes, on)
        if any(row.assessment for row in previous_result.rows):
            return SetChoice(previous, on, previous.in_force_on(on), instead_of=current), previous_result
    return choice, result


def criteria_of(criteria_set: CriteriaSet) -> list[Criterion]:
    """The set's criteria, each with `.indicator_list` (two queries)."""
    return list(
        Criterion.objects.filter(criteria_set=criteria_set).select_related("responsible_agency").order_by("number")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("sort_key"),
                                   to_attr="indicator_list"))
    )


def targets_of(criteria_set: CriteriaSet, district_id: int | None, group: int | None = None) -> dict[int, Target]:
    """A coordinating unit's targets for every commune (group None) or for one commune group."""
    if district_id is None:
        return {}
    return {t.indicator_id: t for t in Target.objects.filter(indicator__criteria_set=criteria_set, unit_id=district_id,
                                                             group=group)}


def group_of(commune: AdministrativeUnit | None, on: datetime.date) -> int | None:
    """The commune's group (QĐ 51/2025: 1, 2 or 3) on a date, as the province decided; None if not set."""
    if commune is None:
        return None
    row = (CommuneGroup.objects.filter(commune=commune, valid_from__lte=on)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())
    return row.group if row else None


def targets_for_unit(criteria_set: CriteriaSet, unit: AdministrativeUnit, on: datetime.date) -> dict[int, Target]:
    """The targets that apply to a unit's assessment: its commune group's target where one is set, else the
    target for every commune; set by its coordinating unit, else by the province above it."""
    from directory.services import coordinating_unit_of

    commune = unit if unit.level == UnitLevel.COMMUNE else unit.parent if unit.level == UnitLevel.VILLAGE else None
    group = group_of(commune, on)
    chain = _owner_ids(coordinating_unit_of(unit))
    if not chain:
        return {}
    best: dict[int, tuple[tuple[int, int], Target]] = {}
    for target in Target.objects.filter(indicator__criteria_set=criteria_set, unit_id__in=chain).filter(
            Q(group__isnull=True) | Q(group=group)):
        rank = (chain.index(target.unit_id), 0 if target.group is not None else 1)
        if target.indicator_id not in best or rank < best[target.indicator_id][0]:
            best[target.indicator_id] = (rank, target)
    return {indicator_id: target for indicator_id, (_rank, target) in best.items()}


# --- assessments --------------------------------------------------------------------------


def latest_assessments(criteria_set: CriteriaSet, unit_ids, on: datetime.date, *,
                       verified_only: bool = True) -> dict[int, Assessment]:
    """Each unit's latest assessment on or before `on` (one query)."""
    qs = Assessment.objects.filter(criteria_set=criteria_set, unit_id__in=list(unit_ids), as_of__lte=on)
    if verified_only:
        qs = qs.filter(status=AssessmentStatus.VERIFIED)
    latest: dict[int, Assessment] = {}
    for assessment in qs.order_by("unit_id", "-as_of", "-pk"):
        latest.setdefault(assessment.unit_id, assessment)
    return latest


def results_of(assessment_ids) -> dict[int, dict[int, IndicatorResult]]:
    """assessment id → indicator id → result (one query)."""
    by_assessment: dict[int, dict[int, IndicatorResult]] = defaultdict(dict)
    for result in IndicatorResult.objects.filter(assessment_id__in=list(assessment_ids)):
        by_assessment[result.assessment_id][result.indicator_id] = result
    return by_assessment


def criterion_statuses(criteria: list[Criterion], results: dict[int, IndicatorResult]) -> dict[int, str | None]:
    return {
        c.pk: criterion_status(results[i.pk].status if i.pk in results else None for i in c.indicator_list)
        for c in criteria
    }


def assessments_of_unit(unit: AdministrativeUnit) -> list[Assessment]:
    return list(Assessment.objects.filter(unit=unit).select_related("criteria_set").order_by("-as_of", "-pk"))


def assessments_of_villages(commune: AdministrativeUnit) -> list[Assessment]:
    return list(Assessment.objects.filter(commune=commune, unit__level=UnitLevel.VILLAGE)
                .select_related("criteria_set", "unit").order_by(vi("unit__name"), "-as_of"))


def pending_reviews(scope: Scope) -> list[Assessment]:
    return list(Assessment.objects.filter(status=AssessmentStatus.SUBMITTED,
                                          district_id__in=scope.coordinated_district_ids)
                .select_related("criteria_set", "unit").order_by("submitted_at"))


# --- standing -----------------------------------------------------------------------------


def highest_levels(unit_ids, on: datetime.date) -> dict[int, str]:
    """unit id → highest commune level recognised by `on` (one query)."""
    best: dict[int, str] = {}
    for unit_id, level in Recognition.objects.filter(
            unit_id__in=list(unit_ids), decision_date__lte=on, level__in=list(LEVEL_RANK)).values_list("unit_id", "level"):
        if LEVEL_RANK[level] > LEVEL_RANK.get(best.get(unit_id), 0):
            best[unit_id] = level
    return best


@dataclasses.dataclass
class StandingRow:
    commune: Commune
    assessment: Assessment | None
    statuses: dict[int, str | None]
    level: str | None
    cells: list[tuple[Criterion, str | None]] = dataclasses.field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for s in self.statuses.values() if s == ResultStatus.MET)

    @property
    def level_label(self) -> str:
        return RecognitionLevel(self.level).label if self.level else ""


@dataclasses.dataclass
class Standing:
    criteria_set: CriteriaSet
    criteria: list[Criterion]
    rows: list[StandingRow]
    on: datetime.date


def standing(criteria_set: CriteriaSet, communes: list[Commune], on: datetime.date) -> Standing:
    """Communes × criteria from each commune's latest verified assessment (six queries)."""
    criteria = criteria_of(criteria_set)
    ids = [c.pk for c in communes]
    latest = latest_assessments(criteria_set, ids, on)
    results = results_of([a.pk for a in latest.values()])
    levels = highest_levels(ids, on)
    rows = []
    for commune in communes:
        assessment = latest.get(commune.pk)
        statuses = criterion_statuses(criteria, results[assessment.pk]) if assessment else {}
        rows.append(StandingRow(commune, assessment, statuses, levels.get(commune.pk),
                                [(c, statuses.get(c.pk)) for c in criteria]))
    return Standing(criteria_set, criteria, rows, on)


def communes_in_scope(scope: Scope, on: datetime.date | None = None) -> list[Commune]:
    return list(Commune.objects.current(on).filter(scope.work_commune_filter()).select_related("parent")
                .order_by(vi("name")))


def recognitions_of(unit_ids) -> list[Recognition]:
    return list(Recognition.objects.filter(unit_id__in=list(unit_ids)).select_related("unit__parent")
                .order_by("-decision_date"))


# --- road map and district readiness ------------------------------------------------------


@dataclasses.dataclass
class Readiness:
    communes: int
    standard: int
    advanced: int
    district_set: CriteriaSet | None
    district_criteria: list[tuple[Criterion, str | None]]
    district_assessment: Assessment | None

    @property
    def all_standard(self) -> bool:
        return self.communes > 0 and self.standard == self.communes

    @property
    def advanced_share(self) -> float:
        return 100.0 * self.advanced / self.communes if self.communes else 0.0

    @property
    def advanced_ok(self) -> bool:
        return self.communes > 0 and self.advanced * 10 >= self.communes

    @property
    def advanced_needed(self) -> int:
        return max(0, -(-self.communes // 10) - self.advanced)

    @property
    def district_met(self) -> int:
        return sum(1 for _c, s in self.district_criteria if s == ResultStatus.MET)

    @property
    def ready(self) -> bool:
        return (self.all_standard and self.advanced_ok and bool(self.district_criteria)
                and self.district_met == len(self.district_criteria))


def readiness(district: AdministrativeUnit, on: datetime.date) -> Readiness:
    communes = list(Commune.objects.current(on).filter(coordinated_communes_q(district)).values_list("pk", flat=True))
    levels = highest_levels(communes, on)
    standard = sum(1 for c in communes if c in levels)
    advanced = sum(1 for c in communes if LEVEL_RANK.get(levels.get(c), 0) >= 2)
    district_set = standard_set(SetLevel.DISTRICT, on)
    rows, assessment = [], None
    if district_set is not None:
        criteria = criteria_of(district_set)
        assessment = latest_assessments(district_set, [district.pk], on).get(district.pk)
        statuses = criterion_statuses(criteria, results_of([assessment.pk])[assessment.pk]) if assessment else {}
        rows = [(c, statuses.get(c.pk)) for c in criteria]
    return Readiness(len(communes), standard, advanced, district_set, rows, assessment)


@dataclasses.dataclass
class RoadmapLine:
    year: int
    level: str
    planned: list[RoadmapTarget]
    in_preparation: list[RoadmapTarget]
    achieved: list[RoadmapTarget]

    @property
    def level_label(self) -> str:
        return RecognitionLevel(self.level).label

    @property
    def total(self) -> int:
        return len(self.planned) + len(self.in_preparation) + len(self.achieved)


def roadmap(district: AdministrativeUnit) -> list[RoadmapLine]:
    """Targets by year and level; a target is achieved once a recognition at that level exists (two queries)."""
    targets = list(RoadmapTarget.objects.filter(district=district).select_related("unit", "unit__parent")
                   .order_by("year", "level", vi("unit__name")))
    recognised = set(Recognition.objects.filter(unit_id__in=[t.unit_id for t in targets])
                     .values_list("unit_id", "level"))
    lines: dict[tuple[int, str], RoadmapLine] = {}
    for target in targets:
        line = lines.setdefault((target.year, target.level), RoadmapLine(target.year, target.level, [], [], []))
        if (target.unit_id, target.level) in recognised:
            line.achieved.append(target)
        elif target.stage == "in_preparation":
            line.in_preparation.append(target)
        else:
            line.planned.append(target)
    return list(lines.values())


# --- before and after ---------------------------------------------------------------------


@dataclasses.dataclass
class IndicatorMove:
    indicator: Indicator
    before: IndicatorResult | None
    after: IndicatorResult | None

    @property
    def direction(self) -> int:
        """+1 better, −1 worse, 0 unchanged or not comparable."""
        if self.before is None or self.after is None:
            return 0
        return (STATUS_RANK[self.after.status] > STATUS_RANK[self.before.status]) - (
            STATUS_RANK[self.after.status] < STATUS_RANK[self.before.status])


@dataclasses.dataclass
class CommuneComparison:
    commune: Commune
    before: Assessment | None
    after: Assessment | None
    met_before: int
    met_after: int
    moves: list[IndicatorMove]

    @property
    def improved(self) -> list[IndicatorMove]:
        return [m for m in self.moves if m.direction > 0]

    @property
    def worsened(self) -> list[IndicatorMove]:
        return [m for m in self.moves if m.direction < 0]

    @property
    def change_label(self) -> str:
        """Criteria met after minus before ("+2", "-1", "0"); "–" when either assessment is missing."""
        if self.before is None or self.after is None:
            return "–"
        change = self.met_after - self.met_before
        return f"{change:+d}" if change else "0"


@dataclasses.dataclass
class CriterionComparison:
    criterion: Criterion
    met_before: int
    met_after: int

    @property
    def change(self) -> int:
        return self.met_after - self.met_before

    @property
    def change_label(self) -> str:
        return f"{self.change:+d}" if self.change else "0"


@dataclasses.dataclass
class Comparison:
    criteria_set: CriteriaSet
    date_before: datetime.date
    date_after: datetime.date
    communes: list[CommuneComparison]
    criteria: list[CriterionComparison]

    @property
    def total_criteria(self) -> int:
        return len(self.criteria)

    @property
    def improved(self) -> int:
        return sum(len(c.improved) for c in self.communes)

    @property
    def worsened(self) -> int:
        return sum(len(c.worsened) for c in self.communes)

    @property
    def full_before(self) -> int:
        return sum(1 for c in self.communes if c.before and c.met_before == self.total_criteria)

    @property
    def full_after(self) -> int:
        return sum(1 for c in self.communes if c.after and c.met_after == self.total_criteria)

    @property
    def full_change(self) -> int:
        return self.full_after - self.full_before

    @property
    def full_change_label(self) -> str:
        """The total row's change, written like each criterion's ("+10", "-1", "0")."""
        return f"{self.full_change:+d}" if self.full_change else "0"


def compare(criteria_set: CriteriaSet, communes: list[Commune], date_before: datetime.date,
            date_after: datetime.date) -> Comparison:
    """Each commune's latest verified assessment by each date, indicator by indicator (five queries)."""
    criteria = criteria_of(criteria_set)
    ids = [c.pk for c in communes]
    before = latest_assessments(criteria_set, ids, date_before)
    after = latest_assessments(criteria_set, ids, date_after)
    results = results_of({a.pk for a in [*before.values(), *after.values()]})
    met_counts = {c.pk: [0, 0] for c in criteria}
    rows = []
    for commune in communes:
        a, b = before.get(commune.pk), after.get(commune.pk)
        ra = results[a.pk] if a else {}
        rb = results[b.pk] if b else {}
        sa, sb = criterion_statuses(criteria, ra), criterion_statuses(criteria, rb)
        for c in criteria:
            met_counts[c.pk][0] += a is not None and sa[c.pk] == ResultStatus.MET
            met_counts[c.pk][1] += b is not None and sb[c.pk] == ResultStatus.MET
        moves = [IndicatorMove(i, ra.get(i.pk), rb.get(i.pk)) for c in criteria for i in c.indicator_list]
        rows.append(CommuneComparison(
            commune, a, b,
            sum(1 for s in sa.values() if s == ResultStatus.MET) if a else 0,
            sum(1 for s in sb.values() if s == ResultStatus.MET) if b else 0,
            moves,
        ))
    return Comparison(criteria_set, date_before, date_after, rows,
                      [CriterionComparison(c, *met_counts[c.pk]) for c in criteria])
