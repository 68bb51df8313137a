"""Filing one village at a time: a list with each village's state, a short form per village, save-and-next;
everyone on the roster present by default; photos sent apart from the form."""

import pytest
from django.urls import reverse

from campaigns.models import DayReport, ReportPhoto, RosterEntry, VillageResult
from tests.campaigns.day_report_fixtures import jpeg_upload, report_post

pytestmark = pytest.mark.django_db


def edit_url(commune, day, village=None):
    url = reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])
    return f"{url}?thon={village.pk}" if village else url


def test_the_page_lists_villages_with_their_state(login, commune_officer, hoa_ninh, action_day, villages, sunday):
    client = login(commune_officer)
    client.post(edit_url(hoa_ninh, action_day), report_post(villages, figures={
        villages[0]: {"residents": 10, "households": 5}, villages[1]: {"residents": 3}}))
    html = client.get(edit_url(hoa_ninh, action_day)).content.decode()
    assert f'href="?thon={villages[0].pk}"' in html
    assert html.count("village-done") == 1 and html.count("village-draft") == 1
    assert html.count("village-empty") == len(villages) - 2


def test_one_village_page_saves_that_village_and_goes_to_the_next_empty_one(
    login, commune_officer, hoa_ninh, action_day, villages, sunday
):
    client = login(commune_officer)
    client.post(edit_url(hoa_ninh, action_day), report_post(villages, remarks="Nhận xét chung",
                                                           figures={villages[1]: {"residents": 1, "households": 1}}))
    page = client.get(edit_url(hoa_ninh, action_day, villages[0])).content.decode()
    assert f'name="v{villages[0].pk}-residents"' in page and f'name="v{villages[2].pk}-residents"' not in page
    assert 'name="remarks"' not in page and "Lưu, sang thôn tiếp" in page
    response = client.post(edit_url(hoa_ninh, action_day, villages[0]), {
        "action": "save", "submit_token": "t", f"v{villages[0].pk}-residents": "40",
        f"v{villages[0].pk}-households": "20"})
    assert response.status_code == 302
    assert response.url == edit_url(hoa_ninh, action_day, villages[2])  # villages[1] is done already
    vr = VillageResult.objects.get(village=villages[0])
    assert (vr.residents, vr.households) == (40, 20)
    assert DayReport.objects.get().remarks == "Nhận xét chung"  # not wiped by the one-village page
    assert VillageResult.objects.get(village=villages[1]).residents == 1


def test_the_last_village_leads_to_the_submit_button(login, commune_officer, hoa_ninh, action_day, villages, sunday):
    client = login(commune_officer)
    figures = {v: {"residents": 1, "households": 1} for v in villages[1:]}
    client.post(edit_url(hoa_ninh, action_day), report_post(villages, figures=figures))
    response = client.post(edit_url(hoa_ninh, action_day, villages[0]), {
        "action": "save", "submit_token": "t", f"v{villages[0].pk}-residents": "4",
        f"v{villages[0].pk}-households": "2"})
    assert response.url == edit_url(hoa_ninh, action_day) + "#nop-bao-cao"


def test_a_village_of_another_commune_is_404(login, commune_officer, hoa_ninh, action_day, villages):
    assert login(commune_officer).get(edit_url(hoa_ninh, action_day) + "?thon=999999").status_code == 404


def test_everyone_is_present_by_default_and_the_reason_is_asked_only_of_the_absent(
    login, commune_officer, hoa_ninh, action_day, villages, roster_entries, sunday
):
    entry = next(e for e in roster_entries if e.village_id)
    html = login(commune_officer).get(edit_url(hoa_ninh, action_day)).content.decode()
    assert f'name="v{entry.village_id}-att_{entry.pk}" value="present" class="form-check-input"' in html
    checked = html.split(f'name="v{entry.village_id}-att_{entry.pk}" value="present"')[1].split(">")[0]
    assert "checked" in checked
    assert 'value="unknown"' not in html and "data-all-present" in html and "absence-reason" in html
    # Saving without touching the radios records them present.
    login(commune_officer).post(edit_url(hoa_ninh, action_day), {
        **report_post(villages), f"v{entry.village_id}-att_{entry.pk}": "present"})
    assert RosterEntry.objects.get(pk=entry.pk).attendance == "present"


def test_a_photo_sent_on_its_own_comes_back_as_the_village_photo_list(
    login, commune_officer, hoa_ninh, action_day, villages, sunday
):
    url = reverse("campaigns:day_report_photo_add", args=[hoa_ninh.pk, action_day.pk])
    client = login(commune_officer)
    response = client.post(f"{url}?thon={villages[0].pk}&fragment=1", {"photo": jpeg_upload("a.jpg", size=(800, 600))})
    photo = ReportPhoto.objects.get()
    assert response.status_code == 200 and photo.village_result.village == villages[0]
    assert reverse("campaigns:report_photo_thumb", args=[photo.pk]) in response.content.decode()
    assert f'id="anh-thon-{villages[0].pk}"' in response.content.decode()
    refused = client.post(f"{url}?thon={villages[0].pk}&fragment=1", {"photo": jpeg_upload("x.gif", fmt="GIF")})
    assert refused.status_code == 400 and "chỉ nhận JPEG" in refused.content.decode()
    assert ReportPhoto.objects.count() == 1


def test_photo_upload_is_404_for_another_commune(login, other_commune_officer, hoa_ninh, action_day, villages):
    url = reverse("campaigns:day_report_photo_add", args=[hoa_ninh.pk, action_day.pk])
    response = login(other_commune_officer).post(f"{url}?thon={villages[0].pk}", {"photo": jpeg_upload()})
    assert response.status_code == 404 and ReportPhoto.objects.count() == 0
