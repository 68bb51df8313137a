"""Every role against every roll-up page: district roles read, the coordinator manages,
others get 403 for pages and 404 for objects (they do not exist for them)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reporting.models import RollUp, RollupRecipient

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "commune_officer", "focal_point", "leader", "area_monitor", "inspector"]
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404

MATRIX = {
    "rollup_list": [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "rollup_create": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "rollup_detail": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "rollup_download_pdf": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "rollup_download_xlsx": [OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
    "recipient_list": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "recipient_edit": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
}


@pytest.fixture
def stored(district, action_day):
    """A READY roll-up with small stored files (what is inside does not matter for access)."""
    rollup = RollUp(district=district, action_day=action_day, version=1, status=RollUp.Status.READY,
                    data_version="x" * 64)
    rollup.pdf.save("access.pdf", ContentFile(b"%PDF-1.7 access test"), save=False)
    rollup.xlsx.save("access.xlsx", ContentFile(b"PK access test"), save=False)
    rollup.save()
    return rollup


def _url(page, rollup, recipient):
    return {
        "rollup_list": reverse("reporting:rollup_list"),
        "rollup_create": reverse("reporting:rollup_create"),
        "rollup_detail": reverse("reporting:rollup_detail", args=[rollup.pk]),
        "rollup_download_pdf": reverse("reporting:rollup_download", args=[rollup.pk, "pdf"]),
        "rollup_download_xlsx": reverse("reporting:rollup_download", args=[rollup.pk, "xlsx"]),
        "recipient_list": reverse("reporting:recipient_list"),
        "recipient_edit": reverse("reporting:recipient_edit", args=[recipient.pk]),
    }[page]


@pytest.mark.parametrize("page_name", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_access(request, client, page_name, role_index, stored, district):
    recipient = RollupRecipient.objects.create(district=district, name="UBND", email="ubnd@example.vn")
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    response = client.get(_url(page_name, stored, recipient))
    assert response.status_code == MATRIX[page_name][role_index]
    if response.status_code == OK and page_name.startswith("rollup_download"):
        assert b"".join(response.streaming_content).endswith(b"access test")


def test_anonymous_is_sent_to_login(client, stored):
    response = client.get(reverse("reporting:rollup_download", args=[stored.pk, "pdf"]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_kind_is_404(client, stored, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reporting:rollup_download", args=[stored.pk, "docx"])).status_code == 404
