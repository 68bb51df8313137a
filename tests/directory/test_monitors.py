"""The coordinator decides which communes each area monitor follows."""

import pytest
from django.urls import reverse

from directory.models import Commune, Membership, Role
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_coordinator_sets_the_communes_a_monitor_follows(login, coordinator, area_monitor, hoa_ninh, gia_bac):
    client = login(coordinator)
    page = client.get(reverse("directory:monitor_list")).content.decode()
    assert "Hòa Ninh, Hòa Trung" in page
    response = client.post(reverse("directory:monitor_edit", args=[area_monitor.pk]),
                           {"communes": [hoa_ninh.pk, gia_bac.pk]})
    assert response.status_code == 302
    followed = set(Membership.objects.filter(user=area_monitor, role=Role.AREA_MONITOR).values_list("unit__name", flat=True))
    assert followed == {"Hòa Ninh", "Gia Bắc"}
    entry = AuditEntry.objects.get(action="area_monitor.set")
    assert entry.changes["communes"] == [["Hòa Ninh", "Hòa Trung"], ["Gia Bắc", "Hòa Ninh"]]
    # the monitor now reads Gia Bắc and no longer Hòa Trung
    monitor = login(area_monitor)
    assert monitor.get(reverse("directory:commune_detail", args=[gia_bac.pk])).status_code == 200
    hoa_trung = Commune.objects.get(code="25039")
    assert monitor.get(reverse("directory:commune_detail", args=[hoa_trung.pk])).status_code == 404


def test_only_the_coordinator_manages_monitors(login, leader, area_monitor, commune_officer):
    for user in (leader, area_monitor, commune_officer):
        client = login(user)
        assert client.get(reverse("directory:monitor_list")).status_code == 403
        assert client.post(reverse("directory:monitor_edit", args=[area_monitor.pk]), {"communes": []}).status_code == 403
    assert Membership.objects.filter(user=area_monitor, role=Role.AREA_MONITOR).count() == 2


def test_a_user_who_is_not_a_leader_of_the_district_is_404(login, coordinator, commune_officer):
    assert login(coordinator).get(reverse("directory:monitor_edit", args=[commune_officer.pk])).status_code == 404
