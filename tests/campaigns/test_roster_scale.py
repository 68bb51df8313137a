"""The roster page for a real agency (1,000+ staff): chosen people first with a count, an accent-insensitive
search, the send button always in reach; the Excel template holds last week's people, not the whole staff."""

import io

import openpyxl
import pytest
from django.urls import reverse

from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person

pytestmark = pytest.mark.django_db


def edit_url(agency, commune, day, name="roster_edit"):
    return reverse(f"campaigns:{name}", args=[agency.pk, commune.pk, day.pk])


@pytest.fixture
def big_agency(agency):
    Person.objects.bulk_create([Person(agency=agency, full_name=f"Cán Bộ Thứ {i:04d}") for i in range(1000)]
                               + [Person(agency=agency, full_name="Nguyễn Văn An", position="Chuyên viên")])
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
