"""Writes to the directory. Each is atomic and leaves an audit row."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record, snapshot
from ntm_portal.text import fold, normalise_name

from .models import AdministrativeUnit, Agency, Assignment, DocumentIssuer, HouseholdCount, Person, UnitLevel

PHONE_CLEAN = re.compile(r"[\s.\-()]")


def normalise_phone(raw: str) -> str:
    """A Vietnamese phone number in its 10/11-digit national form, or "" for none.

    Accepts spaces, dots and dashes, and the +84 / 84 prefixes. Raises ValidationError for
    anything that is not a Vietnamese number.
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    digits = PHONE_CLEAN.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) == 9:
        digits = "0" + digits  # Excel drops the leading zero of a number typed as a number
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValidationError(
            _("Số điện thoại “%(value)s” không hợp lệ: cần 10 chữ số, bắt đầu bằng 0."),
            params={"value": raw}, code="phone",
        )
    return digits


def coordinating_unit_of(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The unit that coordinates a unit, chosen by data: the nearest unit, from the unit itself
    upwards, that runs an active programme (a district in the seeds, a province's office or a
    merged commune since 01/07/2025). With no programme on the way up: its district where there is
    one, else its province. A district or province is its own coordinating unit.
    """
    from campaigns.models import Programme

    chain = []
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    owners = set(Programme.objects.filter(owner__in=chain, is_active=True).values_list("owner_id", flat=True))
    for candidate in chain:
        if candidate.pk in owners:
            return candidate
    for candidate in chain:
        if candidate.level in (UnitLevel.DISTRICT, UnitLevel.PROVINCE):
            return candidate
    return None


def district_of(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """Kept for the callers written when every commune had a district: the coordinating unit."""
    return coordinating_unit_of(unit)


@transaction.atomic
def person_create(
    *, agency: Agency, full_name: str, position: str = "", phone: str = "",
    is_party_member: bool = False, actor,
) -> Person:
    full_name = normalise_name(full_name)
    if not full_name:
        raise ValidationError(_("Thiếu họ và tên."), code="required")
    person = Person.objects.create(
        agency=agency, full_name=full_name, name_folded=fold(full_name),
        position=normalise_name(position), phone=normalise_phone(phone),
        is_party_member=is_party_member,
    )
    audit_record(actor=actor, action="person.create", target=person, after=snapshot(person),
                 unit=agency.owner)
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    # Read the stored row (a bound ModelForm has already changed `person` in memory).
    person = Person.objects.select_for_update().select_related("agency").get(pk=person.pk)
    before = snapshot(person)
    if "full_name" in fields:
        fields["full_name"] = normalise_name(fields["full_name"])
        if not fields["full_name"]:
            raise ValidationError(_("Thiếu họ và tên."), code="required")
        fields["name_folded"] = fold(fields["full_name"])
    if "phone" in fields:
        fields["phone"] = normalise_phone(fields["phone"])
    if "position" in fields:
        fields["position"] = normalise_name(fields["position"])
    if not fields:
        return person
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))
    audit_record(actor=actor, action="person.update", target=person, before=before,
                 after=snapshot(person), unit=person.agency.owner)
    return person


@transaction.atomic
def household_count_set(
    *, village: AdministrativeUnit, households: int, as_of: datetime.date, actor, source: str = ""
) -> HouseholdCount:
    """Record the village's households at a date (one figure per date; a new date adds history)."""
    if households < 0:
        raise ValidationError(_("Số hộ dân không được âm."), code="negative")
    existing = HouseholdCount.objects.filter(village=village, as_of=as_of).first()
    before = snapshot(existing) if existing else None
    count, _created = HouseholdCount.objects.update_or_create(
        village=village, as_of=as_of, defaults={"households": households, "source": source}
    )
    audit_record(actor=actor, action="household_count.set", target=village, before=before,
                 after=snapshot(count), unit=district_of(village))
    return count


@transaction.atomic
def assignment_start(
    *, agency: Agency, commune: AdministrativeUnit, valid_from: datetime.date, actor, note: str = ""
) -> Assignment:
    if Assignment.objects.filter(agency=agency, commune=commune, valid_to__isnull=True).exists():
        raise ValidationError(
            _("%(agency)s đang được phân công về %(commune)s.") % {"agency": agency, "commune": commune},
            code="duplicate",
        )
    assignment = Assignment.objects.create(agency=agency, commune=commune, valid_from=valid_from, note=note)
    audit_record(actor=actor, action="assignment.start", target=assignment, after=snapshot(assignment),
                 unit=agency.owner)
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, valid_to: datetime.date, actor, note: str = "") -> Assignment:
    if valid_to < assignment.valid_from:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu phân công."), code="order")
    before = snapshot(assignment)
    updated = Assignment.objects.filter(pk=assignment.pk, valid_to__isnull=True).update(valid_to=valid_to)
    if updated != 1:
        raise ValidationError(_("Phân công này đã kết thúc."), code="closed")
    assignment.refresh_from_db()
    audit_record(actor=actor, action="assignment.end", target=assignment, before=before,
                 after=snapshot(assignment), unit=assignment.agency.owner, note=note)
    return assignment


@transaction.atomic
def assignment_move(
    *, assignment: Assignment, to_commune: AdministrativeUnit, on: datetime.date, actor, note: str = ""
) -> Assignment:
    """Reassign an agency from one commune to another from a date; the old row stays as history."""
    assignment_end(assignment=assignment, valid_to=on - datetime.timedelta(days=1), actor=actor, note=note)
    return assignment_start(agency=assignment.agency, commune=to_commune, valid_from=on, actor=actor, note=note)


def communes_coordinated(unit: AdministrativeUnit):
    """Today's communes of a coordinating unit (itself, for a merged commune that runs its programme)."""
    from .models import Commune, coordinated_communes_q

    return Commune.objects.current().filter(coordinated_communes_q(unit))


@transaction.atomic
def monitor_communes_set(*, user, district: AdministrativeUnit, communes: list[AdministrativeUnit], actor) -> None:
    """Set the communes an area monitor follows in a district (memberships added / removed)."""
    from .models import Membership, Role

    allowed = set(communes_coordinated(district).values_list("pk", flat=True))
    current = Membership.objects.filter(user=user, role=Role.AREA_MONITOR, unit_id__in=allowed)
    before = sorted(current.values_list("unit__name", flat=True))
    wanted = {c.pk for c in communes if c.pk in allowed}
    current.exclude(unit_id__in=wanted).delete()
    have = set(current.values_list("unit_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=user, role=Role.AREA_MONITOR, unit_id=pk) for pk in sorted(wanted - have)]
    )
    after = sorted(c.name for c in communes if c.pk in wanted)
    audit_record(actor=actor, action="area_monitor.set", target=user, unit=district,
                 before={"communes": before}, after={"communes": after})


ISSUER_FIELDS = ["parent_body", "body", "name_in_text", "place", "report_symbol", "plan_symbol", "list_symbol", "signer_authority",
                 "signer_authority_of", "signer_title", "signer_name", "recipients"]


@transaction.atomic
def issuer_save(*, unit: AdministrativeUnit, actor, **values) -> DocumentIssuer:
    """Create or change the issuing data of a unit (what its documents print). Audited."""
    from .models import DocumentIssuer

    unknown = set(values) - set(ISSUER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    issuer = DocumentIssuer.objects.select_for_update().filter(unit=unit).first()
    before = snapshot(issuer) if issuer is not None else None
    if issuer is None:
        from .selectors import issuer_of

        issuer = issuer_of(unit)  # the defaults derived from the unit, then the values given
    for name, value in values.items():
        setattr(issuer, name, " ".join(value.split()) if isinstance(value, str) and name != "recipients"
                else (value or "").strip())
    if issuer.signer_authority and not issuer.signer_authority_of:
        raise ValidationError({"signer_authority_of": _("Ghi tập thể hoặc chức vụ được ký thay mặt, ký thay.")})
    if not issuer.signer_title and not issuer.signer_authority:
        raise ValidationError({"signer_title": _("Ghi chức vụ của người ký.")})
    issuer.full_clean(exclude=["unit"])
    issuer.save()
    audit_record(actor=actor, action="issuer.save", target=issuer, before=_without_stamp(before),
                 after=_without_stamp(snapshot(issuer)),
                 unit=unit if unit.level != "commune" else unit.parent)
    return issuer


def _without_stamp(data: dict | None) -> dict | None:
    return {k: v for k, v in data.items() if k != "updated_at"} if data is not None else None
