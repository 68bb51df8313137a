"""Directory pages: what each person sees, and what a POST leaves in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import HouseholdCount, Person, Village
from directory.services import assignment_move, normalise_phone
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("raw", "expected"), [
    ("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("84912345678", "0912345678"),
    ("912345678", "0912345678"), ("0263-3870-123", "02633870123"), ("", ""),
])
def test_phone_numbers_are_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "09123456789012", "abc", "1912345678"])
def test_bad_phone_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert "không hợp lệ" in caught.value.messages[0]


def test_commune_officer_home_lists_villages_with_households_and_agencies(login, commune_officer, agency, hoa_ninh):
    page = login(commune_officer).get(reverse("home")).content.decode()
    assert "Xã Hòa Ninh" in page
    assert "Thôn Hàng Làng" in page
    assert agency.name in page
    total = sum(HouseholdCount.objects.filter(village__parent=hoa_ninh).values_list("households", flat=True))
    assert f"{total:,}".replace(",", ".") + " hộ dân" in page
    assert "Xã Gia Bắc" not in page


def test_focal_point_adds_a_person_who_joins_the_staff_list(login, focal_point, agency):
    response = login(focal_point).post(reverse("directory:person_create", args=[agency.pk]), {
        "full_name": "  Nguyễn   Thị Hoa ", "position": "Chuyên viên", "phone": "+84 912 000 111",
        "is_party_member": "on", "is_active": "on",
    })
    assert response.status_code == 302
    person = Person.objects.get(agency=agency, full_name="Nguyễn Thị Hoa")
    assert (person.phone, person.is_party_member, person.name_folded) == ("0912000111", True, "nguyen thi hoa")
    entry = AuditEntry.objects.get(action="person.create", target_id=str(person.pk))
    assert entry.actor == focal_point
    assert entry.changes["full_name"] == [None, "Nguyễn Thị Hoa"]


def test_a_bad_phone_is_said_on_the_form_and_nothing_saved(login, focal_point, agency):
    before = Person.objects.count()
    response = login(focal_point).post(reverse("directory:person_create", args=[agency.pk]),
                                       {"full_name": "Lê Văn B", "phone": "12345"})
    assert response.status_code == 200
    assert "Số điện thoại “12345” không hợp lệ" in response.content.decode()
    assert Person.objects.count() == before


def test_editing_a_person_records_before_and_after(login, coordinator, agency):
    person = agency.staff.first()
    login(coordinator).post(reverse("directory:person_edit", args=[person.pk]), {
        "full_name": person.full_name, "position": "Phó Trưởng phòng", "phone": person.phone,
        "is_party_member": "on", "is_active": "on",
    })
    person.refresh_from_db()
    assert person.position == "Phó Trưởng phòng"
    entry = AuditEntry.objects.get(action="person.update", target_id=str(person.pk))
    assert entry.changes == {"position": ["Chuyên viên", "Phó Trưởng phòng"]}


def test_phones_only_for_the_agency_and_the_coordinator(login, agency, focal_point, coordinator, leader, inspector,
                                                        commune_officer):
    phone = agency.staff.first().phone
    url = reverse("directory:agency_detail", args=[agency.pk])
    assert phone in login(focal_point).get(url).content.decode()
    assert phone in login(coordinator).get(url).content.decode()
    for user in (leader, inspector, commune_officer):
        page = login(user).get(url).content.decode()
        assert agency.staff.first().full_name in page
        assert phone not in page


def test_staff_search_ignores_diacritics(login, focal_point, agency):
    first, other = agency.staff.all()[:2]
    Person.objects.filter(pk=first.pk).update(full_name="Đặng Thị Hương", name_folded="dang thi huong")
    page = login(focal_point).get(reverse("directory:agency_detail", args=[agency.pk]), {"q": "dang thi huong"})
    text = page.content.decode()
    assert "Đặng Thị Hương" in text
    assert other.full_name not in text


def test_household_update_keeps_history(login, commune_officer, hoa_ninh):
    village = Village.objects.filter(parent=hoa_ninh).first()
    old = village.household_counts.get().households
    response = login(commune_officer).post(reverse("directory:household_edit", args=[village.pk]),
                                           {"households": old + 12, "as_of": "01/06/2025", "source": "Thống kê thôn"})
    assert response.status_code == 302
    counts = list(village.household_counts.order_by("as_of").values_list("as_of", "households"))
    assert counts == [(datetime.date(2023, 1, 1), old), (datetime.date(2025, 6, 1), old + 12)]
    page = login(commune_officer).get(reverse("directory:commune_detail", args=[hoa_ninh.pk])).content.decode()
    assert f">{old + 12}<" in page.replace(".", "")
    assert AuditEntry.objects.filter(action="household_count.set", target_id=str(village.pk)).count() == 1


def test_negative_households_are_refused(login, commune_officer, hoa_ninh):
    village = Village.objects.filter(parent=hoa_ninh).first()
    response = login(commune_officer).post(reverse("directory:household_edit", args=[village.pk]),
                                           {"households": -1, "as_of": "01/06/2025"})
    assert response.status_code == 200
    assert village.household_counts.count() == 1


def test_a_reassignment_keeps_the_old_one_as_history(login, coordinator, agency, hoa_ninh, gia_bac):
    assignment = agency.assignments.get()
    assignment_move(assignment=assignment, to_commune=gia_bac, on=datetime.date(2025, 1, 1), actor=coordinator)
    rows = list(agency.assignments.order_by("valid_from").values_list("commune__name", "valid_from", "valid_to"))
    assert rows == [("Hòa Ninh", datetime.date(2023, 2, 1), datetime.date(2024, 12, 31)),
                    ("Gia Bắc", datetime.date(2025, 1, 1), None)]
    page = login(coordinator).get(reverse("directory:commune_detail", args=[hoa_ninh.pk])).content.decode()
    assert "Phân công trước đây" in page and agency.name in page
    assert {e.action for e in AuditEntry.objects.filter(target_type__model="assignment")} == {"assignment.end", "assignment.start"}


def test_commune_list_costs_a_fixed_number_of_queries(login, coordinator, django_assert_num_queries):
    client = login(coordinator)
    client.get(reverse("directory:commune_list"))  # warm the session
    # session, user, memberships (scope), communes with agency counts, villages with households
    with django_assert_num_queries(5):
        response = client.get(reverse("directory:commune_list"))
    assert response.content.decode().count("/dia-ban/xa/") >= 19


def test_coordinator_browses_the_audit_trail(login, coordinator, focal_point, agency):
    login(focal_point).post(reverse("directory:person_create", args=[agency.pk]), {"full_name": "Hồ Văn Tư"})
    client = login(coordinator)
    page = client.get(reverse("audit_list"), {"action": "person.create"}).content.decode()
    assert "person.create" in page and "Hồ Văn Tư" in page and "coquan.tckh" in page
    page = client.get(reverse("audit_list"), {"action": "không-có"}).content.decode()
    assert "Không có thay đổi nào phù hợp." in page


def _bulk_staff(agency, n, start=0):
    from ntm_portal.text import fold

    names = [f"Cán Bộ Thứ {i:04d}" for i in range(start, start + n)]
    Person.objects.bulk_create([Person(agency=agency, full_name=name, name_folded=fold(name)) for name in names])


def test_agency_page_pages_a_large_staff_in_the_database(login, focal_point, agency, django_assert_num_queries):
    """Issue 16: an agency of 1,000+ staff gets 50 a page with a count and pager links, not a 160 KB page;
    twice the staff costs no more queries."""
    url = reverse("directory:agency_detail", args=[agency.pk])
    _bulk_staff(agency, 1000)
    client = login(focal_point)
    client.get(url)
    # session, user, memberships, assignments (scope), agency, staff count, assignments with communes, the page
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    _bulk_staff(agency, 1000, start=1000)
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count("/sua/") == 50 or page.count("<tr") == 51
    assert "2.003 cán bộ" in page or "2,003 cán bộ" in page
    assert "?trang=2" in page and "1/41" in page
    with django_assert_num_queries(8):
        last = client.get(url, {"trang": "41"}).content.decode()
    assert "Cán Bộ Thứ 0000" in page and "Cán Bộ Thứ 0050" not in page  # Vietnamese order, 50 a page
    first_three = list(Person.objects.filter(agency=agency).exclude(full_name__startswith="Cán Bộ").values_list(
        "full_name", flat=True))  # the factory's "Trần Thị …", after "Cán Bộ …" in Vietnamese order
    assert len(first_three) == 3 and all(name in last for name in first_three)
    assert "Cán Bộ Thứ 1999" not in last and "Trang trước" in last and "Trang sau" not in last
    assert len(page) < 40_000, len(page)
    # a search pages too, and the pager keeps it
    found = client.get(url, {"q": "can bo thu 1"}).content.decode()
    assert "1.000 cán bộ có tên phù hợp" in found or "1,000 cán bộ có tên phù hợp" in found
    assert "?trang=2&amp;q=can%20bo%20thu%201" in found and "Cán Bộ Thứ 0999" not in found
