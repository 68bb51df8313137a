"""The roster page for a real agency (1,000+ staff): chosen people first with a count, an accent-insensitive
search, the send button always in reach; the Excel template holds last week's people, not the whole staff."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from campaigns.models import Roster
from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person

pytestmark = pytest.mark.django_db


def edit_url(agency, commune, day, name="roster_edit"):
    return reverse(f"campaigns:{name}", args=[agency.pk, commune.pk, day.pk])


@pytest.fixture
def big_agency(agency):
    # Stored as the directory stores people (services.person_create, the import, the demo): with the
    # folded name the search reads.
    more_staff(agency, 1000)
    Person.objects.create(agency=agency, full_name="Nguyễn Văn An", name_folded="nguyen van an", position="Chuyên viên")
    return agency


def test_copy_last_week_shows_the_chosen_first_with_a_count_and_not_the_whole_staff(
    login, focal_point, big_agency, hoa_ninh, action_day, last_week, frozen_monday
):
    chosen = list(Person.objects.filter(agency=big_agency).order_by("-pk"))[:2]
    roster_save(agency=big_agency, commune=hoa_ninh, action_day=last_week, lines=[EntryLine.of(p) for p in chosen],
                actor=focal_point)
    html = login(focal_point).get(edit_url(big_agency, hoa_ninh, action_day) + "?sao-chep=1").content.decode()
    chosen_part = html.split('id="chosen-list"')[1].split("</fieldset>")[0]
    for person in chosen:
        assert f'value="{person.pk}" id="p{person.pk}" checked' in chosen_part
    assert 'Đã chọn: <span class="chosen-count">2</span> người' in html
    assert 'Gửi danh sách (<span class="chosen-count">2</span> người)' in html
    assert "Cán Bộ Thứ 0500" not in html  # a big staff list is searched, not printed
    assert len(html) < 40_000, len(html)


def test_search_is_accent_insensitive_and_htmx_gets_only_the_results(
    login, focal_point, big_agency, hoa_ninh, action_day, frozen_monday
):
    client = login(focal_point)
    html = client.get(edit_url(big_agency, hoa_ninh, action_day) + "?q=nguyen+van+an").content.decode()
    found = html.split('id="others-list"')[1].split("</fieldset>")[0]
    assert "Nguyễn Văn An" in found and "Cán Bộ Thứ" not in found
    fragment = client.get(edit_url(big_agency, hoa_ninh, action_day) + "?q=NGUYEN", HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="others-list").content.decode()
    assert fragment.lstrip().startswith('<div id="others-list">') and "<html" not in fragment
    assert "Nguyễn Văn An" in fragment


def test_template_holds_last_weeks_people_only(login, focal_point, big_agency, hoa_ninh, action_day, last_week):
    chosen = list(Person.objects.filter(agency=big_agency).order_by("-pk"))[:3]
    roster_save(agency=big_agency, commune=hoa_ninh, action_day=last_week, lines=[EntryLine.of(p) for p in chosen],
                actor=focal_point)
    response = login(focal_point).get(edit_url(big_agency, hoa_ninh, action_day, "roster_template"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
    names = [ws.cell(row=r, column=2).value for r in range(8, 8 + 10) if ws.cell(row=r, column=2).value]
    assert sorted(names) == sorted(p.full_name for p in chosen)


def test_sent_roster_table_shows_phones_to_the_agency_and_not_to_a_leader(
        login, focal_point, leader, agency, hoa_ninh, action_day, frozen_monday):
    person = agency.staff.first()
    Person.objects.filter(pk=person.pk).update(phone="0987654321")
    person.refresh_from_db()
    roster_save(agency=agency, commune=hoa_ninh, action_day=action_day, lines=[EntryLine.of(person)],
                actor=focal_point)
    own = login(focal_point).get(edit_url(agency, hoa_ninh, action_day)).content.decode()
    assert person.full_name in own and "0987654321" in own  # the agency reads its own staff's phones
    other = login(leader).get(edit_url(agency, hoa_ninh, action_day))
    assert other.status_code == 200
    html = other.content.decode()
    assert person.full_name in html and "0987654321" not in html  # ntm_portal.access.can_view_personal_data


# --- issue 16: the staff is searched and cut in the database; twice the staff costs no more queries --------

def more_staff(agency, n, start=0):
    from ntm_portal.text import fold

    people = [Person(agency=agency, full_name=f"Cán Bộ Thứ {i:04d}", name_folded=fold(f"Cán Bộ Thứ {i:04d}"))
              for i in range(start, start + n)]
    return Person.objects.bulk_create(people)


def test_roster_page_queries_do_not_grow_with_a_large_staff(
    login, focal_point, agency, hoa_ninh, action_day, last_week, frozen_monday, django_assert_num_queries
):
    more_staff(agency, 1000)
    chosen = list(Person.objects.filter(agency=agency).order_by("pk"))[:2]
    roster_save(agency=agency, commune=hoa_ninh, action_day=action_day, lines=[EntryLine.of(p) for p in chosen],
                actor=focal_point)
    client = login(focal_point)
    url = edit_url(agency, hoa_ninh, action_day)
    client.get(url)
    # session, user, memberships, assignments (scope), agency, commune, action day, assignment check, roster,
    # previous roster, ticked people, the staff shown (selectors.roster_staff_pick), entries with villages
    for search in ("", "?q=can+bo+thu+05"):
        with django_assert_num_queries(13):
            client.get(url + search)
    more_staff(agency, 1000, start=1000)  # 2× the staff
    for search in ("", "?q=can+bo+thu+05"):
        with django_assert_num_queries(13):
            page = client.get(url + search).content.decode()
    assert "Tìm trong 2.001 cán bộ khác" in page or "Tìm trong 2,001 cán bộ khác" in page
    found = page.split('id="others-list"')[1].split("</fieldset>")[0]
    matches = [i for i in range(2000) if f"{i:04d}".startswith("05")]  # "can bo thu 05…", in the names' order
    assert found.count('type="checkbox"') == 50
    assert f"Cán Bộ Thứ {matches[49]:04d}" in found and f"Cán Bộ Thứ {matches[50]:04d}" not in found
    assert f"Còn {len(matches) - 50} người nữa" in found
    for person in chosen:  # the ticked stay ticked, not among the results
        assert f'value="{person.pk}" id="p{person.pk}" checked' in page


def test_small_agency_sees_its_whole_list_and_a_large_one_a_search_box(
    login, focal_point, agency, hoa_ninh, action_day, frozen_monday
):
    client = login(focal_point)
    url = edit_url(agency, hoa_ninh, action_day)
    names = list(agency.staff.values_list("full_name", flat=True))
    html = client.get(url).content.decode()
    others = html.split('id="others-list"')[1].split("</fieldset>")[0]
    assert all(name in others for name in names) and others.count('type="checkbox"') == len(names)
    more_staff(agency, 38)  # 41 people: more than STAFF_SHOWN_WITHOUT_SEARCH
    html = client.get(url).content.decode()
    others = html.split('id="others-list"')[1].split("</fieldset>")[0]
    assert 'type="checkbox"' not in others and "Gõ tên vào ô tìm kiếm" in others


def test_a_person_on_another_communes_roster_that_day_is_marked(
    login, focal_point, agency, hoa_ninh, gia_bac, action_day, frozen_monday
):
    from tests.factories import AssignmentFactory

    AssignmentFactory(agency=agency, commune=gia_bac, valid_from=datetime.date(2023, 1, 1))
    person = agency.staff.order_by("pk").first()
    roster_save(agency=agency, commune=gia_bac, action_day=action_day, lines=[EntryLine.of(person)],
                actor=focal_point)
    html = login(focal_point).get(edit_url(agency, hoa_ninh, action_day)).content.decode()
    row = html.split(f'id="p{person.pk}"')[1].split("</div>")[0]
    assert "đã có trong danh sách gửi Xã Gia Bắc" in row
    assert html.count("đã có trong danh sách gửi") == 1


def test_ticking_someone_of_another_agency_is_refused(
    login, focal_point, agency, other_agency, hoa_ninh, action_day, frozen_monday
):
    stranger = other_agency.staff.first() or Person.objects.create(agency=other_agency, full_name="Người Ngoài")
    mine = agency.staff.order_by("pk").first()
    client = login(focal_point)
    response = client.post(edit_url(agency, hoa_ninh, action_day), {"people": [str(mine.pk), str(stranger.pk)]})
    assert response.status_code == 200
    assert "không còn trong danh sách cán bộ của cơ quan" in response.content.decode()
    assert not Roster.objects.filter(agency=agency).exists()
    response = client.post(edit_url(agency, hoa_ninh, action_day), {"people": [str(mine.pk)]})
    assert response.status_code == 302
    roster = Roster.objects.get(agency=agency, commune=hoa_ninh, action_day=action_day)
    assert list(roster.entries.values_list("person_id", flat=True)) == [mine.pk]
