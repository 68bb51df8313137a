"""The filing page draws each village's section once per content (issue 16): the second opening comes
from the cache, and any change to what a section shows draws it anew."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from campaigns.models import RosterEntry
from tests.campaigns.day_report_fixtures import report_post

pytestmark = pytest.mark.django_db
SECTION = "campaigns/_village_section.html"


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def sections_drawn(response) -> int:
    return sum(1 for t in response.templates if t.name == SECTION)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_second_opening_draws_no_section(login, commune_officer, hoa_ninh, action_day, villages, planned,
                                             roster_entries):
    client = login(commune_officer)
    first = client.get(edit_url(hoa_ninh, action_day))
    assert sections_drawn(first) == len(villages)
    second = client.get(edit_url(hoa_ninh, action_day))
    assert sections_drawn(second) == 0
    html = second.content.decode()
    for village in villages:
        assert f'id="thon-{village.pk}"' in html and f'name="v{village.pk}-residents"' in html
    assert "Kế hoạch: 500 m" in html
    for entry in roster_entries:
        assert entry.full_name in html
    # the page of one village shares the same drawn section
    one = client.get(edit_url(hoa_ninh, action_day) + f"?thon={villages[0].pk}")
    assert sections_drawn(one) == 0 and f'name="v{villages[0].pk}-residents"' in one.content.decode()


def test_a_save_draws_only_the_changed_village_again(login, commune_officer, hoa_ninh, action_day, villages,
                                                     roster_entries):
    client = login(commune_officer)
    client.post(edit_url(hoa_ninh, action_day), report_post(villages))  # the draft exists, every village empty
    client.get(edit_url(hoa_ninh, action_day))
    response = client.post(edit_url(hoa_ninh, action_day),
                           report_post(villages, figures={villages[1]: {"residents": 4321}}))
    assert response.status_code == 302
    page = client.get(edit_url(hoa_ninh, action_day))
    assert sections_drawn(page) == 1
    assert 'value="4321"' in page.content.decode() or 'value="4.321"' in page.content.decode()


def test_roster_and_attendance_changes_show_at_once(login, commune_officer, hoa_ninh, action_day, villages,
                                                    roster_entries):
    client = login(commune_officer)
    client.get(edit_url(hoa_ninh, action_day))
    entry = roster_entries[0]
    RosterEntry.objects.filter(pk=entry.pk).update(full_name="Người Mới Thêm", attendance="absent",
                                                   absence_reason="Đi công tác")
    html = client.get(edit_url(hoa_ninh, action_day)).content.decode()
    assert "Người Mới Thêm" in html and "Đi công tác" in html


def test_a_page_with_errors_is_drawn_from_the_form(login, commune_officer, hoa_ninh, action_day, villages):
    client = login(commune_officer)
    client.get(edit_url(hoa_ninh, action_day))
    response = client.post(edit_url(hoa_ninh, action_day),
                           report_post(villages, figures={villages[0]: {"residents": "-3"}}))
    assert response.status_code == 200
    assert sections_drawn(response) == len(villages)  # a bound form never comes from the cache
    assert "Không được nhập số âm." in response.content.decode()


def test_queries_stay_fixed_when_served_from_the_cache(login, commune_officer, hoa_ninh, action_day, villages,
                                                       planned, roster_entries, django_assert_num_queries):
    client = login(commune_officer)
    client.post(edit_url(hoa_ninh, action_day), report_post(villages))
    client.get(edit_url(hoa_ninh, action_day))
    # the same 14 queries as drawing it (test_day_report_edit): the cache replaces drawing, not reading
    with django_assert_num_queries(14):
        response = client.get(edit_url(hoa_ninh, action_day))
    assert sections_drawn(response) == 0
