"""Reads of the roll-ups, through the user's scope (ntm_portal.access).

District roles (coordinator, leader, inspector) read their district's roll-ups; only the
coordinator requests new ones and edits recipients. Others: 403 for the pages, 404 for an object.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from campaigns.models import ActionDay
from directory.models import AdministrativeUnit
from ntm_portal.access import scope_of
from ntm_portal.collation import vi

from .figures import filings_stamp
from .models import RollUp, RollupRecipient
from .rollup import build_weekly_rollup, data_version


def rollup_district_for(user, district_id: int | None = None, *, manage: bool = False) -> AdministrativeUnit:
    """The coordinating unit (district, province's office, merged commune) whose roll-ups the user
    reads (their own if not given): 403 without a role on such a unit, 404 for a unit out of scope,
    403 for `manage` without the coordinator role there."""
    scope = scope_of(user)
    if not scope.district_ids:
        raise PermissionDenied
    district_id = district_id if district_id is not None else scope.coordinating_unit.pk
    if district_id not in scope.district_ids:
        raise Http404
    if manage and not scope.can_coordinate(district_id):
        raise PermissionDenied
    district = AdministrativeUnit.objects.filter(pk=district_id).first()
    if district is None:
        raise Http404
    return district


def rollups_of(district) -> QuerySet[RollUp]:
    """The unit's roll-ups, and those of the days of its programme built before it took the programme
    over (a district's weeks before 01/07/2025, for the province's office that carries it on)."""
    return (RollUp.objects.filter(Q(district=district) | Q(action_day__programme__owner=district))
            .select_related("action_day", "created_by")
            .order_by("-action_day__date", "-version"))


def rollup_for(user, pk, *, manage: bool = False) -> RollUp:
    rollup = RollUp.objects.select_related("action_day__programme", "district", "created_by").filter(pk=pk).first()
    scope = scope_of(user)
    if rollup is None or rollup.district_id not in scope.district_ids:
        raise Http404
    if manage and not scope.can_coordinate(rollup.district_id):
        raise PermissionDenied
    return rollup


def past_action_days(district) -> QuerySet[ActionDay]:
    """Action days of the district's programmes that have taken place and were not cancelled."""
    return (ActionDay.objects.filter(programme__owner=district, date__lte=timezone.localdate())
            .exclude(status=ActionDay.Status.CANCELLED).select_related("programme").order_by("-date"))


def current_data_version(rollup: RollUp) -> str:
    """The hash of the data as they are now: built once per state of the filings (`filings_stamp`,
    three queries) and kept in the cache, instead of rebuilding the roll-up data (≈ 30 queries) on
    every opening of the roll-up list or page."""
    stamp = filings_stamp(district=rollup.district, action_day=rollup.action_day)
    key = f"rollup-version:{rollup.district_id}:{rollup.action_day_id}:{stamp}"
    version = cache.get(key)
    if version is None:
        version = data_version(build_weekly_rollup(district=rollup.district, action_day=rollup.action_day))
        cache.set(key, version, settings.FIGURES_CACHE_SECONDS)
    return version


def recipients_of(district) -> QuerySet[RollupRecipient]:
    return RollupRecipient.objects.filter(district=district).order_by("-is_active", vi("name"))


def recipient_for(user, pk) -> RollupRecipient:
    recipient = RollupRecipient.objects.select_related("district").filter(pk=pk).first()
    if recipient is None:
        raise Http404
    rollup_district_for(user, recipient.district_id, manage=True)
    return recipient
