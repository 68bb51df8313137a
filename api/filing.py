"""Rosters and day reports sent through the API: the same services as the pages, nothing else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.models import Roster, VillageResult
from campaigns.services import reports as report_services
from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person


def roster_file(*, agency, commune, action_day, people: list[dict], actor) -> Roster:
    """Replace the agency's roster (tick from the staff list, as the page does)."""
    ids = [line["person_id"] for line in people]
    persons = Person.objects.in_bulk([i for i in ids])
    errors = {}
    for index, line in enumerate(people):
        person = persons.get(line["person_id"])
        if person is None or person.agency_id != agency.pk:
            errors[f"people[{index}].person_id"] = _("Cán bộ %(id)s không thuộc %(agency)s.") % {
                "id": line["person_id"], "agency": agency.name}
        elif not person.is_active:
            errors[f"people[{index}].person_id"] = _("%(name)s không còn công tác.") % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    lines = [EntryLine.of(persons[line["person_id"]], note=line.get("note", "")) for line in people]
    return roster_save(agency=agency, commune=commune, action_day=action_day, lines=lines, actor=actor,
                       source=Roster.Source.STAFF_LIST)


FIGURE_NAMES = ["residents", "households", "commune_staff", "teachers", "students", "waste_kg", "waste_m3",
                "remarks", "proposal_text"]


def day_report_file(*, commune, action_day, data: dict, actor, token: str = ""):
    """Save the villages' figures sent (each village sent is replaced whole, as the page's form does;
    villages not sent stay as they are; the general remarks change only when sent), then submit if asked.

    Returns the report. Raises ValidationError (figures, missing villages, reason), NeedsConfirmation,
    ReportChangedMeanwhile and ReportAlreadySubmitted as the page's services do.
    """
    seen = set()
    for index, village in enumerate(data["villages"]):
        if village["village_id"] in seen:
            raise ValidationError({f"villages[{index}].village_id": _("Thôn được gửi hai lần.")})
        seen.add(village["village_id"])
    report = report_services.day_report_open(commune=commune, action_day=action_day, actor=actor)
    known = set(VillageResult.objects.filter(report=report).values_list("village_id", flat=True))
    for index, village in enumerate(data["villages"]):
        if village["village_id"] not in known:
            raise ValidationError({f"villages[{index}].village_id": _("Thôn không thuộc báo cáo này.")})
    villages = {v["village_id"]: report_services.VillageFigures(**{k: v.get(k) if k not in ("remarks", "proposal_text")
                                                                  else v.get(k) or "" for k in FIGURE_NAMES})
                for v in data["villages"]}
    if villages or data.get("remarks") is not None or not data.get("submit"):
        report = report_services.day_report_save(
            report=report, actor=actor, villages=villages, attendance={}, remarks=data.get("remarks"),
            change_reason=data.get("change_reason", ""), confirmed=data.get("confirm_large", False))
    if data.get("submit") and not report.is_filed:
        report = report_services.day_report_submit(report=report, actor=actor, token=token)
    return report
