"""Reads of model residential areas: counts per commune at a date (the leader's view, the review
builder), a commune's cases, the road map. Each is a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from criteria.models import RecognitionLevel, RoadmapTarget

from ..models import AreaState, ModelAreaCase, ModelAreaCheck, StandardLead


def _model_on(on: datetime.date) -> Q:
    return Q(decision_date__lte=on) & (Q(lost_on__isnull=True) | Q(lost_on__gt=on))


def _lost_on(on: datetime.date) -> Q:
    return Q(lost_on__lte=on)


def _preparing_on(on: datetime.date) -> Q:
    return Q(registered_on__lte=on) & (Q(decision_date__isnull=True) | Q(decision_date__gt=on)) & (
        Q(lost_on__isnull=True) | Q(lost_on__gt=on))


def model_area_summary(commune_ids, on_date: datetime.date) -> dict[int, dict[str, int]]:
    """{commune_id: {"model": n, "preparing": n, "lost": n}} as things stood on `on_date` (every commune
    asked is in the answer, with zeros): recognised and not lost by then; registered but not yet
    recognised; lost on a failed re-check by then. One query."""
    ids = list(commune_ids)
    out = {pk: {"model": 0, "preparing": 0, "lost": 0} for pk in ids}
    rows = (ModelAreaCase.objects.filter(commune_id__in=ids).values("commune_id")
            .annotate(model=Count("pk", filter=_model_on(on_date)), preparing=Count("pk", filter=_preparing_on(on_date)),
                      lost=Count("pk", filter=_lost_on(on_date))))
    for row in rows:
        out[row["commune_id"]] = {"model": row["model"], "preparing": row["preparing"], "lost": row["lost"]}
    return out


def roadmap_counts(commune_ids, year: int) -> dict[int, int]:
    """Villages each commune plans to bring to model level in `year` (criteria.RoadmapTarget). One query."""
    rows = (RoadmapTarget.objects.filter(unit__parent_id__in=list(commune_ids), year=year,
                                         level__in=[RecognitionLevel.MODEL_AREA, RecognitionLevel.MODEL_VILLAGE])
            .values("unit__parent_id").annotate(n=Count("pk")))
    return {row["unit__parent_id"]: row["n"] for row in rows}


def cases_of_commune(commune_id: int) -> list[ModelAreaCase]:
    return list(ModelAreaCase.objects.filter(commune_id=commune_id).select_related("village", "criteria_set")
                .order_by("village__name", "-registered_on"))


def case_checks(case: ModelAreaCase) -> list[ModelAreaCheck]:
    return list(case.checks.select_related("recorded_by").order_by("checked_on"))


def standards_of(criteria_set) -> list:
    """(criterion, lead organisation label) of a set, in order. One query."""
    leads = {lead.criterion_id: lead for lead in StandardLead.objects.filter(criterion__criteria_set=criteria_set)}
    return [(c, leads[c.pk].get_organisation_display() if c.pk in leads else "")
            for c in criteria_set.criteria.order_by("number")]


STATE_ORDER = [AreaState.REGISTERED, AreaState.SURVEYED, AreaState.SELF_ASSESSED, AreaState.APPRAISED,
               AreaState.RECOGNISED]


def roadmap_of_commune(commune_id: int) -> list[RoadmapTarget]:
    """The commune's villages on the road map to model level (criteria.RoadmapTarget), by year. One query."""
    return list(RoadmapTarget.objects.filter(unit__parent_id=commune_id, level__in=[
        RecognitionLevel.MODEL_AREA, RecognitionLevel.MODEL_VILLAGE]).select_related("unit").order_by("year", "unit__name"))
