"""Dashboards: the roll-up's figures, live, for the user's scope.

Every number comes from `reporting.figures` — the same selectors the Monday roll-up is built from —
so a dashboard and the roll-up of the same day cannot disagree. A page costs a fixed number of
queries whatever the data size, and its data is cached per scope, action day and window under a
key that includes a stamp of the filings of each day shown (last change and count of day reports and
rosters): a submission, a return or a correction changes that day's stamp, so the next request
recomputes the board and that day; the trend's other days are read from their own per-day entries.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time
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
# A trend point's key holds everything it is drawn from (communes, lineage, day, that day's filings
# stamp), so it cannot go stale: this only bounds the memory of days nobody looks at any more.
TREND_POINT_SECONDS = 7 * 24 * 60 * 60


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
    # Every village of the day by name, for a board of one commune (the commune dashboard's table);
    # empty for a district's board, which shows only the villages under the threshold.
    villages: list[f.VillageFigures] = dataclasses.field(default_factory=list)

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


def _day_stamps(action_day_ids: list[int], commune_ids: list[int]) -> dict[int, str]:
    """Per action day, a digest that changes whenever a filing or a roster of that day and these communes
    changes: a save, a submission, a return, a review, a roster sent or edited moves the count or the last
    change (attendance is saved with the report). Two grouped queries, whatever the number of days."""
    reports: dict[int, tuple] = {}
    for row in (DayReport.objects.filter(action_day_id__in=action_day_ids, commune_id__in=commune_ids)
                .values("action_day_id").annotate(n=Count("pk"), changed=Max("updated_at"), reviewed=Max("reviewed_at"))
                .order_by()):
        reports[row["action_day_id"]] = (row["n"], row["changed"], row["reviewed"])
    rosters: dict[int, tuple] = {}
    for row in (Roster.objects.filter(action_day_id__in=action_day_ids, commune_id__in=commune_ids)
                .values("action_day_id").annotate(n=Count("pk"), changed=Max("updated_at")).order_by()):
        rosters[row["action_day_id"]] = (row["n"], row["changed"])
    return {pk: hashlib.sha1(repr((reports.get(pk), rosters.get(pk))).encode()).hexdigest()[:16]
            for pk in action_day_ids}


def _digest(value) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()


def district_dashboard(*, district: District, programme: Programme, days: list[ActionDay], action_day: ActionDay,
                       commune_ids: list[int], window: int) -> Dashboard:
    """The dashboard of `commune_ids` (all the district's, or an area monitor's) for one day. Its stamp
    and figures are read on the read replica when one is configured (ntm_portal.db_router)."""
    with replica_reads():
        return _district_dashboard(district=district, programme=programme, days=days, action_day=action_day,
                                   commune_ids=commune_ids, window=window)


def _trend_point(day: ActionDay, figures: list[f.CommuneFigures]) -> TrendPoint:
    """One point of the trend: the sum of the communes carried on that day (reporting.figures.totals).
    It keeps only the numbers the trend shows (no task names: those come from the directory)."""
    tot = dataclasses.replace(f.totals(figures), tasks={})
    return TrendPoint(day=day.date, participation_rate=tot.participation_rate, presence_rate=tot.presence_rate,
                      on_time_rate=f._rate(tot.filed_on_time, tot.units), totals=tot)


def _district_dashboard(*, district: District, programme: Programme, days: list[ActionDay], action_day: ActionDay,
                        commune_ids: list[int], window: int) -> Dashboard:
    index = next(i for i, d in enumerate(days) if d.pk == action_day.pk)
    trend_days = list(reversed(days[index:index + window]))
    day_ids = [d.pk for d in trend_days]
    # A commune formed by a merger carries its former communes: the trend sums their figures for the
    # weeks before the merger, so it runs on across the date (one query when nothing was merged).
    lineages = lineage(commune_ids)
    history_ids = sorted({p.unit_id for periods in lineages.values() for p in periods} | set(commune_ids))
    scope_key = (sorted(commune_ids), sorted((k, tuple(v)) for k, v in lineages.items()))
    stamps = _day_stamps(day_ids, history_ids)
    key = "dash:" + _digest((district.pk, action_day.pk, window, scope_key, [stamps[pk] for pk in day_ids]))
    cached = cache.get(key)
    if cached is not None:
        return cached
    threshold = programme.low_participation_threshold
    # Each point of the trend is kept per (communes and their lineage, day, stamp of that day's filings):
    # the weeks before do not change when this week is filed, so only the days whose stamp moved (a
    # late edit of an old week included) are computed again, with the day shown (its commune rows).
    point_keys = {d.pk: "dashday:" + _digest((scope_key, d.pk, d.date, stamps[d.pk])) for d in trend_days}
    found = cache.get_many(list(point_keys.values()))
    missing = [d.pk for d in trend_days if point_keys[d.pk] not in found]
    by_pair = f.commune_figures(action_day_ids=sorted(set(missing) | {action_day.pk}), commune_ids=history_ids)
    by_day: dict[int, dict[int, f.CommuneFigures]] = {}
    for (d, c), fig in by_pair.items():
        by_day.setdefault(d, {})[c] = fig
    trend, computed = [], {}
    for day in trend_days:
        point = found.get(point_keys[day.pk])
        if point is None:
            carried = {u for periods in lineages.values() for u in carried_on(periods, day.date)}
            figs = by_day.get(day.pk, {})
            point = computed[point_keys[day.pk]] = _trend_point(day, [figs[c] for c in carried if c in figs])
        trend.append(point)
    if computed:
        cache.set_many(computed, TREND_POINT_SECONDS)
    wanted = set(commune_ids)
    today = vi_sorted((fig for c, fig in by_day.get(action_day.pk, {}).items() if c in wanted),
                      key=lambda x: x.commune_name)
    villages = f.village_figures(action_day_ids=[action_day.pk], commune_ids=commune_ids)
    low = sorted((v for v in villages.values()
                  if v.reported and is_low_participation(v.participation_rate, threshold)),
                 key=lambda v: (v.participation_rate, vi_key(v.commune_name), vi_key(v.village_name)))
    totals = f.totals(today)
    board = Dashboard(
        district=district, programme=programme, action_day=action_day, window=window, threshold=threshold,
        communes=[CommuneRow(fig, light_of(fig, threshold)) for fig in today], totals=totals, trend=trend,
        low_villages=low, task_columns=list(totals.tasks.values()), key=key,
        villages=sorted(villages.values(), key=lambda v: v.village_name) if len(commune_ids) == 1 else [],
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


def _figures_key(district: District, action_day: ActionDay, name: str) -> str:
    """The cache key of figures `name` of the day: the filings stamp of the day (three aggregate queries,
    reporting.figures.filings_stamp) changes with any filing, roster or review up to that day."""
    return f"figs:{name}:{district.pk}:{action_day.pk}:{f.filings_stamp(district=district, action_day=action_day)}"


def _cached_figures(district: District, action_day: ActionDay, name: str, build, *, key: str | None = None):
    """`build()` kept in the cache under the filings stamp of the day (`_figures_key`): three aggregate
    queries instead of the build; a filing, a roster or a review changes the key; directory changes show
    after `settings.FIGURES_CACHE_SECONDS`. Both are read on the read replica when one is configured
    (ntm_portal.db_router)."""
    with replica_reads():
        key = key or _figures_key(district, action_day, name)
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
        return value


def day_agency_figures(*, district: District, action_day: ActionDay) -> list[f.AgencyFigures]:
    """The district's agencies on one day (reporting.figures.agency_figures), cached under the stamp."""
    return _cached_figures(district, action_day, "agencies",
                   lambda: list(f.agency_figures(district=district, action_day_ids=[action_day.pk]).values()))


def _compliance_window(days: list[ActionDay], action_day: ActionDay, weeks: int) -> list[ActionDay]:
    index = next(i for i, d in enumerate(days) if d.pk == action_day.pk)
    return days[index:index + weeks]


def compliance_key(*, district: District, days: list[ActionDay], action_day: ActionDay, weeks: int = 8) -> str:
    """The key the compliance rows of the day are cached under: the district, the day, the action days
    of the score's window and the filings stamp of the day (three queries)."""
    window = [d.pk for d in _compliance_window(days, action_day, weeks)]
    with replica_reads():
        return _figures_key(district, action_day, f"compliance{weeks}:{_digest(window)[:12]}")


def _compliance_all_rows(district: District, window: list[ActionDay], action_day: ActionDay) -> list[dict]:
    figs = f.agency_figures(district=district, action_day_ids=[d.pk for d in window])
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
        score = (100 * score_num[agency_id] / score_den[agency_id]).quantize(Decimal("1")) if score_den[agency_id] else None
        rows.append({"fig": fig, "score": score, "presence_rate": f._rate(fig.present, fig.listed)})
    rows.sort(key=lambda r: (-r["fig"].weeks_without, r["score"] if r["score"] is not None else 999,
                             vi_key(r["fig"].agency_name)))
    return rows


def compliance_rows(*, district: District, days: list[ActionDay], action_day: ActionDay, weeks: int = 8,
                    kind: str = "", commune_id: int | None = None, key: str | None = None) -> list[dict]:
    """Agencies by roster timeliness and presence on a day, with a score in which recent weeks weigh
    more (weight 0.8 per week back) over the last `weeks` action days. Six queries to build, then the
    day's rows (not the weeks' figures) are cached under `compliance_key` (three queries, or none when
    the caller passes the key): a filing, a roster or a late edit of an earlier week changes it."""
    return compliance_rows_until(district=district, days=days, action_day=action_day, weeks=weeks, kind=kind,
                                 commune_id=commune_id, key=key)[0]


def compliance_rows_until(*, district: District, days: list[ActionDay], action_day: ActionDay, weeks: int = 8,
                          kind: str = "", commune_id: int | None = None,
                          key: str | None = None) -> tuple[list[dict], float]:
    """`compliance_rows` and the time (epoch seconds) until which its cache entry lives: what is drawn
    from the rows must not be kept longer (names from the directory are in them, not in the key)."""
    window = _compliance_window(days, action_day, weeks)
    key = key or compliance_key(district=district, days=days, action_day=action_day, weeks=weeks)
    entry = _cached_figures(district, action_day, "", lambda: {
        "rows": _compliance_all_rows(district, window, action_day),
        "until": time.time() + settings.FIGURES_CACHE_SECONDS}, key=key)
    rows = [{**r, "kind_label": AgencyKind(r["fig"].kind).label} for r in entry["rows"]
            if (not kind or r["fig"].kind == kind)
            and (not commune_id or any(c.commune_id == commune_id for c in r["fig"].communes))]
    return rows, entry["until"]
