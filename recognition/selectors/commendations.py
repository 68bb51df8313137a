"""Reads of the commendations: the reasons a proposal carries, drawn from the data (the roll-up's figures over
the review's period), the villages the figures put first, quotas and the use made of them."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from campaigns.models import Attendance, RosterEntry
from directory.models import Village
from ntm_portal.collation import vi_key
from reporting import figures as f
from reporting.formatting import vn_number

from ..models import Commendation, CommendationQuota, NomineeKind, Review
from . import reviews as r

# Proposals that use a unit's quota: short-listed, sent to the council, decided.
QUOTA_STATUSES = (Commendation.Status.SHORTLISTED, Commendation.Status.SUBMITTED, Commendation.Status.AWARDED,
                  Commendation.Status.NOT_AWARDED)


def _tasks_text(totals: f.Totals) -> str:
    return "; ".join(f"{t.name}: {vn_number(t.quantity)} {t.unit}".strip() for t in totals.tasks.values() if t.quantity)


def nominee_facts(review: Review, *, kind: str, village=None, commune=None, agency=None, person=None
                  ) -> tuple[dict, str]:
    """(facts, sentence) of a nominee over the review's period: the reasons prefilled in the proposal."""
    start, end = review.period_start, review.period_end
    days = r.action_day_ids(review.district, start, end)
    if kind == NomineeKind.VILLAGE and village is not None:
        figs = list(f.village_figures(action_day_ids=days, village_ids=[village.pk]).values())
        took_part = sum(1 for v in figs if v.reported and v.residents)
        total = f.totals(figs)
        facts = {"weeks": took_part, "action_days": len(days), "residents": total.residents,
                 "households": total.households}
        text = _("Tham gia %(w)d/%(n)d ngày ra quân “Ngày thứ Bảy vì nông thôn mới”; %(r)s lượt người, %(h)s lượt "
                 "hộ tham gia") % {"w": took_part, "n": len(days), "r": vn_number(total.residents),
                                   "h": vn_number(total.households)}
        tasks = _tasks_text(total)
        return facts, text + (f"; {tasks}" if tasks else "") + _village_fund_text(review, village, facts)
    if kind == NomineeKind.COMMUNE and commune is not None:
        programme = r.programme_figures(review.district, [commune.pk], start, end)
        crit = r.criteria_figures(review.district, [commune], review.baseline_date, end)
        standing = crit.communes[0] if crit.communes else None
        t = programme.totals
        facts = {"weeks_filed": t.filed, "action_days": len(days), "residents": t.residents,
                 "households": t.households, "criteria_met": standing.met if standing else None,
                 "criteria_change": standing.change_label if standing else None}
        text = _("Báo cáo kết quả %(w)d/%(n)d ngày ra quân; %(r)s lượt người, %(h)s lượt hộ tham gia") % {
            "w": t.filed, "n": len(days), "r": vn_number(t.residents), "h": vn_number(t.households)}
        if standing and standing.assessed:
            text += _("; đạt %(m)d/%(n)d tiêu chí (tăng, giảm so với mốc: %(c)s)") % {
                "m": standing.met, "n": crit.total_criteria, "c": standing.change_label}
        funds = (r._funds([commune.pk], start, end) or {}).get(commune.pk)
        if funds and funds.get("contributions"):
            facts["funds"] = str(funds["contributions"])
            text += _("; quỹ thôn, tổ dân phố huy động %(f)s đồng") % {"f": vn_number(funds["contributions"])}
        areas = (r._areas([commune.pk], end) or {}).get(commune.pk)
        if areas and areas.get("model"):
            facts["model_areas"] = areas["model"]
            text += _("; %(n)d khu dân cư kiểu mẫu") % {"n": areas["model"]}
        return facts, text + "."
    if kind == NomineeKind.AGENCY and agency is not None:
        rows = r.agency_rows(review.district, start, end, [agency.pk])
        row = rows[0] if rows else r.AgencyRow(agency.pk, agency.name, 0, 0)
        facts = {"weeks": row.weeks_took_part, "action_days": len(days), "present": row.staff_present}
        return facts, _("Cử cán bộ tham gia %(w)d/%(n)d ngày ra quân; %(p)s lượt cán bộ có mặt.") % {
            "w": row.weeks_took_part, "n": len(days), "p": vn_number(row.staff_present)}
    if kind == NomineeKind.PERSON and person is not None:
        present = RosterEntry.objects.filter(person=person, action_day_id__in=days,
                                             attendance=Attendance.PRESENT).count()
        return ({"weeks": present, "action_days": len(days)},
                _("Có mặt %(w)d/%(n)d ngày ra quân “Ngày thứ Bảy vì nông thôn mới”.") % {"w": present, "n": len(days)})
    return {}, ""


def _village_fund_text(review: Review, village, facts: dict) -> str:
    """The village fund raised in the period, when the village funds module is there (h19a's ledger)."""
    try:
        from .funds import village_ledger
    except ImportError:
        return "."
    raised = village_ledger(village, review.period_start, review.period_end).contributions
    if not raised:
        return "."
    facts["fund"] = str(raised)
    return _("; quỹ thôn huy động %(f)s đồng.") % {"f": vn_number(raised)}


@dataclasses.dataclass
class SuggestedVillage:
    village_id: int
    village_name: str
    commune_name: str
    weeks: int
    residents: int
    participation_rate: object


def suggested_villages(review: Review, commune_ids: list[int], limit: int = 10) -> list[SuggestedVillage]:
    """The villages the period's figures put first — ordered like the roll-up's best villages (rate, people)."""
    days = r.action_day_ids(review.district, review.period_start, review.period_end)
    by_village: dict[int, list[f.VillageFigures]] = defaultdict(list)
    for (_d, village_id), fig in f.village_figures(action_day_ids=days, commune_ids=commune_ids).items():
        by_village[village_id].append(fig)
    rows = []
    for village_id, figs in by_village.items():
        weeks = sum(1 for v in figs if v.reported and v.residents)
        if not weeks:
            continue
        total = f.totals(figs)
        rows.append(SuggestedVillage(village_id, figs[0].village_name, figs[0].commune_name, weeks, total.residents,
                                     total.participation_rate))
    rows.sort(key=lambda v: (-(v.participation_rate or 0), -v.residents, vi_key(v.commune_name), vi_key(v.village_name)))
    return rows[:limit]


def quota_of(review: Review, *, commune_id=None, agency_id=None) -> int | None:
    row = CommendationQuota.objects.filter(review=review, commune_id=commune_id, agency_id=agency_id).first()
    return row.count if row else None


def quota_used(review: Review, *, commune_id=None, agency_id=None) -> int:
    return Commendation.objects.filter(review=review, proposer_commune_id=commune_id, proposer_agency_id=agency_id,
                                       status__in=QUOTA_STATUSES).count()


@dataclasses.dataclass
class QuotaRow:
    unit_name: str
    commune_id: int | None
    agency_id: int | None
    quota: int | None
    used: int
    proposed: int


def quota_rows(review: Review) -> list[QuotaRow]:
    """Each commune and agency of the review: its quota, the proposals using it, all its proposals (3 queries + units)."""
    quotas = {(q.commune_id, q.agency_id): q.count for q in CommendationQuota.objects.filter(review=review)}
    counts = {(row["proposer_commune_id"], row["proposer_agency_id"]): row for row in
              Commendation.objects.filter(review=review).values("proposer_commune_id", "proposer_agency_id")
              .annotate(used=Count("pk", filter=Q(status__in=QUOTA_STATUSES)), proposed=Count("pk")).order_by()}
    rows = []
    for c in r.review_communes(review):
        n = counts.get((c.pk, None), {})
        rows.append(QuotaRow(c.full_name, c.pk, None, quotas.get((c.pk, None)), n.get("used", 0), n.get("proposed", 0)))
    for a in r.review_agencies(review):
        n = counts.get((None, a.pk), {})
        rows.append(QuotaRow(a.name, None, a.pk, quotas.get((None, a.pk)), n.get("used", 0), n.get("proposed", 0)))
    return rows


def villages_of_commune(commune, on) -> list[Village]:
    return sorted(Village.objects.current(on).filter(parent=commune), key=lambda v: vi_key(v.name))
