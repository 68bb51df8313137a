"""Writes of rosters: save (tick, upload or by hand all end here), village assignment, reminders."""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Agency, Membership, Person, Role
from ntm_portal.audit import audit_record
from ntm_portal.notices import notice_send

from ..models import ActionDay, Attendance, Roster, RosterEntry, RosterReminder
from ..selectors.rosters import assigned_agencies, is_assigned


@dataclasses.dataclass
class EntryLine:
    """What the agency says about one person this week (snapshot kept on the entry)."""

    person: Person
    position: str = ""
    phone: str = ""
    is_party_member: bool = False
    note: str = ""

    @classmethod
    def of(cls, person: Person, note: str = "") -> EntryLine:
        return cls(person=person, position=person.position, phone=person.phone,
                   is_party_member=person.is_party_member, note=note)


class RosterConflict(ValidationError):
    """People already on another roster of the same action day."""


def _fmt(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def check_can_send(*, agency: Agency, commune, action_day: ActionDay) -> None:
    if action_day.status == ActionDay.Status.CANCELLED:
        raise ValidationError(
            _("Ngày ra quân %(date)s đã tạm hoãn (%(reason)s): không nhận danh sách.")
            % {"date": f"{action_day.date:%d/%m/%Y}", "reason": action_day.cancel_reason}, code="cancelled")
    if not is_assigned(agency=agency, commune=commune, on=action_day.date):
        raise ValidationError(
            _("%(agency)s không được phân công về %(commune)s vào ngày %(date)s.")
            % {"agency": agency, "commune": commune, "date": f"{action_day.date:%d/%m/%Y}"}, code="not_assigned")


def conflicts_for(*, person_ids, action_day: ActionDay, roster: Roster | None) -> dict[int, RosterEntry]:
    """Entries of the same day on another roster, by person id (1 query)."""
    qs = RosterEntry.objects.filter(action_day=action_day, person_id__in=list(person_ids)).select_related("roster__commune")
    if roster is not None:
        qs = qs.exclude(roster=roster)
    return {e.person_id: e for e in qs}


def conflict_message(entry: RosterEntry) -> str:
    return _("%(name)s đã có trong danh sách gửi %(commune)s cùng ngày ra quân.") % {
        "name": entry.full_name, "commune": entry.roster.commune}


@transaction.atomic
def roster_save(
    *, agency: Agency, commune, action_day: ActionDay, lines: list[EntryLine], actor,
    source: str = Roster.Source.STAFF_LIST, upload_digest: str = "", now: datetime.datetime | None = None,
) -> Roster:
    """Replace the agency's roster for one commune and day with `lines` (zero lines = sends nobody).

    People who stay keep their village and attendance; late is accepted and marked late with
    the time; a change after the deadline says so in the audit trail.
    """
    check_can_send(agency=agency, commune=commune, action_day=action_day)
    now = now or timezone.now()
    by_person: dict[int, EntryLine] = {}
    for line in lines:
        if line.person.agency_id != agency.pk:
            raise ValidationError(_("%(name)s không thuộc %(agency)s.") % {"name": line.person, "agency": agency})
        by_person.setdefault(line.person.pk, line)
    deadline = action_day.roster_deadline
    late_now = now > deadline
    roster, created = Roster.objects.select_for_update().get_or_create(
        agency=agency, commune=commune, action_day=action_day,
        defaults={"submitted_at": now, "submitted_by": actor if getattr(actor, "pk", None) else None,
                  "is_late": late_now, "updated_at": now, "source": source, "upload_digest": upload_digest},
    )
    conflicts = conflicts_for(person_ids=by_person, action_day=action_day, roster=roster)
    if conflicts:
        raise RosterConflict([conflict_message(e) for e in conflicts.values()], code="conflict")

    existing = {e.person_id: e for e in roster.entries.all()}
    before = sorted(e.full_name for e in existing.values())
    removed = [e for pid, e in existing.items() if pid not in by_person]
    recorded = [e.full_name for e in removed if e.attendance != Attendance.UNKNOWN]
    if recorded:
        # The commune's roll call is a record of who came; the agency cannot erase it.
        raise ValidationError(_("Không thể bỏ %(names)s khỏi danh sách: xã đã điểm danh người này.")
                              % {"names": ", ".join(recorded)}, code="attendance_recorded")
    removed = [e.pk for e in removed]
    RosterEntry.objects.filter(pk__in=removed).delete()
    to_update, to_create = [], []
    for pid, line in by_person.items():
        fields = {"full_name": line.person.full_name, "position": line.position[:120], "phone": line.phone,
                  "is_party_member": line.is_party_member, "note": line.note[:300]}
        entry = existing.get(pid)
        if entry is None:
            to_create.append(RosterEntry(roster=roster, action_day=action_day, person=line.person, **fields))
        elif any(getattr(entry, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(entry, k, v)
            to_update.append(entry)
    try:
        with transaction.atomic():
            RosterEntry.objects.bulk_create(to_create, batch_size=500)
    except IntegrityError:
        # Another roster took one of these people between our check and the insert.
        conflicts = conflicts_for(person_ids=by_person, action_day=action_day, roster=roster)
        raise RosterConflict([conflict_message(e) for e in conflicts.values()] or [_("Trùng người.")],
                             code="conflict") from None
    if to_update:
        RosterEntry.objects.bulk_update(to_update, ["full_name", "position", "phone", "is_party_member", "note"],
                                        batch_size=500)
    roster.entry_count = len(by_person)
    roster.updated_at = now
    roster.source = source
    if upload_digest:
        roster.upload_digest = upload_digest
    roster.save(update_fields=["entry_count", "updated_at", "source", "upload_digest"])

    after = sorted(line.person.full_name for line in by_person.values())
    note = ""
    if late_now:
        note = _("Gửi sau hạn %(deadline)s, lúc %(at)s.") % {"deadline": _fmt(deadline), "at": _fmt(now)}
    audit_record(
        actor=actor, action="roster.submit" if created else "roster.update", target=roster,
        before=None if created else {"people": before, "count": len(before)},
        after={"people": after, "count": len(after), "source": source, "is_late": roster.is_late},
        unit=agency.owner, note=note,
    )
    return roster


@transaction.atomic
def roster_entries_assign_villages(*, commune, action_day: ActionDay, assignments: dict[int, int | None], actor) -> int:
    """The commune places people in villages: {entry id: village id or None}. Returns rows changed."""
    entries = {e.pk: e for e in RosterEntry.objects.select_for_update().filter(
        roster__commune=commune, action_day=action_day, pk__in=list(assignments))}
    village_ids = {v for v in assignments.values() if v}
    valid = set(commune.children.filter(pk__in=village_ids, level="village").values_list("pk", flat=True))
    if village_ids - valid:
        raise ValidationError(_("Thôn, tổ dân phố không thuộc %(commune)s.") % {"commune": commune})
    changed = []
    for entry_id, village_id in assignments.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise ValidationError(_("Người tham gia không có trong danh sách gửi xã."))
        if entry.village_id != village_id:
            changed.append((entry, entry.village_id))
            entry.village_id = village_id
    if changed:
        RosterEntry.objects.bulk_update([e for e, _old in changed], ["village"])
        audit_record(actor=actor, action="roster_entry.assign_village", target=commune,
                     before={str(e.pk): old for e, old in changed},
                     after={str(e.pk): e.village_id for e, _old in changed},
                     unit=commune.parent, note=f"{action_day.date:%d/%m/%Y}")
    return len(changed)


# --- reminders ---------------------------------------------------------------------------------

REMINDER_WINDOW = datetime.timedelta(days=7)


def _focal_points(agency_ids) -> dict[int, list]:
    users: dict[int, list] = {}
    for m in Membership.objects.filter(role=Role.AGENCY_FOCAL_POINT, agency_id__in=list(agency_ids),
                                       user__is_active=True).select_related("user"):
        users.setdefault(m.agency_id, []).append(m.user)
    return users


def _unit_users(role: str, unit_ids) -> dict[int, list]:
    users: dict[int, list] = {}
    for m in Membership.objects.filter(role=role, unit_id__in=list(unit_ids), user__is_active=True).select_related("user"):
        users.setdefault(m.unit_id, []).append(m.user)
    return users


def _claim(*, key: str, kind: str, action_day: ActionDay, recipients: int, agency=None, unit=None) -> bool:
    """Record a reminder as sent; False if it already was (a rerun, or two workers at once)."""
    _reminder, created = RosterReminder.objects.get_or_create(
        key=key, defaults={"kind": kind, "action_day": action_day, "agency": agency, "unit": unit,
                           "recipients": recipients, "sent_at": timezone.now()},
    )
    return created


def _mail(subject: str, template: str, context: dict, users) -> tuple:
    body = render_to_string(template, context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [u.email for u in users if u.email])


@transaction.atomic
def roster_reminders_send(*, action_day: ActionDay, now: datetime.datetime | None = None) -> int:
    """Before the deadline: remind each assigned agency that has not sent every roster. Once each.

    Returns the number of agencies reminded by this run (0 on a rerun).
    """
    now = now or timezone.now()
    deadline = action_day.roster_deadline
    # Only in the week before the deadline: a cancelled Saturday does not pull next week's reminder forward.
    if action_day.status != ActionDay.Status.OPEN or not deadline - REMINDER_WINDOW <= now <= deadline:
        return 0
    district = action_day.programme.owner
    missing: dict[int, list] = {}
    from ..selectors.rosters import roster_status_rows
    for row in roster_status_rows(action_days=[action_day], commune_ids=list(
            district.children.filter(level="commune").values_list("pk", flat=True))):
        if row.roster is None:
            missing.setdefault(row.agency.pk, [row.agency, []])[1].append(row.commune)
    users = _focal_points(missing)
    messages, sent = [], 0
    for agency_id, (agency, communes) in missing.items():
        recipients = users.get(agency_id, [])
        key = f"roster-before:{action_day.pk}:agency:{agency_id}"
        if not _claim(key=key, kind=RosterReminder.Kind.AGENCY_BEFORE_DEADLINE, action_day=action_day,
                      agency=agency, recipients=len(recipients)):
            continue
        sent += 1
        title = _("Nhắc gửi danh sách tham gia ngày %(date)s") % {"date": f"{action_day.date:%d/%m/%Y}"}
        url = reverse("campaigns:agency_rosters", args=[agency_id])
        context = {"agency": agency, "communes": communes, "action_day": action_day,
                   "deadline": action_day.roster_deadline, "url": url}
        notice_send(users=recipients, title=title, url=url, dedupe_key=key,
                    body=_("Chưa gửi danh sách cho: %(communes)s. Hạn: %(deadline)s.")
                    % {"communes": ", ".join(str(c) for c in communes), "deadline": _fmt(action_day.roster_deadline)})
        mail = _mail(title, "emails/roster_reminder.txt", context, [*recipients, agency])
        if mail[3]:
            messages.append(mail)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    if sent:
        audit_record(actor=None, action="roster.remind", target=action_day, unit=district,
                     note=_("Nhắc %(n)s cơ quan, đơn vị.") % {"n": sent})
    return sent


@transaction.atomic
def roster_missing_lists_send(*, action_day: ActionDay, now: datetime.datetime | None = None) -> int:
    """After the deadline: the coordinator and each commune get the list of rosters still missing. Once each.

    Returns the number of lists sent by this run (0 on a rerun).
    """
    now = now or timezone.now()
    if action_day.status != ActionDay.Status.OPEN or now <= action_day.roster_deadline:
        return 0
    district = action_day.programme.owner
    commune_ids = list(district.children.filter(level="commune").values_list("pk", flat=True))
    from ..selectors.rosters import roster_status_rows
    rows = [r for r in roster_status_rows(action_days=[action_day], commune_ids=commune_ids) if r.roster is None]
    by_commune: dict[int, list] = {}
    for row in rows:
        by_commune.setdefault(row.commune.pk, [row.commune, []])[1].append(row.agency)
    officers = _unit_users(Role.COMMUNE_OFFICER, by_commune)
    coordinators = _unit_users(Role.COORDINATOR, [district.pk]).get(district.pk, [])
    title = _("Danh sách cơ quan, đơn vị chưa gửi danh sách ngày %(date)s") % {"date": f"{action_day.date:%d/%m/%Y}"}
    messages, sent = [], 0
    targets = [(district, coordinators, rows)] + [
        (commune, officers.get(cid, []), [r for r in rows if r.commune.pk == cid])
        for cid, (commune, _agencies) in by_commune.items()
    ]
    for unit, recipients, unit_rows in targets:
        key = f"roster-missing:{action_day.pk}:unit:{unit.pk}"
        if not _claim(key=key, kind=RosterReminder.Kind.MISSING_LIST, action_day=action_day, unit=unit,
                      recipients=len(recipients)):
            continue
        sent += 1
        if unit.pk == district.pk:
            url = reverse("campaigns:roster_overview") + f"?ngay={action_day.pk}"
        else:
            url = reverse("campaigns:commune_rosters", args=[unit.pk, action_day.pk])
        lines = [f"{r.agency} → {r.commune}" for r in unit_rows]
        notice_send(users=recipients, title=title, url=url, dedupe_key=key,
                    body="\n".join(lines) or _("Tất cả cơ quan, đơn vị đã gửi danh sách."))
        mail = _mail(title, "emails/roster_missing.txt",
                     {"unit": unit, "rows": unit_rows, "action_day": action_day, "url": url}, recipients)
        if mail[3]:
            messages.append(mail)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    if sent:
        audit_record(actor=None, action="roster.missing_list", target=action_day, unit=district,
                     note=_("Gửi %(n)s danh sách đơn vị chưa gửi.") % {"n": sent})
    return sent


def agencies_without_roster(*, commune, action_day: ActionDay):
    received = Roster.objects.filter(commune=commune, action_day=action_day).values("agency_id")
    return assigned_agencies(commune=commune, on=action_day.date).exclude(pk__in=received)
