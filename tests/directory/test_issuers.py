"""The issuing data of each unit: the coordinator edits it in the portal, each change is audited, and
the documents print it (see tests/reporting/test_rollup_documents.py)."""

import pytest
from django.urls import reverse

from directory.models import Commune, DocumentIssuer
from directory.selectors import issuer_of
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

FORM = {
    "parent_body": "", "body": "ỦY BAN NHÂN DÂN|XÃ HÒA NINH", "name_in_text": "UBND xã Hòa Ninh", "place": "Hòa Ninh",
    "report_symbol": "BC-UBND", "plan_symbol": "KH-UBND", "list_symbol": "DS-UBND", "signer_authority": "KT.",
    "signer_authority_of": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Trần Thị Mai",
    "recipients": "UBND huyện Di Linh\nCác thôn\nLưu: VT",
}


def test_defaults_come_from_the_unit_not_from_the_code(hoa_ninh, district):
    issuer = issuer_of(hoa_ninh)
    assert issuer.pk is None
    assert issuer.body_lines == ["ỦY BAN NHÂN DÂN", "XÃ HÒA NINH"] and issuer.place == "Hòa Ninh"
    assert issuer.authority_line == "TM. ỦY BAN NHÂN DÂN" and issuer.signer_title == "CHỦ TỊCH"
    assert issuer.in_text == "UBND xã Hòa Ninh"
    township = Commune.objects.get(parent=district, name="Di Linh")
    assert issuer_of(township).body_lines == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN DI LINH"]


def test_coordinator_lists_and_edits_a_communes_issuing_data(login, coordinator, hoa_ninh):
    client = login(coordinator)
    page = client.get(reverse("directory:issuer_list")).content.decode()
    assert "Thông tin ban hành văn bản" in page and "Xã Hòa Ninh" in page
    assert page.index("Xã Bảo Thuận") < page.index("Xã Đinh Lạc") < page.index("Xã Gia Bắc")  # Vietnamese order
    response = client.post(reverse("directory:issuer_edit", args=[hoa_ninh.pk]), FORM)
    assert response.status_code == 302
    issuer = DocumentIssuer.objects.get(unit=hoa_ninh)
    assert issuer.authority_line == "KT. CHỦ TỊCH" and issuer.signer_name == "Trần Thị Mai"
    assert issuer.recipient_lines == ["UBND huyện Di Linh", "Các thôn", "Lưu: VT"]
    entry = AuditEntry.objects.get(action="issuer.save")
    assert entry.actor == coordinator and entry.changes["signer_name"] == [None, "Trần Thị Mai"]
    client.post(reverse("directory:issuer_edit", args=[hoa_ninh.pk]), {**FORM, "signer_name": "Lê Văn Hùng"})
    last = AuditEntry.objects.filter(action="issuer.save").order_by("-pk").first()
    assert last.changes == {"signer_name": ["Trần Thị Mai", "Lê Văn Hùng"]}


def test_an_authority_needs_whom_it_signs_for(login, coordinator, hoa_ninh):
    response = login(coordinator).post(reverse("directory:issuer_edit", args=[hoa_ninh.pk]),
                                       {**FORM, "signer_authority_of": ""})
    assert response.status_code == 200 and not DocumentIssuer.objects.exists()


def test_only_the_coordinator_and_only_its_units(login, leader, commune_officer, coordinator, hoa_ninh):
    assert login(leader).get(reverse("directory:issuer_list")).status_code == 403
    assert login(commune_officer).post(reverse("directory:issuer_edit", args=[hoa_ninh.pk]), FORM).status_code == 403
    village = hoa_ninh.children.first()
    assert login(coordinator).get(reverse("directory:issuer_edit", args=[village.pk])).status_code == 404
    assert not DocumentIssuer.objects.exists()
