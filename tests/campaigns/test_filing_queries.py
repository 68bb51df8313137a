"""The commune officer's Saturday evening at a fixed number of queries (issue 16): the filing page of
the week being filed, the save of its draft, the officer's home — at 1× and at 2× the data (twice the
villages, each with a planned task, roster people and last week's figures)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import (
    ActionDay,
    DayReport,
    Roster,
    RosterEntry,
    Task,
    TaskResult,
    VillageResult,
    WeeklyPlan,
)
from campaigns.services import reports as services
from directory.models import HouseholdCount, Person, Village
from tests.campaigns.conftest import SATURDAY, VN
from tests.campaigns.day_report_fixtures import report_post

SATURDAY_EVENING = datetime.datetime.combine(SATURDAY, datetime.time(19, 30), tzinfo=VN)


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def file_last_week(hoa_ninh, last_week, officer, road_cleaning):
    """Last week's report, filed, with people, households and a task done in each village."""
    report = services.day_report_open(commune=hoa_ninh, action_day=last_week, actor=officer)
    for vr in VillageResult.objects.filter(report=report):
        VillageResult.objects.filter(pk=vr.pk).update(residents=40, households=20, waste_kg=Decimal("12.5"))
        if not TaskResult.objects.filter(village_result=vr).exists():
            TaskResult.objects.create(village_result=vr, task_type=road_cleaning, quantity=Decimal(300))
    DayReport.objects.filter(pk=report.pk).update(status="submitted", first_submitted_at=report.created_at,
                                                  submitted_at=report.created_at)


def grow(hoa_ninh, action_day, agency, road_cleaning, n):
    """n more villages, each with households, a planned task and one roster person placed there."""
    plan, _ = WeeklyPlan.objects.get_or_create(commune=hoa_ninh, action_day=action_day)
    roster = Roster.objects.filter(agency=agency, commune=hoa_ninh, action_day=action_day).first()
    for i in range(n):
        village = Village.objects.create(level="village", kind="thon", name=f"Thôn thêm {i}", parent=hoa_ninh)
        HouseholdCount.objects.create(village=village, as_of="2024-01-01", households=150)
        Task.objects.create(plan=plan, village=village, task_type=road_cleaning, quantity=Decimal(200))
        person = Person.objects.create(agency=agency, full_name=f"Người {i}")
        RosterEntry.objects.create(roster=roster, action_day=action_day, person=person, full_name=person.full_name,
                                   village=village)


def all_villages(hoa_ninh):
    return list(Village.objects.filter(parent=hoa_ninh).order_by("name"))


def draft_post(hoa_ninh, action_day, residents):
    """What the officer sends when saving the draft: figures and the planned task in every village."""
    tasks = {t.village_id: t for t in Task.objects.filter(plan__commune=hoa_ninh, plan__action_day=action_day)}
    figures = {}
    for village in all_villages(hoa_ninh):
        figures[village] = {"residents": residents, "households": 10}
        if village.pk in tasks:
            figures[village][f"task_{tasks[village.pk].pk}"] = "150"
    return report_post(all_villages(hoa_ninh), figures=figures)


@pytest.fixture
def saturday_evening():
    with time_machine.travel(SATURDAY_EVENING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def evening(saturday_evening, login, commune_officer, hoa_ninh, action_day, last_week, villages, planned, roster_entries,
            road_cleaning, agency):
    """The week being filed has a draft; last week's report is filed."""
    file_last_week(hoa_ninh, last_week, commune_officer, road_cleaning)
    client = login(commune_officer)
    assert client.post(edit_url(hoa_ninh, action_day), draft_post(hoa_ninh, action_day, 30)).status_code == 302
    client.get(reverse("home"))  # shows (and forgets) the message of the save
    return client


def double(hoa_ninh, action_day, last_week, agency, road_cleaning, commune_officer):
    grow(hoa_ninh, action_day, agency, road_cleaning, len(all_villages(hoa_ninh)))
    file_last_week(hoa_ninh, last_week, commune_officer, road_cleaning)  # the new villages' last week too


# session, user, memberships (scope: the officer's partner agencies are not asked), commune, action
# day, report, villages (+households), planned tasks, village results, task results, photos, roster
# entries, last week's figures (one query with the previous report as a subquery), task types
FILING_PAGE = 14


def test_filing_page_of_the_draft_at_1x_and_2x(evening, hoa_ninh, action_day, last_week, agency, road_cleaning,
                                               commune_officer, django_assert_num_queries):
    with django_assert_num_queries(FILING_PAGE):
        html = evening.get(edit_url(hoa_ninh, action_day)).content.decode()
    assert "Kế hoạch: 500 m" in html and 'value="30"' in html
    double(hoa_ninh, action_day, last_week, agency, road_cleaning, commune_officer)
    assert evening.post(edit_url(hoa_ninh, action_day), draft_post(hoa_ninh, action_day, 30)).status_code == 302
    evening.get(reverse("home"))
    with django_assert_num_queries(FILING_PAGE):
        html = evening.get(edit_url(hoa_ninh, action_day)).content.decode()
    assert "Thôn thêm 3" in html and "Kế hoạch: 200 m" in html and "Người 3" in html


# The page's reads (session … task types, as above: 14; the page's report is open with every village,
# so it is not opened again); the save (savepoint, report, village results, planned tasks, last
# week's figures, photos, task results — one query for the whole report —, the village results that
# change written at once, the roster people's attendance, the report's time, the report again, the
# coordinating unit (district, province, programmes), the audit entry, release).
DRAFT_SAVE = 30


def test_draft_save_at_1x_and_2x(evening, hoa_ninh, action_day, last_week, agency, road_cleaning, commune_officer,
                                 django_assert_num_queries):
    data = draft_post(hoa_ninh, action_day, 31)
    with django_assert_num_queries(DRAFT_SAVE):
        response = evening.post(edit_url(hoa_ninh, action_day), data)
    assert response.status_code == 302 and response["Location"] == edit_url(hoa_ninh, action_day)
    assert set(VillageResult.objects.filter(report__action_day=action_day).values_list("residents", flat=True)) == {31}
    double(hoa_ninh, action_day, last_week, agency, road_cleaning, commune_officer)
    assert evening.post(edit_url(hoa_ninh, action_day), draft_post(hoa_ninh, action_day, 31)).status_code == 302
    data = draft_post(hoa_ninh, action_day, 32)
    with django_assert_num_queries(DRAFT_SAVE):
        response = evening.post(edit_url(hoa_ninh, action_day), data)
    assert response.status_code == 302
    results = VillageResult.objects.filter(report__action_day=action_day)
    assert results.count() == len(all_villages(hoa_ninh)) and {r.residents for r in results} == {32}
    assert TaskResult.objects.filter(village_result__report__action_day=action_day, task__isnull=False,
                                     quantity=Decimal(150)).count() == Task.objects.filter(
        plan__action_day=action_day).count()


# session, user, memberships (scope), the officer's commune (with district and province), its villages, its assignments, the programme owner, the commune's action days, plans,
# reports, the next action days and their expected rosters (assignments, rosters), the steering
# committee seats, the unread notices
OFFICER_HOME = 15


def test_officer_home_at_1x_and_2x(evening, hoa_ninh, action_day, last_week, programme, agency, road_cleaning,
                                   commune_officer, django_assert_num_queries):
    with django_assert_num_queries(OFFICER_HOME):
        html = evening.get(reverse("home")).content.decode()
    assert 'id="viec-can-lam"' in html
    double(hoa_ninh, action_day, last_week, agency, road_cleaning, commune_officer)
    for weeks in range(2, 6):  # more weeks, some filed
        day = ActionDay.objects.create(programme=programme, date=last_week.date - datetime.timedelta(weeks=weeks))
        if weeks % 2:
            file_last_week(hoa_ninh, day, commune_officer, road_cleaning)
    with django_assert_num_queries(OFFICER_HOME):
        html = evening.get(reverse("home")).content.decode()
    assert reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, last_week.pk]) not in html  # filed


def test_a_draft_of_a_day_cancelled_since_is_not_saved(evening, hoa_ninh, action_day):
    """The save skips opening the report again only when that would change nothing: a day cancelled
    after the draft was made still refuses the save."""
    action_day.status, action_day.cancel_reason = "cancelled", "Mưa bão"
    action_day.save()
    response = evening.post(edit_url(hoa_ninh, action_day), draft_post(hoa_ninh, action_day, 77))
    assert response.status_code == 200
    assert "đã tạm hoãn (Mưa bão): không cần báo cáo kết quả" in response.content.decode()
    assert not VillageResult.objects.filter(report__action_day=action_day, residents=77).exists()


def test_a_village_added_after_the_draft_gets_its_result_on_save(evening, hoa_ninh, action_day):
    village = Village.objects.create(level="village", kind="thon", name="Thôn mới lập", parent=hoa_ninh)
    HouseholdCount.objects.create(village=village, as_of="2024-01-01", households=90)
    response = evening.post(edit_url(hoa_ninh, action_day),
                            report_post(all_villages(hoa_ninh), figures={village: {"residents": 12}}))
    assert response.status_code == 302
    assert VillageResult.objects.get(report__action_day=action_day, village=village).residents == 12
