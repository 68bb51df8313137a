"""The coordinator loads a set from the web and names the agency responsible for each criterion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria.models import CriteriaSet, Criterion
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = ("Tiêu chí,Tên tiêu chí,Mã chỉ tiêu,Nội dung chỉ tiêu,Đơn vị tính\n"
        "1,Quy hoạch,1.1,Có quy hoạch chung được duyệt,\n"
        "2,Thu nhập,2,Thu nhập bình quân đầu người,triệu đồng/người/năm\n").encode()
FORM = {"code": "QD318-XA-NC", "version": 1, "name": "Xã nông thôn mới nâng cao 2021-2025", "level": "commune",
        "tier": "advanced", "legal_basis": "Quyết định 318/QĐ-TTg, Phụ lục II", "valid_from": "08/03/2022"}


def test_coordinator_uploads_a_set(login, coordinator):
    response = login(coordinator).post(reverse("criteria:set_upload"),
                                       {**FORM, "file": SimpleUploadedFile("nc.csv", GOOD)})
    s = CriteriaSet.objects.get(code="QD318-XA-NC")
    assert response.url == reverse("criteria:set_detail", args=[s.pk])
    assert (s.tier, s.valid_from.isoformat()) == ("advanced", "2022-03-08")
    assert list(s.indicators.values_list("code", "kind")) == [("1.1", "yes_no"), ("2", "numeric")]
    assert AuditEntry.objects.filter(action="criteria_set.load", actor=coordinator).count() == 1


def test_bad_upload_shows_row_errors_and_loads_nothing(login, coordinator):
    bad = GOOD + "x,Lao động,3.1,Tỷ lệ lao động,%\n".encode()
    response = login(coordinator).post(reverse("criteria:set_upload"),
                                       {**FORM, "file": SimpleUploadedFile("nc.csv", bad)})
    assert "Dòng 4: số tiêu chí «x» phải là số nguyên dương." in response.content.decode()
    assert not CriteriaSet.objects.exists()


def test_leader_and_officer_cannot_upload(login, leader, commune_officer):
    for user in (leader, commune_officer):
        response = login(user).post(reverse("criteria:set_upload"), {**FORM, "file": SimpleUploadedFile("nc.csv", GOOD)})
        assert response.status_code == 403
    assert not CriteriaSet.objects.exists()


def test_coordinator_names_responsible_agencies(login, coordinator, leader, commune_set, agency, other_agency):
    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=commune_set)}
    data = {f"a_{criteria[16].pk}": other_agency.pk, f"a_{criteria[11].pk}": agency.pk}
    login(coordinator).post(reverse("criteria:set_agencies", args=[commune_set.pk]), data)
    assert Criterion.objects.get(pk=criteria[16].pk).responsible_agency == other_agency
    assert Criterion.objects.get(pk=criteria[11].pk).responsible_agency == agency
    assert Criterion.objects.filter(criteria_set=commune_set, responsible_agency__isnull=False).count() == 2
    html = login(leader).get(reverse("criteria:set_detail", args=[commune_set.pk])).content.decode()
    assert "16. Văn hóa · nhóm IV · Hội Nông dân huyện" in html
    assert login(leader).post(reverse("criteria:set_agencies", args=[commune_set.pk]), data).status_code == 403
