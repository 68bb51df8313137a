"""Reads of the directory, always through the user's scope, at a fixed number of queries."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.access import Scope
from ntm_portal.collation import vi

from .models import (
    AdministrativeUnit,
    Agency,
    Assignment,
    Commune,
    DocumentIssuer,
    HouseholdCount,
    Person,
    SignerAuthority,
    Village,
    in_sentence,
)


def latest_households(on: datetime.date | None = None) -> Subquery:
    """Subquery: the village's household count in force on a date (latest before it)."""
    counts = HouseholdCount.objects.filter(village=OuterRef("pk"))
    if on is not None:
        counts = counts.filter(as_of__lte=on)
    return Subquery(counts.order_by("-as_of").values("households")[:1])


def villages_of(commune_ids, on: datetime.date | None = None) -> QuerySet[Village]:
    return (
        Village.objects.current(on).filter(parent_id__in=commune_ids)
        .annotate(households=latest_households(on))
        .order_by("parent_id", vi("name"))
    )


@dataclasses.dataclass
class CommuneRow:
    commune: Commune
    villages: list[Village]
    agency_count: int

    @property
    def households(self) -> int:
        return sum(v.households or 0 for v in self.villages)


def commune_rows(scope: Scope) -> list[CommuneRow]:
    """The communes the scope reads, each with its villages (households) and agency count.

    Three queries whatever the number of communes.
    """
    today = timezone.localdate()
    communes = list(
        Commune.objects.current().filter(scope.commune_filter())
        .annotate(agency_count=Count("assignments", filter=Q(assignments__valid_from__lte=today)
                                     & (Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=today))))
        .order_by(vi("name"))
    )
    by_commune: dict[int, list[Village]] = defaultdict(list)
    for village in villages_of([c.pk for c in communes]):
        by_commune[village.parent_id].append(village)
    return [CommuneRow(c, by_commune[c.pk], c.agency_count) for c in communes]


def assignments_of_commune(commune: Commune) -> QuerySet[Assignment]:
    """Every assignment to the commune, current first, with each agency's staff count."""
    return (
        Assignment.objects.filter(commune=commune)
        .select_related("agency")
        .annotate(staff_count=Count("agency__staff", filter=Q(agency__staff__is_active=True)))
        .order_by("valid_to", vi("agency__name"))
    )


def agencies_for(scope: Scope, *, kind: str = "", search: str = "") -> QuerySet[Agency]:
    today = timezone.localdate()
    qs = (
        Agency.objects.filter(scope.agency_filter())
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True))
        .prefetch_related(Prefetch(
            "assignments", queryset=Assignment.objects.open_on(today).select_related("commune"),
            to_attr="current_assignments",
        ))
        .order_by("kind", vi("name"))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        from ntm_portal.text import fold

        folded = fold(search)
        ids = [a.pk for a in Agency.objects.filter(scope.agency_filter()).only("pk", "name") if folded in fold(a.name)]
        qs = qs.filter(pk__in=ids)
    return qs


def staff_of(agency: Agency, *, search: str = "") -> QuerySet[Person]:
    qs = Person.objects.filter(agency=agency).order_by("-is_active", vi("full_name"))
    return qs.search(search) if search else qs


def issuer_of(unit: AdministrativeUnit) -> DocumentIssuer:
    """The unit's issuing data; when none has been entered, defaults derived from the unit itself
    (issued by its People's Committee, signed on its behalf by the chair), not saved."""
    issuer = DocumentIssuer.objects.filter(unit=unit).select_related("unit").first()
    return issuer if issuer is not None else issuer_of_default(unit)


def issuers_for_coordinator(district: AdministrativeUnit) -> list[DocumentIssuer]:
    """The coordinating unit first, then its communes in Vietnamese order; unsaved defaults where none (2 queries)."""
    units = [district, *Commune.objects.current().filter(parent=district).order_by(vi("name"))]
    saved = {i.unit_id: i for i in DocumentIssuer.objects.filter(unit__in=units)}
    return [saved.get(u.pk) or issuer_of_default(u) for u in units]


def issuer_of_default(unit: AdministrativeUnit) -> DocumentIssuer:
    committee = _("ỦY BAN NHÂN DÂN")
    return DocumentIssuer(
        unit=unit, parent_body="", body=f"{committee}|{unit.full_name.upper()}",
        name_in_text=_("UBND %(unit)s") % {"unit": in_sentence(unit.full_name)}, place=unit.name,
        report_symbol="BC-UBND", plan_symbol="KH-UBND", list_symbol="",
        signer_authority=SignerAuthority.ON_BEHALF, signer_authority_of=committee, signer_title=_("CHỦ TỊCH"),
        signer_name="", recipients=_("Lưu: VT."))
