"""The one place that decides what a user may see and change.

Every view and selector asks here. Out of scope answers 404 (the object does not exist for
this user); in scope but read-only answers 403.
"""

from __future__ import annotations

import dataclasses
import functools

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from directory.models import (
    AdministrativeUnit,
    Agency,
    Assignment,
    Commune,
    Membership,
    Role,
    UnitLevel,
    coordinated_communes_q,
    self_and_ancestor_ids,
)

# Roles held on a coordinating unit (a district, a province's office or a merged commune).
DISTRICT_ROLES = {Role.COORDINATOR, Role.LEADER, Role.INSPECTOR}


@dataclasses.dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    # Coordinating units read as a whole (coordinator, leader, inspector) and those managed
    # (coordinator). The names say "district" for history: a unit may be a district, a province's
    # office (with the districts it had, so the former communes' history stays readable) or a
    # merged commune that runs its own programme.
    district_ids: frozenset[int] = frozenset()
    coordinated_district_ids: frozenset[int] = frozenset()
    inspected_district_ids: frozenset[int] = frozenset()
    # Communes an officer files for; communes an area monitor follows.
    officer_commune_ids: frozenset[int] = frozenset()
    monitored_commune_ids: frozenset[int] = frozenset()
    # Agencies a focal point speaks for, and the communes those agencies are assigned to now.
    agency_ids: frozenset[int] = frozenset()
    agency_commune_ids: frozenset[int] = frozenset()

    @functools.cached_property
    def partner_agency_ids(self) -> frozenset[int]:
        """Agencies assigned today to the communes an officer files for or a monitor follows (read
        only). One query, the first time a page asks (the filing page and the officer's home never do)."""
        communes = self.officer_commune_ids | self.monitored_commune_ids
        if not communes:
            return frozenset()
        today = timezone.localdate()
        return frozenset(Assignment.objects.open_on(today).filter(commune_id__in=communes)
                         .values_list("agency_id", flat=True))

    @property
    def is_empty(self) -> bool:
        return not self.roles

    def has(self, role: str) -> bool:
        return role in self.roles

    # --- communes -------------------------------------------------------------------------
    def can_read_commune(self, commune) -> bool:
        return (
            commune.parent_id in self.district_ids
            or commune.pk in self.district_ids
            or commune.pk in self.officer_commune_ids
            or commune.pk in self.monitored_commune_ids
            or commune.pk in self.agency_commune_ids
        )

    def can_read_commune_work(self, commune) -> bool:
        """The commune's own work — plans, day reports and their photos, village pages, dashboards,
        assessments and evidence: the district, the commune's officers and its area monitors.
        An agency reads, of its assigned communes, only the directory page and the rosters it sends."""
        return (
            commune.parent_id in self.district_ids
            or commune.pk in self.district_ids  # a merged commune that coordinates itself
            or commune.pk in self.officer_commune_ids
            or commune.pk in self.monitored_commune_ids
        )

    def work_commune_filter(self, prefix: str = "") -> Q:
        """A Q() selecting the communes whose work this scope reads (see can_read_commune_work)."""
        ids = self.officer_commune_ids | self.monitored_commune_ids | self.district_ids
        return Q(**{f"{prefix}parent_id__in": self.district_ids}) | Q(**{f"{prefix}id__in": ids})

    def can_write_commune(self, commune) -> bool:
        """File for the commune: its own officers only."""
        return commune.pk in self.officer_commune_ids

    def can_manage_commune(self, commune) -> bool:
        """Change reference data of the commune (villages, households): officer or coordinator."""
        return commune.pk in self.officer_commune_ids or self.can_coordinate_commune(commune)

    def can_coordinate_commune(self, commune) -> bool:
        """The commune belongs to a unit this scope coordinates (or is itself such a unit)."""
        return commune.parent_id in self.coordinated_district_ids or commune.pk in self.coordinated_district_ids

    def commune_filter(self, prefix: str = "") -> Q:
        """A Q() selecting the communes this scope reads, for `<prefix>id` / `<prefix>parent_id`."""
        ids = self.officer_commune_ids | self.monitored_commune_ids | self.agency_commune_ids | self.district_ids
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

    def sees_personal_data(self, agency) -> bool:
        """Phones and party membership of an agency's staff: its focal point and the coordinating office only."""
        return agency.pk in self.agency_ids or agency.owner_id in self.coordinated_district_ids

    def agency_filter(self) -> Q:
        return Q(owner_id__in=self.district_ids) | Q(id__in=self.agency_ids | self.partner_agency_ids)

    # --- coordinating unit -----------------------------------------------------------------
    def can_coordinate(self, district_id: int) -> bool:
        return district_id in self.coordinated_district_ids

    @functools.cached_property
    def coordinating_unit(self) -> AdministrativeUnit | None:
        """The unit this user works for as a whole, chosen by data (one query, then cached):
        among the units read as a whole, one running an active programme, in force today, the
        one coordinated first; then the lowest id. None for a user with no such unit."""
        if not self.district_ids:
            return None
        from campaigns.models import Programme

        today = timezone.localdate()
        units = (AdministrativeUnit.objects.filter(pk__in=self.district_ids)
                 .annotate(runs=Exists(Programme.objects.filter(owner=OuterRef("pk"), is_active=True))))
        ranked = sorted(units, key=lambda u: (not u.runs, not u.in_force_on(today),
                                              u.pk not in self.coordinated_district_ids, u.pk))
        return ranked[0] if ranked else None


def scope_of(user) -> Scope:
    """The user's scope, computed once per request (three queries at most; the partner agencies of an
    officer or monitor one more, when a page asks for them)."""
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
        # Every province and district, and every commune that runs its own programme.
        all_units = set(AdministrativeUnit.objects.filter(
            Q(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]) | Q(programmes__isnull=False))
            .values_list("pk", flat=True).distinct())
        roles.add(Role.COORDINATOR)
        districts |= all_units
        coordinated |= all_units
    provinces = set()
    memberships = Membership.objects.filter(user=user).values_list("role", "unit_id", "agency_id", "unit__level")
    for role, unit_id, agency_id, level in memberships:
        roles.add(role)
        if role in DISTRICT_ROLES:
            districts.add(unit_id)
            if level == UnitLevel.PROVINCE:
                provinces.add(unit_id)
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
    if provinces and not user.is_superuser:
        # A province's office reads (and coordinates) through the districts it has or had, so the
        # former communes' history stays in reach after 01/07/2025.
        below = dict(AdministrativeUnit.objects.filter(parent_id__in=provinces, level=UnitLevel.DISTRICT)
                     .values_list("pk", "parent_id"))
        districts |= set(below)
        coordinated |= {pk for pk, parent in below.items() if parent in coordinated}
        inspected |= {pk for pk, parent in below.items() if parent in inspected}
    agency_communes = set()
    today = timezone.localdate()
    if agencies:
        agency_communes = set(
            Assignment.objects.open_on(today).filter(agency_id__in=agencies).values_list("commune_id", flat=True)
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
    )


def can_view_personal_data(user, agency) -> bool:
    """The one personal-data rule: staff phone numbers and party membership are shown (HTML, PDF,
    XLSX) only to the agency itself and to the office that coordinates its district."""
    return scope_of(user).sees_personal_data(agency)


def personal_data_agency_ids(user, agencies) -> set[int]:
    """Of `agencies` (objects with pk and owner_id), those whose staff's personal data the user may see."""
    scope = scope_of(user)
    return {a.pk for a in agencies if scope.sees_personal_data(a)}


def district_of_scope(scope: Scope):
    """The coordinating unit the user works in (a district, a province's office or a merged
    commune): the one they read as a whole, else the one that coordinates their communes."""
    if scope.district_ids:
        return scope.coordinating_unit
    from directory.services import coordinating_unit_of

    commune_ids = scope.officer_commune_ids | scope.monitored_commune_ids | scope.agency_commune_ids
    today = timezone.localdate()
    communes = list(Commune.objects.select_related("parent").filter(pk__in=commune_ids).order_by("pk"))
    communes.sort(key=lambda c: not c.in_force_on(today))  # today's commune before a former one
    return coordinating_unit_of(communes[0]) if communes else None


coordinating_unit_of_scope = district_of_scope


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


def commune_work_for(user, pk, *, write: bool = False) -> Commune:
    """The commune `pk` whose work (plans, reports, village pages, dashboards, assessments) the user
    reads: 404 otherwise — an agency included —, 403 if they may only read and `write` is asked."""
    scope = scope_of(user)
    commune = Commune.objects.select_related("parent").filter(pk=pk).first()
    if commune is None or not scope.can_read_commune_work(commune):
        raise Http404
    if write and not scope.can_write_commune(commune):
        raise PermissionDenied
    return commune


def village_work_for(user, pk):
    """(village, commune) for the village pages: the commune's work rule."""
    from directory.models import Village

    village = Village.objects.select_related("parent__parent").filter(pk=pk).first()
    if village is None:
        raise Http404
    return village, commune_work_for(user, village.parent_id)


def commune_day_for(user, commune_id, action_day_id, *, write: bool = False):
    """(commune, action day) of a plan or day report page: 404 out of scope, 403 if they may only read."""
    from campaigns.selectors.reports import action_day_for

    commune = commune_work_for(user, commune_id, write=write)
    return commune, action_day_for(commune=commune, action_day_id=action_day_id)


def report_photo_for(user, photo_id):
    """A day report's photo, draft or filed: read by whoever reads the report (the commune's work
    rule) — 404 for everyone else, an agency included."""
    from campaigns.models import ReportPhoto

    photo = ReportPhoto.objects.filter(pk=photo_id).select_related("village_result__report").first()
    if photo is None:
        raise Http404
    commune_work_for(user, photo.village_result.report.commune_id)
    return photo


def speaks_for_agency(scope: Scope, agency) -> bool:
    """The agency's own focal point, or the district (which reads every agency)."""
    return agency.pk in scope.agency_ids or agency.owner_id in scope.district_ids


def roster_context_for(user, agency_id, commune_id, action_day_id, *, write: bool = False):
    """(agency, commune, action day, roster or None) of one roster page.

    404 unless the user reads the agency, the agency is assigned to the commune that day and the
    user reads that commune's rosters (their own agency, the district, or the receiving commune);
    only then 403 if `write` is asked and the user may not send for the agency.
    """
    from campaigns.models import ActionDay, Roster
    from campaigns.selectors.rosters import commune_may_see_rosters, is_assigned

    scope = scope_of(user)
    agency = agency_for(user, agency_id)
    commune = Commune.objects.select_related("parent").filter(pk=commune_id).first()
    day = ActionDay.objects.select_related("programme").filter(pk=action_day_id,
                                                                programme__owner_id=agency.owner_id).first()
    if commune is None or day is None or not is_assigned(agency=agency, commune=commune, on=day.date):
        raise Http404
    if not speaks_for_agency(scope, agency) and not commune_may_see_rosters(scope, commune):
        raise Http404  # a commune reads the rosters sent to it, not those the agency sends elsewhere
    if write and not scope.can_write_agency(agency):
        raise PermissionDenied
    roster = Roster.objects.filter(agency=agency, commune=commune, action_day=day).first()
    return agency, commune, day, roster


def commune_board_for(user, commune_id, action_day_id, *, write: bool = False):
    """(commune, action day) of the commune's roster board: 404 out of scope, then 403 for a reader."""
    from campaigns.models import ActionDay
    from campaigns.selectors.rosters import commune_may_see_rosters

    commune = commune_for(user, commune_id)
    scope = scope_of(user)
    if not commune_may_see_rosters(scope, commune):
        raise Http404
    day = ActionDay.objects.select_related("programme").filter(
        pk=action_day_id, programme__owner_id__in=self_and_ancestor_ids(commune)).first()
    if day is None:
        raise Http404
    if write and not scope.can_write_commune(commune):
        raise PermissionDenied
    return commune, day


def agency_for(user, pk, *, write: bool = False) -> Agency:
    scope = scope_of(user)
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or not scope.can_read_agency(agency):
        raise Http404
    if write and not scope.can_write_agency(agency):
        raise PermissionDenied
    return agency


def require_coordinator(user, district_id: int | None = None) -> None:
    """403 unless the user coordinates the unit (a district, a province, a merged commune; any
    coordinating unit if none is given)."""
    scope = scope_of(user)
    if district_id is None and scope.coordinated_district_ids:
        return
    if district_id is not None and scope.can_coordinate(district_id):
        return
    raise PermissionDenied


# --- The steering committee (BCĐ): its members and their periodic reports ---------------------------
# A member files and changes only their own reports. The head of the BCĐ and the unit's district
# roles (coordinator, leader, inspector) read every member's; an area monitor reads those of the
# members in charge of one of their communes. The coordinator or the head accepts and returns.
# Everyone else: 404.

def bcd_head_unit_ids(user) -> set[int]:
    """The units whose BCĐ the user heads today."""
    from directives.models import BcdMembership, BcdRole

    if not user.is_authenticated:
        return set()
    today = timezone.localdate()
    return set(BcdMembership.objects.filter(user=user, role=BcdRole.HEAD, valid_from__lte=today)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values_list("unit_id", flat=True))


def bcd_reads_all(user, unit_id: int) -> bool:
    """The unit's whole BCĐ: its district roles and the head."""
    return unit_id in scope_of(user).district_ids or unit_id in bcd_head_unit_ids(user)


def bcd_may_review(user, unit_id: int) -> bool:
    """Accept or return members' reports: the unit's coordinator or the head of its BCĐ."""
    return scope_of(user).can_coordinate(unit_id) or unit_id in bcd_head_unit_ids(user)


def bcd_unit_for(user):
    """(unit, commune ids or None) of the members' page: the BCĐ the user reads as a whole (district
    roles, the head), or, for an area monitor, the BCĐ of their communes limited to those; 403 otherwise."""
    scope = scope_of(user)
    if scope.district_ids:
        return scope.coordinating_unit, None
    heads = sorted(bcd_head_unit_ids(user))
    if heads:
        return AdministrativeUnit.objects.get(pk=heads[0]), None
    if scope.monitored_commune_ids:
        return district_of_scope(scope), scope.monitored_commune_ids
    raise PermissionDenied


def _bcd_membership_readable(user, membership) -> bool:
    if membership.user_id == user.pk or bcd_reads_all(user, membership.unit_id):
        return True
    monitored = scope_of(user).monitored_commune_ids
    return bool(monitored) and membership.communes.filter(pk__in=monitored).exists()


def bcd_membership_for(user, pk, *, write: bool = False):
    """A BCĐ seat the user reads (404 otherwise); `write`: only the member themself files (403)."""
    from directives.models import BcdMembership

    membership = BcdMembership.objects.select_related("unit", "sub_committee", "agency").filter(pk=pk).first()
    if membership is None or not _bcd_membership_readable(user, membership):
        raise Http404
    if write and membership.user_id != user.pk:
        raise PermissionDenied
    return membership


def member_report_for(user, pk, *, write: bool = False, review: bool = False):
    """A member's report under its seat's rule: 404 out of scope; 403 for `write` unless it is the
    user's own, for `review` unless the user coordinates the unit or heads its BCĐ."""
    from directives.models import MemberReport

    report = MemberReport.objects.select_related("membership__unit", "membership__sub_committee").filter(
        pk=pk).first()
    if report is None or not _bcd_membership_readable(user, report.membership):
        raise Http404
    if write and report.membership.user_id != user.pk:
        raise PermissionDenied
    if review and not bcd_may_review(user, report.membership.unit_id):
        raise PermissionDenied
    return report


def bcd_seats_unit_for(user):
    """The unit whose BCĐ seats the user keeps (the portal's seats pages): the coordinating office
    of the unit only; 403 for everyone else."""
    unit = scope_of(user).coordinating_unit
    if unit is None or not scope_of(user).can_coordinate(unit.pk):
        raise PermissionDenied
    return unit


def bcd_seat_for(user, pk):
    """A BCĐ seat to change: 404 when the user does not read it, 403 unless they coordinate its unit."""
    membership = bcd_membership_for(user, pk)
    if not scope_of(user).can_coordinate(membership.unit_id):
        raise PermissionDenied
    return membership


# --- NTM criteria: units, assessments, sets -------------------------------------------------------

def unit_rights(scope: Scope, unit) -> tuple[bool, bool]:
    """(may read, may record an assessment) for a commune, one of its villages, or a coordinating
    district or province."""
    if unit.level in (UnitLevel.DISTRICT, UnitLevel.PROVINCE):
        return unit.pk in scope.district_ids, scope.can_coordinate(unit.pk)
    commune = unit if unit.level == UnitLevel.COMMUNE else unit.parent
    if commune is None or commune.level != UnitLevel.COMMUNE:
        return False, False
    return scope.can_read_commune_work(commune), scope.can_write_commune(commune)


def unit_for(user, pk, *, write: bool = False):
    """A commune, village or district the user may see (404), and assess if `write` (403)."""
    unit = AdministrativeUnit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    readable, writable = unit_rights(scope_of(user), unit)
    if not readable:
        raise Http404
    if write and not writable:
        raise PermissionDenied
    return unit


def assessment_for(user, pk, *, write: bool = False, review: bool = False):
    """An NTM assessment (and so its evidence) under its unit's rule: 404 out of scope, 403 for a reader."""
    from criteria.models import Assessment

    assessment = (Assessment.objects.select_related("criteria_set", "unit__parent", "district", "created_by",
                                                    "reviewed_by").filter(pk=pk).first())
    if assessment is None:
        raise Http404
    scope = scope_of(user)
    readable, writable = unit_rights(scope, assessment.unit)
    if not readable:
        raise Http404
    if write and not writable:
        raise PermissionDenied
    if review and not scope.can_coordinate(assessment.district_id):
        raise PermissionDenied
    return assessment


def criteria_set_for(user, pk):
    from criteria.models import CriteriaSet

    if scope_of(user).is_empty:
        raise Http404
    criteria_set = CriteriaSet.objects.filter(pk=pk).first()
    if criteria_set is None:
        raise Http404
    return criteria_set


# --- the document library -------------------------------------------------------------------------

def _library_unit_ids(scope: Scope) -> frozenset[int]:
    """The units a user belongs to for the library's "limited to units": the coordinating units they
    read as a whole and the communes they file for or follow."""
    return scope.district_ids | scope.officer_commune_ids | scope.monitored_commune_ids


def library_filter(user) -> Q:
    """A Q() over library.Document: what the user may see. Public documents: every user of the
    portal with a role; limited ones: the owner's people (and, for a commune's library, the unit
    that coordinates it) and the units named on the document."""
    scope = scope_of(user)
    if scope.is_empty:
        return Q(pk__in=[])
    from library.models import Document, Visibility

    units = _library_unit_ids(scope)
    named = Document.visible_to.through.objects.filter(document_id=OuterRef("pk"), administrativeunit_id__in=units)
    return (Q(visibility=Visibility.PUBLIC) | Q(owner_id__in=units) | Q(owner__parent_id__in=scope.district_ids)
            | Q(Exists(named)))


def can_manage_library(scope: Scope, owner_id: int) -> bool:
    """Add, version and describe documents of a unit's library: its coordinators, or the officers
    of a commune for the commune's own library."""
    return owner_id in scope.coordinated_district_ids or owner_id in scope.officer_commune_ids


def library_document_for(user, pk, *, manage: bool = False):
    """A library document the user may see (404 otherwise); 403 if `manage` and they may only read."""
    from library.models import Document

    document = (Document.objects.filter(library_filter(user), pk=pk)
                .select_related("owner", "issuing_unit", "created_by", "rollup").first())
    if document is None:
        raise Http404
    if manage and not can_manage_library(scope_of(user), document.owner_id):
        raise PermissionDenied
    return document


def library_owner_for(user):
    """The unit whose library a new document goes to: the coordinating unit the user coordinates,
    else the commune they file for; 403 for a user who only reads."""
    scope = scope_of(user)
    if scope.coordinated_district_ids:
        unit = scope.coordinating_unit
        if unit is not None and unit.pk in scope.coordinated_district_ids:
            return unit
        return AdministrativeUnit.objects.filter(pk__in=scope.coordinated_district_ids).order_by("pk").first()
    if scope.officer_commune_ids:
        return Commune.objects.filter(pk__in=scope.officer_commune_ids).order_by("pk").first()
    raise PermissionDenied
# --- recognition: reviews (sơ kết, tổng kết) and commendations -----------------------------------

def review_unit_ids(scope: Scope) -> set[int]:
    """The coordinating units whose reviews a user reads: those read as a whole, and the units above the
    communes an officer files for or a monitor follows, and above the agencies a focal point speaks for
    (two queries at most)."""
    ids = set(scope.district_ids)
    communes = scope.officer_commune_ids | scope.monitored_commune_ids
    if communes:
        for pk, parent, grandparent in Commune.objects.filter(pk__in=communes).values_list(
                "pk", "parent_id", "parent__parent_id"):
            ids |= {pk, parent, grandparent} - {None}
    if scope.agency_ids:
        ids |= set(Agency.objects.filter(pk__in=scope.agency_ids).values_list("owner_id", flat=True))
    return ids


def reads_review(scope: Scope, review) -> bool:
    """The coordinating unit reads its reviews; its communes (officers, monitors) and agencies read them too."""
    return review.district_id in review_unit_ids(scope)


def review_for(user, pk, *, coordinate: bool = False):
    """A review the user reads (404 otherwise); 403 if `coordinate` is asked of someone not in its office."""
    from recognition.models import Review

    review = Review.objects.select_related("district").filter(pk=pk).first()
    scope = scope_of(user)
    if review is None or not reads_review(scope, review):
        raise Http404
    if coordinate and not scope.can_coordinate(review.district_id):
        raise PermissionDenied
    return review


def _reads_unit_report(scope: Scope, commune, agency) -> bool:
    if commune is not None:
        return scope.can_read_commune_work(commune)
    return agency.pk in scope.agency_ids or agency.owner_id in scope.district_ids


def _writes_unit_report(scope: Scope, commune, agency) -> bool:
    if commune is not None:
        return scope.can_write_commune(commune)
    return agency.pk in scope.agency_ids


def review_report_for(user, pk, *, write: bool = False, coordinate: bool = False):
    """A unit's review report: read by its unit and the district (404 for others); written by the unit's own
    officer or focal point, accepted or returned by the coordinator (403 for other readers)."""
    from recognition.models import ReviewReport

    report = (ReviewReport.objects.select_related("review__district", "commune__parent", "agency")
              .filter(pk=pk).first())
    if report is None:
        raise Http404
    scope = scope_of(user)
    if not _reads_unit_report(scope, report.commune, report.agency):
        raise Http404
    if write and not _writes_unit_report(scope, report.commune, report.agency):
        raise PermissionDenied
    if coordinate and not scope.can_coordinate(report.review.district_id):
        raise PermissionDenied
    return report


def commendation_for(user, pk, *, write: bool = False):
    """A commendation proposal: read by the district and by the unit that proposes it (404 for others);
    moved on (short-list, sending to the council) by that unit's own officer or focal point (403)."""
    from recognition.models import Commendation

    commendation = (Commendation.objects.select_related(
        "review__district", "proposer_commune__parent", "proposer_agency", "village__parent", "commune", "agency",
        "decision").filter(pk=pk).first())
    if commendation is None:
        raise Http404
    scope = scope_of(user)
    in_district = commendation.review.district_id in scope.district_ids
    if not in_district and not _reads_unit_report(scope, commendation.proposer_commune, commendation.proposer_agency):
        raise Http404
    if write and not _writes_unit_report(scope, commendation.proposer_commune, commendation.proposer_agency):
        raise PermissionDenied
    return commendation


def commendations_visible_q(scope: Scope, review) -> Q:
    """The proposals of a review a user lists: all for the district, else those of the user's own units."""
    if review.district_id in scope.district_ids:
        return Q()
    communes = scope.officer_commune_ids | scope.monitored_commune_ids
    return Q(proposer_commune_id__in=communes) | Q(proposer_agency_id__in=scope.agency_ids)


def proposing_unit_for(user, review):
    """(commune, agency) the user proposes for in a review: their own commune or agency; 403 for others."""
    scope = scope_of(user)
    if scope.officer_commune_ids:
        commune = (Commune.objects.select_related("parent").filter(pk__in=scope.officer_commune_ids)
                   .filter(coordinated_communes_q(review.district)).order_by("pk").first())
        if commune is not None:
            return commune, None
    if scope.agency_ids:
        agency = Agency.objects.filter(pk__in=scope.agency_ids, owner_id=review.district_id).order_by("pk").first()
        if agency is not None:
            return None, agency
    raise PermissionDenied


def review_commune_for(user, review, commune_id):
    """A commune of the review whose public short-list the user reads (the commune's work rule): 404 otherwise."""
    commune = commune_work_for(user, commune_id)
    if not Commune.objects.filter(pk=commune.pk).filter(coordinated_communes_q(review.district)).exists():
        raise Http404
    return commune
# --- The steering committee's follow-up: directing documents and their tasks ----------------------
# Who reads a task: the coordinating unit it belongs to (coordinator, leader, inspector read all);
# its lead or co-operating agency; the officers and area monitors of its lead or co-operating
# commune. Who reports on it: the coordinator, the lead agency's focal point, the lead commune's
# officers. Who extends a deadline: the coordinator. Everyone else: 404.

def directive_tasks_q(scope: Scope) -> Q:
    """A Q() on directives.Task selecting the tasks this scope reads."""
    from directives.models import Task

    communes = scope.officer_commune_ids | scope.monitored_commune_ids
    helped = Task.co_agencies.through.objects.filter(agency_id__in=scope.agency_ids).values("task_id")
    co_communes = Task.co_communes.through.objects.filter(administrativeunit_id__in=communes).values("task_id")
    q = Q(owner_id__in=scope.district_ids) | Q(lead_agency_id__in=scope.agency_ids) | Q(lead_commune_id__in=communes)
    if scope.agency_ids:
        q |= Q(pk__in=helped)
    if communes:
        q |= Q(pk__in=co_communes)
    return q


def may_report_on_task(scope: Scope, task) -> bool:
    return (task.owner_id in scope.coordinated_district_ids
            or (task.lead_agency_id is not None and task.lead_agency_id in scope.agency_ids)
            or (task.lead_commune_id is not None and task.lead_commune_id in scope.officer_commune_ids))


def directive_task_for(user, pk, *, report: bool = False):
    """A task the user reads (404 otherwise); 403 if `report` is asked and they may not report on it."""
    from directives.models import Task

    scope = scope_of(user)
    task = (Task.objects.filter(directive_tasks_q(scope), pk=pk)
            .select_related("document", "owner", "lead_agency", "lead_commune__parent").first())
    if task is None:
        raise Http404
    if report and not may_report_on_task(scope, task):
        raise PermissionDenied
    return task


def directive_deadline_for(user, pk, *, report: bool = False, extend: bool = False):
    """A task's deadline under the task's rule; `extend`: the coordinator of the task's unit only (403)."""
    from directives.models import TaskDeadline

    deadline = TaskDeadline.objects.filter(pk=pk).only("pk", "task_id").first()
    if deadline is None:
        raise Http404
    task = directive_task_for(user, deadline.task_id, report=report)
    if extend and not scope_of(user).can_coordinate(task.owner_id):
        raise PermissionDenied
    deadline = TaskDeadline.objects.get(pk=pk)
    deadline.task = task
    return deadline


def library_document_tasks(user, document) -> tuple[list, bool]:
    """(the tasks of a library document the user reads, whether they may open it as a directing
    document) — the directive page's rule (directive_document_for), without a second query for it."""
    from directives.models import Task

    scope = scope_of(user)
    tasks = list(Task.objects.filter(directive_tasks_q(scope), document_id=document.pk)
                 .select_related("lead_agency", "lead_commune").order_by("position", "id"))
    if tasks:
        return tasks, True
    is_directive = document.owner_id in scope.district_ids and Task.objects.filter(document_id=document.pk).exists()
    return tasks, is_directive


def directive_document_for(user, pk):
    """A directing document (library.Document with tasks): its unit's office, leader and inspector, or
    whoever reads one of its tasks; 404 for everyone else."""
    from directives.models import Task
    from library.models import Document

    scope = scope_of(user)
    document = Document.objects.filter(pk=pk, directive_tasks__isnull=False).distinct().first()
    if document is None:
        raise Http404
    if document.owner_id in scope.district_ids:
        return document
    if not Task.objects.filter(directive_tasks_q(scope), document_id=document.pk).exists():
        raise Http404
    return document


def progress_file_for(user, pk):
    """A file attached to a progress report: read by whoever reads the task."""
    from directives.models import ProgressFile

    attached = ProgressFile.objects.filter(pk=pk).select_related("report__deadline").first()
    if attached is None:
        raise Http404
    directive_task_for(user, attached.report.deadline.task_id)
    return attached


def directives_board_unit(user):
    """The coordinating unit whose board of tasks the user reads (coordinator, leader, inspector); 403 otherwise."""
    scope = scope_of(user)
    if not scope.district_ids:
        raise PermissionDenied
    return scope.coordinating_unit
# --- the API (api/) ----------------------------------------------------------------------------------

def programme_owner_ids(user) -> set[int]:
    """Units whose programmes (action days) the user follows: the units read as a whole, and for a
    commune's officer, monitor or agency the commune and the units above it."""
    scope = scope_of(user)
    owners = set(scope.district_ids)
    commune_ids = scope.officer_commune_ids | scope.monitored_commune_ids | scope.agency_commune_ids
    for commune in Commune.objects.select_related("parent").filter(pk__in=commune_ids):
        owners.update(self_and_ancestor_ids(commune))
    return owners


def exchange_unit_for(user, unit_id: int | None = None):
    """The coordinating unit whose received exchange values (DHIS2 imports) the user reads: the readers of
    its roll-ups (coordinator, leader, inspector of the unit; their own unit if not given). 403 without such
    a role, 404 for a unit out of scope."""
    from reporting.selectors import rollup_district_for

    return rollup_district_for(user, unit_id)


def api_token_for(user, pk):
    """One of the user's own API tokens: 404 for anyone else's."""
    from api.models import ApiToken

    token = ApiToken.objects.filter(pk=pk, user=user).first() if user.is_authenticated else None
    if token is None:
        raise Http404
    return token


# --- recognition: model residential areas and village funds ----------------------------------------

def reads_commune_work(user) -> Scope:
    """The scope of a user who reads some communes' work (district, commune officer, area monitor): 403
    for everyone else (an agency's focal point included)."""
    scope = scope_of(user)
    if not (scope.district_ids or scope.officer_commune_ids or scope.monitored_commune_ids):
        raise PermissionDenied
    return scope


def area_case_for(user, pk, *, write: bool = False, manage: bool = False):
    """A model-area case under its commune's work rule: 404 out of scope; 403 if `write` (the commune's
    steps: its officers) or `manage` (the decision and the re-check: its officers or the coordinator)
    is asked of someone who may only read."""
    from recognition.models import ModelAreaCase

    case = (ModelAreaCase.objects.select_related("village", "commune__parent", "criteria_set", "self_assessment",
                                                 "created_by").filter(pk=pk).first())
    if case is None:
        raise Http404
    scope = scope_of(user)
    if not scope.can_read_commune_work(case.commune):
        raise Http404
    if write and not scope.can_write_commune(case.commune):
        raise PermissionDenied
    if manage and not scope.can_manage_commune(case.commune):
        raise PermissionDenied
    return case


def village_fund_for(user, pk, *, write: bool = False):
    """(village, commune) of a village's fund ledger: 404 out of the commune's work scope; 403 for a reader
    if `write` — only the commune's own officers keep its villages' ledgers."""
    village, commune = village_work_for(user, pk)
    if write and not scope_of(user).can_write_commune(commune):
        raise PermissionDenied
    return village, commune


def fund_entry_for(user, pk, *, write: bool = False):
    """A ledger entry (and its receipt photo) under its village's ledger rule."""
    from recognition.models import FundEntry

    entry = FundEntry.objects.select_related("village", "commune__parent").filter(pk=pk).first()
    if entry is None:
        raise Http404
    scope = scope_of(user)
    if not scope.can_read_commune_work(entry.commune):
        raise Http404
    if write and not scope.can_write_commune(entry.commune):
        raise PermissionDenied
    return entry
