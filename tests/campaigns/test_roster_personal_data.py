"""Issue 12 A1, A2, A3, A10, A12 on the roster pages: phones and party membership only for the
agency itself and the coordinating office; names typed as formulas stay text; out of scope is
404 before any write check; downloads naming people are never cached."""

import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person
from ntm_portal.access import can_view_personal_data

pytestmark = pytest.mark.django_db

HIDDEN_FROM = ["leader", "inspector", "area_monitor", "commune_officer"]


@pytest.fixture
def sent(agency, hoa_ninh, action_day):
    Person.objects.create(agency=agency, full_name='=HYPERLINK("http://x","y")', name_folded="=hyperlink",
                          position="@SUM(1+1)", phone="0987654321", is_party_member=True)
    Person.objects.create(agency=agency, full_name="=cmd|' /C calc'!A0", name_folded="=cmd", position="-2+3",
                          phone="0987654322")
    return roster_save(agency=agency, commune=hoa_ninh, action_day=action_day,
                       lines=[EntryLine.of(p) for p in agency.staff.all()], actor=None)


def _phones(agency):
    return [p for p in agency.staff.values_list("phone", flat=True) if p]


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("role", HIDDEN_FROM)
def test_roster_page_shows_no_phone_to_readers_who_are_not_the_agency(request, login, role, sent, agency, hoa_ninh,
                                                                     action_day):
    page = login(request.getfixturevalue(role)).get(
        reverse("campaigns:roster_edit", args=[agency.pk, hoa_ninh.pk, action_day.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert sent.entries.exclude(full_name__startswith="=").first().full_name in html  # the roster is shown …
    assert not [p for p in _phones(agency) if p in html]  # … without a phone number
    assert "Số điện thoại" not in html


@pytest.mark.parametrize("role", ["coordinator", "focal_point"])
def test_roster_page_shows_phones_to_the_agency_and_the_coordinating_office(request, login, role, sent, agency,
                                                                           hoa_ninh, action_day):
    html = login(request.getfixturevalue(role)).get(
        reverse("campaigns:roster_edit", args=[agency.pk, hoa_ninh.pk, action_day.pk])).content.decode()
    assert all(p in html for p in _phones(agency))


@pytest.mark.parametrize("role", HIDDEN_FROM)
def test_commune_roster_workbook_has_no_phone_nor_party_membership_for_readers(request, login, role, sent, agency,
                                                                               hoa_ninh, action_day):
    response = login(request.getfixturevalue(role)).get(
        reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk]))
    ws = _sheet(response)
    headers = [c.value for c in ws[3]]
    assert headers == ["STT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Thôn, tổ dân phố"]  # no such columns
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == sent.entries.count()
    text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert not [p for p in _phones(agency) if p in text]


def test_commune_roster_workbook_has_phones_for_the_coordinator(login, coordinator, sent, agency, hoa_ninh,
                                                               action_day):
    ws = _sheet(login(coordinator).get(reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk])))
    assert ws["E3"].value == "Số điện thoại" and ws["F3"].value == "Đảng viên"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert sorted(r[4] for r in rows) == sorted(_phones(agency))
    assert "Có" in {r[5] for r in rows}


def test_commune_page_and_pdf_do_not_say_who_is_a_party_member_to_readers(login, leader, commune_officer, sent,
                                                                         hoa_ninh, action_day):
    for user in (leader, commune_officer):
        client = login(user)
        html = client.get(reverse("campaigns:commune_rosters", args=[hoa_ninh.pk, action_day.pk])).content.decode()
        assert "đảng viên" not in html.lower()
        pdf = client.get(reverse("campaigns:commune_rosters_pdf", args=[hoa_ninh.pk, action_day.pk]))
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert not [p for p in _phones(sent.agency) if p in text]


def test_agency_page_hides_party_membership_from_readers(login, leader, focal_point, agency):
    url = reverse("directory:agency_detail", args=[agency.pk])
    assert "Đảng viên" not in login(leader).get(url).content.decode()
    assert "Đảng viên" in login(focal_point).get(url).content.decode()


def test_the_personal_data_rule_is_one_function(coordinator, focal_point, other_focal_point, leader, inspector,
                                                area_monitor, commune_officer, agency):
    allowed = {u.username for u in (coordinator, focal_point, other_focal_point, leader, inspector, area_monitor,
                                    commune_officer) if can_view_personal_data(u, agency)}
    assert allowed == {"dieuphoi", "coquan.tckh"}


def test_names_typed_as_formulas_stay_text_in_both_roster_workbooks(login, coordinator, focal_point, sent, agency,
                                                                    hoa_ninh, action_day):
    template = openpyxl.load_workbook(io.BytesIO(login(focal_point).get(
        reverse("campaigns:roster_template", args=[agency.pk, hoa_ninh.pk, action_day.pk])).content))["Danh sách"]
    commune = _sheet(login(coordinator).get(reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk])))
    for ws in (template, commune):
        cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        dangerous = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
        assert {c.value for c in dangerous} >= {'=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"}
        assert all(c.data_type == "s" and c.quotePrefix for c in dangerous)


def test_another_communes_roster_is_404_before_the_write_check(login, commune_officer, other_agency, gia_bac,
                                                               action_day):
    """xa.hoaninh on Gia Bắc's roster of another agency: 404 for GET, POST and the template, never 403."""
    client = login(commune_officer)
    args = [other_agency.pk, gia_bac.pk, action_day.pk]
    assert client.post(reverse("campaigns:roster_edit", args=args), {"people": []}).status_code == 404
    assert client.get(reverse("campaigns:roster_template", args=args)).status_code == 404
    assert client.post(reverse("campaigns:roster_upload", args=args)).status_code == 404
    assert client.post(reverse("campaigns:roster_person_add", args=args)).status_code == 404


@pytest.mark.parametrize("name", ["commune_rosters_xlsx", "commune_rosters_pdf"])
def test_downloads_naming_people_are_not_cached(login, commune_officer, sent, hoa_ninh, action_day, name):
    response = login(commune_officer).get(reverse(f"campaigns:{name}", args=[hoa_ninh.pk, action_day.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_roster_template_download_is_not_cached(login, focal_point, sent, agency, hoa_ninh, action_day):
    response = login(focal_point).get(reverse("campaigns:roster_template", args=[agency.pk, hoa_ninh.pk, action_day.pk]))
    assert "no-store" in response["Cache-Control"]
