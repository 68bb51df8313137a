"""The figures of a review (sơ kết / tổng kết), read through the functions the roll-up and the dashboards use:

- the Saturday programme: `reporting.figures.commune_figures` over the period's action days, summed with
  `reporting.figures.totals` (the Monday roll-up's own functions, so the review's figures equal the sum of
  the weekly roll-ups), and the same for the same period a year before; agencies through
  `reporting.figures.agency_figures`;
- the criteria: `criteria.selectors.compare` between the review's baseline and the period's end (the
  comparison page's function), and each commune's criteria met / nearly met / not met at the end through
  `criteria.selectors.latest_assessments` + `criterion_statuses`;
- village funds and model residential areas: `recognition.selectors.funds.fund_totals` and
  `recognition.selectors.areas.model_area_summary` when those modules are present (see `_funds`, `_areas`);
- the commendations proposed for the review.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import ActionDay
from campaigns.selectors.rosters import programme_of_district
from criteria import selectors as criteria_selectors
from criteria.models import CriteriaSet, ResultStatus, SetLevel
from directory.models import AdministrativeUnit, Agency, Commune, coordinated_communes_q
from ntm_portal.collation import vi, vi_key
from reporting import figures as f
from reporting.rollup import Change, TaskColumn, _changes

from ..models import Commendation, Review, ReviewReport


def same_period_last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year - 1, day=28)


def action_day_ids(district: AdministrativeUnit, start: datetime.date, end: datetime.date) -> list[int]:
    """The action days of the district's programme held between two dates, up to today (cancelled days and
    days still to come left out)."""
    programme = programme_of_district(district.pk)
    if programme is None:
        return []
    end = min(end, timezone.localdate())
    return list(ActionDay.objects.filter(programme=programme, date__gte=start, date__lte=end)
                .exclude(status=ActionDay.Status.CANCELLED).order_by("date").values_list("pk", flat=True))


def review_communes(review: Review) -> list[Commune]:
    """The communes of the coordinating unit at the end of the period, in Vietnamese order."""
    return list(Commune.objects.current(review.period_end).filter(coordinated_communes_q(review.district))
                .select_related("parent").order_by(vi("name"), "code"))


def review_agencies(review: Review) -> list[Agency]:
    return list(Agency.objects.filter(owner=review.district, is_active=True).order_by(vi("name"), "pk"))


@dataclasses.dataclass
class ProgrammeFigures:
    """The Saturday programme over a period: sums of the weekly figures (person-days, household-days)."""

    action_days: int
    totals: f.Totals
    by_commune: dict[int, f.Totals]


def programme_figures(district: AdministrativeUnit, commune_ids: list[int], start: datetime.date,
                      end: datetime.date) -> ProgrammeFigures:
    """The roll-up's `commune_figures` for every action day of the period, summed by `totals`."""
    days = action_day_ids(district, start, end)
    by_pair = f.commune_figures(action_day_ids=days, commune_ids=commune_ids)
    per_commune: dict[int, list[f.CommuneFigures]] = defaultdict(list)
    for (_day, commune_id), fig in by_pair.items():
        per_commune[commune_id].append(fig)
    return ProgrammeFigures(action_days=len(days), totals=f.totals(by_pair.values()),
                            by_commune={c: f.totals(per_commune.get(c, [])) for c in commune_ids})


@dataclasses.dataclass
class AgencyRow:
    agency_id: int
    name: str
    weeks_took_part: int
    staff_present: int


def agency_rows(district: AdministrativeUnit, start: datetime.date, end: datetime.date,
                agency_ids: list[int] | None = None) -> list[AgencyRow]:
    """Per agency over the period, from the roll-up's `agency_figures`: weeks with someone present, people present."""
    days = action_day_ids(district, start, end)
    rows: dict[int, AgencyRow] = {}
    for (_day, agency_id), a in f.agency_figures(district=district, action_day_ids=days).items():
        if agency_ids is not None and agency_id not in agency_ids:
            continue
        row = rows.setdefault(agency_id, AgencyRow(agency_id, a.agency_name, 0, 0))
        row.weeks_took_part += a.present > 0
        row.staff_present += a.present
    return sorted(rows.values(), key=lambda r: vi_key(r.name))


@dataclasses.dataclass
class CommuneStanding:
    commune_id: int
    name: str
    met: int
    approaching: int
    not_met: int
    assessed: bool
    met_before: int | None
    change_label: str


@dataclasses.dataclass
class CriteriaFigures:
    set_name: str
    total_criteria: int
    comparison: criteria_selectors.Comparison | None
    communes: list[CommuneStanding]
    note: str = ""

    @property
    def met(self) -> int:
        return sum(c.met for c in self.communes)

    @property
    def approaching(self) -> int:
        return sum(c.approaching for c in self.communes)

    @property
    def not_met(self) -> int:
        return sum(c.not_met for c in self.communes)

    @property
    def full_after(self) -> int:
        return self.comparison.full_after if self.comparison else 0

    @property
    def full_before(self) -> int:
        return self.comparison.full_before if self.comparison else 0


def criteria_figures(district: AdministrativeUnit, communes: list[Commune], baseline: datetime.date,
                     end: datetime.date) -> CriteriaFigures:
    """criteria.selectors.compare between the baseline and the end, and each commune's statuses at the end."""
    among = list(CriteriaSet.objects.filter(level=SetLevel.COMMUNE))
    # The criteria app's own choice: the set in force, or — nobody assessed against it yet — the one before.
    choice, _standing = criteria_selectors.standing_for(communes, end, among=among, unit=district)
    if choice.criteria_set is None or not communes:
        return CriteriaFigures("", 0, None, [])
    note = "" if choice.instead_of is None else _(
        "Chưa có kết quả đánh giá theo %(new)s; số liệu theo %(old)s.") % {"new": choice.instead_of,
                                                                            "old": choice.criteria_set}
    comparison = criteria_selectors.compare(choice.criteria_set, communes, baseline, end)
    criteria = criteria_selectors.criteria_of(choice.criteria_set)
    latest = criteria_selectors.latest_assessments(choice.criteria_set, [c.pk for c in communes], end)
    results = criteria_selectors.results_of([a.pk for a in latest.values()])
    rows = []
    for row in comparison.communes:
        after = latest.get(row.commune.pk)
        counts = Counter(criteria_selectors.criterion_statuses(criteria, results[after.pk]).values()) if after else {}
        rows.append(CommuneStanding(
            commune_id=row.commune.pk, name=row.commune.full_name, met=counts.get(ResultStatus.MET, 0),
            approaching=counts.get(ResultStatus.APPROACHING, 0),
            not_met=(len(criteria) - counts.get(ResultStatus.MET, 0) - counts.get(ResultStatus.APPROACHING, 0))
            if after else 0,
            assessed=after is not None, met_before=row.met_before if row.before else None,
            change_label=row.change_label))
    return CriteriaFigures(str(choice.criteria_set), len(criteria), comparison, rows, note)


def _funds(commune_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, dict] | None:
    """Village funds of the period per commune — {commune_id: {"contributions", "spending", "money", "in_kind",
    "labour", "working_days", …}} from `recognition.selectors.funds.fund_totals`; None while it is not there."""
    try:
        from .funds import fund_totals
    except ImportError:
        return None
    return fund_totals(commune_ids, start, end)


def _areas(commune_ids: list[int], on: datetime.date) -> dict[int, dict] | None:
    """Model residential areas per commune at the end — {commune_id: {"model", "preparing", "lost"}} from
    `recognition.selectors.areas.model_area_summary`; None while it is not there."""
    try:
        from .areas import model_area_summary
    except ImportError:
        return None
    return model_area_summary(commune_ids, on)


def summed(per_commune: dict[int, dict] | None) -> dict | None:
    """The district's total of per-commune figures (funds or model areas)."""
    if per_commune is None:
        return None
    total: dict = {}
    for row in per_commune.values():
        for key, value in row.items():
            if isinstance(value, (int, Decimal)):
                total[key] = total.get(key, 0) + value
    return total


@dataclasses.dataclass
class UnitFigures:
    """What the portal prefills in one unit's review report."""

    unit_name: str
    period_label: str
    programme: ProgrammeFigures | None
    programme_last_year: ProgrammeFigures | None
    changes: list[Change]
    agency: AgencyRow | None
    agency_last_year: AgencyRow | None
    criteria: CommuneStanding | None
    criteria_set: str
    funds: object
    areas: object
    commendations: int

    def as_json(self) -> dict:
        """The figures frozen on the report when it is filed."""
        data = {"unit": self.unit_name, "period": self.period_label, "commendations": self.commendations,
                "criteria_set": self.criteria_set}
        if self.programme is not None:
            data["changes"] = [{"label": str(c.label), "unit": str(c.unit), "current": str(c.current),
                                "previous": str(c.previous)} for c in self.changes]
            data["action_days"] = self.programme.action_days
        if self.agency is not None:
            data["agency"] = {"weeks": self.agency.weeks_took_part, "present": self.agency.staff_present,
                              "weeks_last_year": self.agency_last_year.weeks_took_part if self.agency_last_year else 0,
                              "present_last_year": self.agency_last_year.staff_present if self.agency_last_year else 0}
        if self.criteria is not None:
            data["criteria"] = dataclasses.asdict(self.criteria)
        if self.funds is not None:
            data["funds"] = {k: str(v) for k, v in self.funds.items()}
        if self.areas is not None:
            data["areas"] = {k: str(v) for k, v in self.areas.items()}
        return data


def task_columns(*totals_list: f.Totals) -> list[TaskColumn]:
    types = {}
    for t in totals_list:
        for task in t.tasks.values():
            types.setdefault(task.task_type_id, task)
    return [TaskColumn(t.task_type_id, t.name, t.unit) for t in types.values()]


def unit_figures(report: ReviewReport) -> UnitFigures:
    """The figures of one unit's report for the review's period, and the same period last year."""
    review = report.review
    start, end = review.period_start, review.period_end
    ly_start, ly_end = same_period_last_year(start), same_period_last_year(end)
    programme = last_year = agency = agency_ly = standing = None
    changes: list[Change] = []
    set_name = ""
    if report.commune_id:
        ids = [report.commune_id]
        programme = programme_figures(review.district, ids, start, end)
        last_year = programme_figures(review.district, ids, ly_start, ly_end)
        changes = _changes(programme.totals, last_year.totals, task_columns(programme.totals, last_year.totals))
        crit = criteria_figures(review.district, [report.commune], review.baseline_date, end)
        standing, set_name = (crit.communes[0] if crit.communes else None), crit.set_name
        funds = (_funds(ids, start, end) or {}).get(report.commune_id)
        areas = (_areas(ids, end) or {}).get(report.commune_id)
        proposed = Commendation.objects.filter(review=review, proposer_commune_id=report.commune_id).count()
    else:
        rows = agency_rows(review.district, start, end, [report.agency_id])
        agency = rows[0] if rows else AgencyRow(report.agency_id, report.agency.name, 0, 0)
        rows_ly = agency_rows(review.district, ly_start, ly_end, [report.agency_id])
        agency_ly = rows_ly[0] if rows_ly else None
        funds = areas = None
        proposed = Commendation.objects.filter(review=review, proposer_agency_id=report.agency_id).count()
    return UnitFigures(report.unit_name, review.period_label, programme, last_year, changes, agency, agency_ly,
                       standing, set_name, funds, areas, proposed)


# --- the district's draft -----------------------------------------------------------------------


@dataclasses.dataclass
class Filing:
    unit_name: str
    kind: str  # "commune" / "agency"
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    is_late: bool
    report_id: int

    @property
    def awaits_office(self) -> bool:
        """Submitted and waiting to be accepted or returned by the office."""
        return self.status == ReviewReport.Status.SUBMITTED


@dataclasses.dataclass
class ReviewDraft:
    review: Review
    district_name: str
    programme: ProgrammeFigures
    programme_last_year: ProgrammeFigures
    changes: list[Change]
    commune_names: dict[int, str]
    agencies: list[AgencyRow]
    criteria: CriteriaFigures
    funds: object
    areas: object
    commendations: list[Commendation]
    filings: list[Filing]
    texts: dict[str, list[tuple[str, str]]]  # field → [(unit, text)] of the filed reports

    @property
    def filed(self) -> list[Filing]:
        return [x for x in self.filings if x.status in (ReviewReport.Status.SUBMITTED, ReviewReport.Status.ACCEPTED)]

    @property
    def not_filed(self) -> list[Filing]:
        return [x for x in self.filings if x not in self.filed]

    @property
    def funds_total(self) -> dict | None:
        return summed(self.funds)

    @property
    def areas_total(self) -> dict | None:
        return summed(self.areas)

    @property
    def awarded(self) -> list[Commendation]:
        return [c for c in self.commendations if c.status == Commendation.Status.AWARDED]

    @property
    def commune_rows(self) -> list[tuple[str, f.Totals, f.Totals]]:
        return [(self.commune_names[c], t, self.programme_last_year.by_commune.get(c, f.Totals()))
                for c, t in self.programme.by_commune.items()]


def filings(review: Review) -> list[Filing]:
    """Who has filed: every unit's report of the review (one query)."""
    reports = (ReviewReport.objects.filter(review=review).select_related("commune", "agency")
               .order_by("agency_id", "pk"))
    rows = [Filing(r.unit_name, "commune" if r.commune_id else "agency", r.status,
                   str(_("Chưa nộp") if r.status == ReviewReport.Status.DRAFT else r.get_status_display()),
                   r.submitted_at, r.is_late, r.pk) for r in reports]
    return sorted(rows, key=lambda x: (x.kind != "commune", vi_key(x.unit_name)))


def commendations_of(review: Review, *, statuses=None):
    qs = (Commendation.objects.filter(review=review)
          .select_related("village__parent", "commune", "agency", "proposer_commune", "proposer_agency", "decision"))
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("kind", "pk")


def build_review_draft(review: Review) -> ReviewDraft:
    """Every figure of the district's draft review report (a fixed number of queries)."""
    communes = review_communes(review)
    ids = [c.pk for c in communes]
    start, end = review.period_start, review.period_end
    programme = programme_figures(review.district, ids, start, end)
    last_year = programme_figures(review.district, ids, same_period_last_year(start), same_period_last_year(end))
    changes = _changes(programme.totals, last_year.totals, task_columns(programme.totals, last_year.totals))
    texts: dict[str, list[tuple[str, str]]] = {name: [] for name in ReviewReport.TEXT_FIELDS}
    filed = (ReviewReport.objects.filter(review=review)
             .filter(Q(status=ReviewReport.Status.SUBMITTED) | Q(status=ReviewReport.Status.ACCEPTED))
             .select_related("commune", "agency"))
    for report in sorted(filed, key=lambda r: (r.agency_id is not None, vi_key(r.unit_name))):
        for name in ReviewReport.TEXT_FIELDS:
            value = getattr(report, name).strip()
            if value:
                texts[name].append((report.unit_name, value))
    shown = [Commendation.Status.SUBMITTED, Commendation.Status.AWARDED]
    return ReviewDraft(
        review=review, district_name=review.district.full_name, programme=programme, programme_last_year=last_year,
        changes=changes, commune_names={c.pk: c.full_name for c in communes},
        agencies=agency_rows(review.district, start, end),
        criteria=criteria_figures(review.district, communes, review.baseline_date, end),
        funds=_funds(ids, start, end), areas=_areas(ids, end),
        commendations=list(commendations_of(review, statuses=shown)), filings=filings(review), texts=texts)
