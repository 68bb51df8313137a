"""Dashboards: the roll-up's figures, live, for the user's scope.

Every number comes from `reporting.figures` — the same selectors the Monday roll-up is built from —
so a dashboard and the roll-up of the same day cannot disagree. A page costs a fixed number of
queries whatever the data size, and its data is cached per scope, action day and window under a
key that includes a stamp of the filings (last change and count of day reports and rosters): a
submission, a return or a correction changes the stamp, so the next request recomputes.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from campaigns.models import ActionDay, DayReport, Programme, Roster
from campaigns.selectors.filing import is_low_participation
from directory.models import AgencyKind, Commune, District, coordinated_communes_q
from directory.selectors import carried_on, lineage
from ntm_portal.collation import vi_key, vi_sorted
from ntm_portal.db_router import replica_reads

from . import figures as f

WINDOWS = (12, 52)
CACHE_SECONDS = 15 * 60


class Light:
    GREEN, AMBER, RED = "green", "amber", "red"


@dataclasses.dataclass
class CommuneRow:
    figures: f.CommuneFigures
    light: str

    @property
    def presence_rate(self) -> Decimal | None:
        return self.figures.presence_rate


@dataclasses.dataclass
class TrendPoint:
    day: datetime.date
    participation_rate: Decimal | None
    presence_rate: Decimal | None
    on_time_rate: Decimal | None
    totals: f.Totals


@dataclasses.dataclass
class Dashboard:
    district: District
    programme: Programme
    action_day: ActionDay
    window: int
    threshold: Decimal
    communes: list[CommuneRow]
    totals: f.Totals
    trend: list[TrendPoint]
    low_villages: list[f.VillageFigures]
    task_columns: list[f.TaskFigure]
    key: str = ""  # the cache key it is kept under: a digest of the scope, day, window and stamp

    @property
    def presence_rate(self) -> Decimal | None:
        return self.totals.presence_rate


def past_action_days(programme: Programme, *, today: datetime.date | None = None, limit: int = 104) -> list[ActionDay]:
    """Action days that have happened (not cancelled), newest first."""
    today = today or timezone.localdate()
    return list(ActionDay.objects.filter(programme=programme, date__lte=today)
                .exclude(status=ActionDay.Status.CANCELLED).order_by("-date")[:limit])


def choose_day(days: list[ActionDay], wanted: str | None) -> ActionDay | None:
    """The day asked for in the period selector (yyyy-mm-dd), else the latest."""
    if wanted:
        for day in days:
            if day.date.isoformat() == wanted:
                return day
    return days[0] if days else None


def light_of(fig: f.CommuneFigures, threshold: Decimal) -> str:
    if not fig.is_filed:
        return Light.RED
    if fig.filing == f.FilingStatus.LATE or is_low_participation(fig.participation_rate, threshold):
        return Light.AMBER
    return Light.GREEN


def _stamp(action_day_ids: list[int], commune_ids: list[int]) -> str:
    """Changes whenever a filing or a roster of these days and communes changes (2 queries)."""
    reports = DayReport.objects.filter(action_day_id__in=action_day_ids, commune_id__in=commune_ids).aggregate(
        n=Count("pk"), changed=Max("updated_at"), reviewed=Max("reviewed_at"))
    rosters = Roster.objects.filter(action_day_id__in=action_day_ids, commune_id__in=commune_ids).aggregate(
        n=Count("pk"), changed=Max("updated_at"))
    return hashlib.sha1(repr((reports, rosters)).encode()).hexdigest()[:16]


def district_dashboard(*, district: District, programme: Programme, days: list[ActionDay], action_day: ActionDay,
                       commune_ids: list[int], window: int) -> Dashboard:
    """The dashboard of `commune_ids` (all the district's, or an area monitor's) for one day. Its stamp
    and figures are read on the read replica when one is configured (ntm_portal.db_router)."""
    with replica_reads():
        return _district_dashboard(district=district, programme=programme, days=days, action_day=action_day,
                                   commune_ids=commune_ids, window=window)


def _district_dashboard(*, district: District, programme: Programme, days: list[ActionDay], action_day: ActionDay,
                        commune_ids: list[int], window: int) -> Dashboard:
    index = next(i for i, d in enumerate(days) if d.pk == action_day.pk)
    trend_days = list(reversed(days[index:index + window]))
    day_ids = [d.pk for d in trend_days]
    # A commune formed by a merger carries its former communes: the trend sums their figures for the
    # weeks before the merger, so it runs on across the date (one query when nothing was merged).
    lineages = lineage(commune_ids)
    history_ids = sorted({p.unit_id for periods in lineages.values() for p in periods} | set(commune_ids))
    fingerprint = repr((district.pk, action_day.pk, window, sorted(commune_ids), _stamp(day_ids, history_ids)))
    key = "dash:" + hashlib.sha1(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    threshold = programme.low_participation_threshold
    by_pair = f.commune_figures(action_day_ids=day_ids, commune_ids=history_ids)
    wanted = set(commune_ids)
    today = vi_sorted((fig for (d, c), fig in by_pair.items() if d == action_day.pk and c in wanted),
                      key=lambda x: x.commune_name)
    trend = []
    for day in trend_days:
        carried = {u for periods in lineages.values() for u in carried_on(periods, day.date)}
        tot = f.totals(fig for (d, c), fig in by_pair.items() if d == day.pk and c in carried)
        trend.append(TrendPoint(day=day.date, participation_rate=tot.participation_rate,
                                presence_rate=tot.presence_rate,
                                on_time_rate=f._rate(tot.filed_on_time, tot.units), totals=tot))
    villages = f.village_figures(action_day_ids=[action_day.pk], commune_ids=commune_ids)
    low = sorted((v for v in villages.values()
                  if v.reported and is_low_participation(v.participation_rate, threshold)),
                 key=lambda v: (v.participation_rate, vi_key(v.commune_name), vi_key(v.village_name)))
    totals = f.totals(today)
    board = Dashboard(
        district=district, programme=programme, action_day=action_day, window=window, threshold=threshold,
        communes=[CommuneRow(fig, light_of(fig, threshold)) for fig in today], totals=totals, trend=trend,
        low_villages=low, task_columns=list(totals.tasks.values()), key=key,
    )
    cache.set(key, board, CACHE_SECONDS)
    return board


SORT_KEYS = {
    "ma": lambda r: r.figures.commune_code,
    "ten": lambda r: vi_key(r.figures.commune_name),
    "ty-le": lambda r: (r.figures.participation_rate is None, r.figures.participation_rate or 0),
    "nguoi-dan": lambda r: r.figures.residents,
    "can-bo": lambda r: (r.presence_rate is None, r.presence_rate or 0),
    "trang-thai": lambda r: ("red", "amber", "green").index(r.light),
}


def sort_rows(rows: list[CommuneRow], sort: str) -> tuple[list[CommuneRow], str]:
    """Sort the commune table by a column key; a leading '-' sorts descending."""
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return rows, "ma"
    return sorted(rows, key=SORT_KEYS[key], reverse=sort.startswith("-")), sort


def communes_in_scope(scope, district: District) -> list[int]:
    """The district's communes the scope reads on the dashboard: all of them, or a monitor's."""
    if district.pk in scope.district_ids:
        return list(Commune.objects.current().filter(coordinated_communes_q(district)).values_list("pk", flat=True))
    return sorted(scope.monitored_commune_ids)


def _cached_figures(district: District, action_day: ActionDay, name: str, build):
    """`build()` kept in the cache under the filings stamp of the day (reporting.figures.filings_stamp):
    three aggregate queries instead of the build; a filing, a roster or a review changes the key. Both
    are read on the read replica when one is configured (ntm_portal.db_router)."""
    with replica_reads():
        stamp = f.filings_stamp(district=district, action_day=action_day)
        key = f"figs:{name}:{district.pk}:{action_day.pk}:{stamp}"
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
        return value


def day_agency_figures(*, district: District, action_day: ActionDay) -> list[f.AgencyFigures]:
    """The district's agencies on one day (reporting.figures.agency_figures), cached under the stamp."""
    return _cached_figures(district, action_day, "agencies",
                   lambda: list(f.agency_figures(district=district, action_day_ids=[action_day.pk]).values()))


def day_village_figures(*, district: District, action_day: ActionDay, commune) -> list[f.VillageFigures]:
    """A commune's villages on one day (reporting.figures.village_figures) by name, cached under the stamp."""
    return _cached_figures(district, action_day, f"villages{commune.pk}", lambda: sorted(
        f.village_figures(action_day_ids=[action_day.pk], commune_ids=[commune.pk]).values(),
        key=lambda v: v.village_name))


def compliance_rows(*, district: District, days: list[ActionDay], action_day: ActionDay, weeks: int = 8,
                    kind: str = "", commune_id: int | None = None) -> list[dict]:
    """Agencies by roster timeliness and presence on a day, with a score in which recent weeks weigh
    more (weight 0.8 per week back) over the last `weeks` action days. Six queries to build, then
    cached under the filings stamp of the day (three queries): the weeks before it cannot change it."""
    index = next(i for i, d in enumerate(days) if d.pk == action_day.pk)
    window = days[index:index + weeks]
    figs = _cached_figures(district, action_day, f"compliance{weeks}",
                           lambda: f.agency_figures(district=district, action_day_ids=[d.pk for d in window]))
    weight = {d.pk: Decimal("0.8") ** i for i, d in enumerate(window)}
    score_num: dict[int, Decimal] = {}
    score_den: dict[int, Decimal] = {}
    for (day_id, agency_id), fig in figs.items():
        score_den[agency_id] = score_den.get(agency_id, Decimal(0)) + weight[day_id]
        score_num[agency_id] = score_num.get(agency_id, Decimal(0)) + (weight[day_id] if fig.took_part else 0)
    rows = []
    for (day_id, agency_id), fig in figs.items():
        if day_id != action_day.pk:
            continue
        if kind and fig.kind != kind:
            continue
        if commune_id and not any(c.commune_id == commune_id for c in fig.communes):
            continue
        score = (100 * score_num[agency_id] / score_den[agency_id]).quantize(Decimal("1")) if score_den[agency_id] else None
        rows.append({"fig": fig, "score": score, "presence_rate": f._rate(fig.present, fig.listed),
                     "kind_label": AgencyKind(fig.kind).label})
    rows.sort(key=lambda r: (-r["fig"].weeks_without, r["score"] if r["score"] is not None else 999,
                             vi_key(r["fig"].agency_name)))
    return rows
