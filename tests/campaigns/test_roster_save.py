"""Saving a roster: on time / late with the time / sent nobody / missing, conflicts, audit after the deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import ActionDay, Roster, RosterEntry, RosterStatus
from campaigns.selectors.rosters import roster_entries_for_village, roster_status_rows
from campaigns.services.rosters import EntryLine, RosterConflict, roster_entries_assign_villages, roster_save
from directory.models import Village
from ntm_portal.models import AuditEntry
from tests.factories import AgencyFactory, AssignmentFactory

from .conftest import VN

pytestmark = pytest.mark.django_db

BEFORE = datetime.datetime(2025, 3, 12, 23, 58, tzinfo=VN)
AFTER = datetime.datetime(2025, 3, 13, 0, 5, tzinfo=VN)  # still Wednesday 17:05 in UTC


def save(agency, commune, day, people, *, at, actor=None):
    return roster_save(agency=agency, commune=commune, action_day=day, lines=[EntryLine.of(p) for p in people],
                       actor=actor, now=at)


class TestRosterSave:
    def test_before_the_deadline_is_on_time(self, agency, hoa_ninh, action_day, focal_point):
        people = list(agency.staff.all())
        roster = save(agency, hoa_ninh, action_day, people, at=BEFORE, actor=focal_point)
        assert (roster.status, roster.entry_count, roster.is_late) == (RosterStatus.ON_TIME, 3, False)
        entry = roster.entries.get(person=people[0])
        assert (entry.full_name, entry.phone, entry.attendance) == (people[0].full_name, people[0].phone, "unknown")

    def test_after_the_deadline_in_vietnam_time_is_late_and_says_when(self, agency, hoa_ninh, action_day, focal_point):
        roster = save(agency, hoa_ninh, action_day, agency.staff.all()[:1], at=AFTER, actor=focal_point)
        assert roster.status == RosterStatus.LATE
        assert roster.submitted_at == AFTER
        audit = AuditEntry.objects.get(action="roster.submit")
        assert audit.note == "Gửi sau hạn 23:59 12/03/2025, lúc 00:05 13/03/2025."

    def test_change_after_the_deadline_is_audited_and_keeps_first_submission(self, agency, hoa_ninh, action_day, focal_point):
        people = list(agency.staff.all())
        save(agency, hoa_ninh, action_day, people[:2], at=BEFORE, actor=focal_point)
        roster = save(agency, hoa_ninh, action_day, people[1:], at=AFTER, actor=focal_point)
        assert roster.is_late is False and roster.updated_at == AFTER
        audit = AuditEntry.objects.get(action="roster.update")
        assert "Gửi sau hạn" in audit.note
        assert audit.changes["people"] == [sorted(p.full_name for p in people[:2]), sorted(p.full_name for p in people[1:])]
        assert RosterEntry.objects.filter(roster=roster).count() == 2

    def test_people_who_stay_keep_their_village(self, agency, hoa_ninh, action_day, commune_officer):
        people = list(agency.staff.all())
        roster = save(agency, hoa_ninh, action_day, people[:2], at=BEFORE)
        village = Village.objects.filter(parent=hoa_ninh).first()
        entry = roster.entries.get(person=people[0])
        roster_entries_assign_villages(commune=hoa_ninh, action_day=action_day, assignments={entry.pk: village.pk},
                                       actor=commune_officer)
        save(agency, hoa_ninh, action_day, [people[0], people[2]], at=BEFORE)
        assert RosterEntry.objects.get(person=people[0], action_day=action_day).village == village
        assert list(roster_entries_for_village(action_day=action_day, village=village)) == [
            RosterEntry.objects.get(person=people[0])]

    def test_people_already_called_present_or_absent_cannot_be_removed(self, agency, hoa_ninh, action_day):
        people = list(agency.staff.all())
        roster = save(agency, hoa_ninh, action_day, people, at=BEFORE)
        roster.entries.filter(person=people[0]).update(attendance="absent", absence_reason="Ốm")
        with pytest.raises(ValidationError, match="xã đã điểm danh"):
            save(agency, hoa_ninh, action_day, people[1:], at=AFTER)
        assert roster.entries.count() == 3
        save(agency, hoa_ninh, action_day, people[:2], at=AFTER)  # the one not yet called may go
        assert sorted(roster.entries.values_list("person_id", flat=True)) == sorted(p.pk for p in people[:2])

    def test_zero_people_is_sent_nobody(self, agency, hoa_ninh, action_day):
        assert save(agency, hoa_ninh, action_day, [], at=BEFORE).status == RosterStatus.SENT_NOBODY

    def test_person_on_another_roster_that_day(self, agency, hoa_ninh, gia_bac, action_day):
        AssignmentFactory(agency=agency, commune=gia_bac, valid_from=datetime.date(2023, 1, 1))
        person = agency.staff.first()
        save(agency, gia_bac, action_day, [person], at=BEFORE)
        with pytest.raises(RosterConflict, match="đã có trong danh sách gửi Xã Gia Bắc"):
            save(agency, hoa_ninh, action_day, [person], at=BEFORE)
        assert not Roster.objects.filter(commune=hoa_ninh).exists()

    def test_cancelled_day_and_unassigned_commune_are_refused(self, agency, hoa_ninh, gia_bac, action_day):
        with pytest.raises(ValidationError, match="không được phân công về Xã Gia Bắc"):
            save(agency, gia_bac, action_day, [], at=BEFORE)
        ActionDay.objects.filter(pk=action_day.pk).update(status="cancelled", cancel_reason="Bão")
        action_day.refresh_from_db()
        with pytest.raises(ValidationError, match="đã tạm hoãn"):
            save(agency, hoa_ninh, action_day, [], at=BEFORE)

    def test_someone_elses_staff_is_refused(self, agency, other_agency, hoa_ninh, action_day):
        with pytest.raises(ValidationError):
            save(agency, hoa_ninh, action_day, [other_agency.staff.first()], at=BEFORE)

    def test_village_of_another_commune_is_refused(self, agency, hoa_ninh, gia_bac, action_day, commune_officer):
        roster = save(agency, hoa_ninh, action_day, agency.staff.all()[:1], at=BEFORE)
        foreign = Village.objects.filter(parent=gia_bac).first()
        with pytest.raises(ValidationError):
            roster_entries_assign_villages(commune=hoa_ninh, action_day=action_day,
                                           assignments={roster.entries.get().pk: foreign.pk}, actor=commune_officer)


class TestStatusRows:
    def test_four_statuses_per_agency_commune_day(self, district, hoa_ninh, action_day, agency):
        late, nobody, missing = (AgencyFactory(owner=district, name=n) for n in ("Điện lực Di Linh", "Chi cục Thuế", "Kho bạc"))
        for a in (late, nobody, missing):
            AssignmentFactory(agency=a, commune=hoa_ninh, valid_from=datetime.date(2023, 1, 1))
        from tests.factories import PersonFactory

        save(agency, hoa_ninh, action_day, agency.staff.all(), at=BEFORE)
        save(late, hoa_ninh, action_day, [PersonFactory(agency=late)], at=AFTER)
        save(nobody, hoa_ninh, action_day, [], at=BEFORE)
        rows = roster_status_rows(action_days=[action_day], commune_ids=[hoa_ninh.pk])
        assert {r.agency.name: r.status for r in rows} == {
            agency.name: "on_time", "Điện lực Di Linh": "late", "Chi cục Thuế": "sent_nobody", "Kho bạc": "missing"}

    def test_ended_assignment_is_not_expected(self, agency, hoa_ninh, action_day):
        agency.assignments.update(valid_to=datetime.date(2025, 3, 1))
        assert roster_status_rows(action_days=[action_day], commune_ids=[hoa_ninh.pk]) == []
