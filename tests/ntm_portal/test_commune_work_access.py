# ruff: noqa: F811  (fixtures imported from the reporting conftest are used by name)
"""Issue 12 A11: one rule for the commune's work (ntm_portal.access.can_read_commune_work).

Village pages, dashboards, day reports, plans, photos, assessments and evidence are read by the
district, the commune's officers and its area monitors. An agency reads, of its assigned
communes, the directory page and the rosters it sends — the rest is 404 for it, like any commune
outside its scope. A photo, draft or filed, follows its report.
"""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from campaigns.models import ReportPhoto
from criteria import services as criteria_services
from directory.models import Village
from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, "JPEG")
    return out.getvalue()


def _photo(report, settings, tmp_path) -> ReportPhoto:
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("test-photos/a.jpg", ContentFile(_jpeg()))
    return ReportPhoto.objects.create(village_result=report.village_results.first(), original_name="a.jpg",
                                      image=name, thumbnail=name, width=8, height=8)


def test_an_agency_reads_neither_a_village_page_nor_its_export(login, focal_point, week, hoa_ninh):
    client = login(focal_point)
    village = Village.objects.filter(parent=hoa_ninh).first()
    assert client.get(reverse("directory:commune_detail", args=[hoa_ninh.pk])).status_code == 200  # its commune
    assert client.get(reverse("dashboards:village", args=[village.pk])).status_code == 404
    assert client.get(reverse("dashboards:village", args=[village.pk]), {"xuat": "xlsx"}).status_code == 404
    assert client.get(reverse("dashboards:commune", args=[hoa_ninh.pk])).status_code == 404


def test_an_agency_reads_no_day_report_plan_or_assessment_of_its_commune(login, focal_point, commune_officer, week,
                                                                        hoa_ninh, action_day, commune_set):
    assessment = criteria_services.assessment_create(criteria_set=commune_set, unit=hoa_ninh,
                                                     as_of=datetime.date(2023, 7, 31), actor=commune_officer)
    client = login(focal_point)
    for url in (reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk]),
                reverse("campaigns:plan_print", args=[hoa_ninh.pk, action_day.pk]),
                reverse("campaigns:commune_weeks", args=[hoa_ninh.pk]),
                reverse("criteria:commune_standing", args=[hoa_ninh.pk]),
                assessment.get_absolute_url()):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, action_day.pk])).status_code == 404


def test_readers_of_the_commune_still_read_its_work(login, leader, area_monitor, commune_officer, week, hoa_ninh,
                                                   action_day):
    village = Village.objects.filter(parent=hoa_ninh).first()
    for user in (leader, area_monitor, commune_officer):
        client = login(user)
        assert client.get(reverse("dashboards:village", args=[village.pk])).status_code == 200
        assert client.get(reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk])).status_code == 200


def test_a_draft_photo_follows_its_report_and_no_agency_sees_it(login, leader, area_monitor, focal_point, week,
                                                              settings, tmp_path):
    draft = week["reports"]["draft"]  # Hòa Trung, never filed: read by the district and its monitor
    photo = _photo(draft, settings, tmp_path)
    url = reverse("campaigns:report_photo", args=[photo.pk])
    for user in (leader, area_monitor):
        response = login(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert login(focal_point).get(url).status_code == 404


def test_a_filed_photo_is_seen_by_the_district_not_by_an_agency(login, leader, focal_point, week, settings, tmp_path):
    photo = _photo(week["reports"]["on_time"], settings, tmp_path)  # Hòa Ninh, accepted
    url = reverse("campaigns:report_photo_thumb", args=[photo.pk])
    assert login(leader).get(url).status_code == 200
    assert login(focal_point).get(url).status_code == 404
