"""The one place that decides what a user may see and change.

Every view and selector asks here. Out of scope answers 404 (the object does not exist for
this user); in scope but read-only answers 403.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from directory.models import AdministrativeUnit, Agency, Assignment, Commune, District, Membership, Role

DISTRICT_ROLES = {Role.COORDINATOR, Role.LEADER, Role.INSPECTOR}


@dataclasses.dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    # Districts read as a whole (coordinator, leader, inspector) and those managed (coordinator).
    district_ids: frozenset[int] = frozenset()
    coordinated_district_ids: frozenset[int] = frozenset()
    inspected_district_ids: frozenset[int] = frozenset()
    # Communes an officer files for; communes an area monitor follows.
    officer_commune_ids: frozenset[int] = frozenset()
    monitored_commune_ids: frozenset[int] = frozenset()
    # Agencies a focal point speaks for, and the communes those agencies are assigned to now.
    agency_ids: frozenset[int] = frozenset()
    agency_commune_ids: frozenset[int] = frozenset()
    # Agencies assigned now to the communes an officer files for or a monitor follows (read only).
    partner_agency_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.roles

    def has(self, role: str) -> bool:
        return role in self.roles

    # --- communes -------------------------------------------------------------------------
    def can_read_commune(self, commune) -> bool:
        return (
            commune.parent_id in self.district_ids
            or commune.pk in self.officer_commune_ids
            or commune.pk in self.monitored_commune_ids
            or commune.pk in self.agency_commune_ids
        )

    def can_write_commune(self, commune) -> bool:
        """File for the commune: its own officers only."""
        return commune.pk in self.officer_commune_ids

    def can_manage_commune(self, commune) -> bool:
        """Change reference data of the commune (villages, households): officer or coordinator."""
        return commune.pk in self.officer_commune_ids or commune.parent_id in self.coordinated_district_ids

    def commune_filter(self, prefix: str = "") -> Q:
        """A Q() selecting the communes this scope reads, for `<prefix>id` / `<prefix>parent_id`."""
        ids = self.officer_commune_ids | self.monitored_commune_ids | self.agency_commune_ids
        return Q(**{f"{prefix}parent_id__in": self.district_ids}) | Q(**{f"{prefix}id__in": ids})

    # --- agencies -------------------------------------------------------------------------
    def can_read_agency(self, agency) -> bool:
        return (
            agency.pk in self.agency_ids
            or agency.owner_id in self.district_ids
            or agency.pk in self.partner_agency_ids
        )

    def can_write_agency(self, agency) -> bool:
        return agency.pk in self.agency_ids or agency.owner_id in self.coordinated_district_ids

    def sees_staff_contacts(self, agency) -> bool:
        """Phone numbers of an agency's staff: its focal point and the coordinating office only."""
        return agency.pk in self.agency_ids or agency.owner_id in self.coordinated_district_ids

    def agency_filter(self) -> Q:
        return Q(owner_id__in=self.district_ids) | Q(id__in=self.agency_ids | self.partner_agency_ids)

    # --- district -------------------------------------------------------------------------
    def can_coordinate(self, district_id: int) -> bool:
        return district_id in self.coordinated_district_ids


def scope_of(user) -> Scope:
    """The user's scope, computed once per request (three queries at most)."""
    if not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_ntm_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._ntm_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    roles, districts, coordinated, inspected = set(), set(), set(), set()
    officer_communes, monitored, agencies = set(), set(), set()
    if user.is_superuser:
        all_districts = set(District.objects.values_list("pk", flat=True))
        roles.add(Role.COORDINATOR)
        districts |= all_districts
        coordinated |= all_districts
    for role, unit_id, agency_id in Membership.objects.filter(user=user).values_list("role", "unit_id", "agency_id"):
        roles.add(role)
        if role in DISTRICT_ROLES:
            districts.add(unit_id)
        if role == Role.COORDINATOR:
            coordinated.add(unit_id)
        elif role == Role.INSPECTOR:
            inspected.add(unit_id)
        elif role == Role.COMMUNE_OFFICER:
            officer_communes.add(unit_id)
        elif role == Role.AREA_MONITOR:
            monitored.add(unit_id)
        elif role == Role.AGENCY_FOCAL_POINT:
            agencies.add(agency_id)
    agency_communes, partners = set(), set()
    today = timezone.localdate()
    if agencies:
        agency_communes = set(
            Assignment.objects.open_on(today).filter(agency_id__in=agencies).values_list("commune_id", flat=True)
        )
    if officer_communes or monitored:
        partners = set(
            Assignment.objects.open_on(today).filter(commune_id__in=officer_communes | monitored)
            .values_list("agency_id", flat=True)
        )
    return Scope(
        roles=frozenset(roles),
        district_ids=frozenset(districts),
        coordinated_district_ids=frozenset(coordinated),
        inspected_district_ids=frozenset(inspected),
        officer_commune_ids=frozenset(officer_communes),
        monitored_commune_ids=frozenset(monitored),
        agency_ids=frozenset(agencies),
        agency_commune_ids=frozenset(agency_communes),
        partner_agency_ids=frozenset(partners),
    )


def district_of_scope(scope: Scope):
    """The district the user works in: the one they read as a whole, or their communes' district."""
    if scope.district_ids:
        # The unit read as a whole: a district, or a province's office since the two-tier reform.
        return AdministrativeUnit.objects.filter(pk=min(scope.district_ids)).first()
    commune_ids = scope.officer_commune_ids | scope.monitored_commune_ids | scope.agency_commune_ids
    commune = Commune.objects.select_related("parent").filter(pk__in=commune_ids).order_by("pk").first()
    return commune.parent if commune else None


def commune_for(user, pk, *, write: bool = False, manage: bool = False) -> Commune:
    """The commune `pk` if the user may see it: 404 otherwise, 403 if they may only read it."""
    scope = scope_of(user)
    commune = Commune.objects.select_related("parent").filter(pk=pk).first()
    if commune is None or not scope.can_read_commune(commune):
        raise Http404
    if write and not scope.can_write_commune(commune):
        raise PermissionDenied
    if manage and not scope.can_manage_commune(commune):
        raise PermissionDenied
    return commune


def agency_for(user, pk, *, write: bool = False) -> Agency:
    scope = scope_of(user)
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or not scope.can_read_agency(agency):
        raise Http404
    if write and not scope.can_write_agency(agency):
        raise PermissionDenied
    return agency


def require_coordinator(user, district_id: int | None = None) -> None:
    """403 unless the user coordinates the district (any district if none is given)."""
    scope = scope_of(user)
    if district_id is None and scope.coordinated_district_ids:
        return
    if district_id is not None and scope.can_coordinate(district_id):
        return
    raise PermissionDenied
