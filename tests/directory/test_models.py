"""Database constraints keep the directory consistent whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from directory.models import AdministrativeUnit, Assignment, HouseholdCount, Membership, Role, UnitLevel, Village
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _violates(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        kwargs.pop("model").objects.create(**kwargs)


def test_unit_codes_are_unique_per_level(hoa_ninh):
    _violates(model=AdministrativeUnit, level=UnitLevel.COMMUNE, kind="xa", code="25036", name="Trùng", parent=hoa_ninh.parent)


def test_a_current_village_name_is_unique_in_its_commune_but_history_may_repeat_it(hoa_ninh):
    _violates(model=AdministrativeUnit, level=UnitLevel.VILLAGE, kind="thon", name="Thôn 1", parent=hoa_ninh)
    old = Village.objects.create(level=UnitLevel.VILLAGE, kind="thon", name="Thôn 1", parent=hoa_ninh,
                                 valid_from=datetime.date(2010, 1, 1), valid_to=datetime.date(2019, 12, 31))
    assert old.pk


def test_units_below_province_need_a_parent_and_ordered_dates(hoa_ninh):
    _violates(model=AdministrativeUnit, level=UnitLevel.COMMUNE, kind="xa", code="1", name="Mồ côi")
    _violates(model=AdministrativeUnit, level=UnitLevel.VILLAGE, kind="thon", name="Thôn X", parent=hoa_ninh,
              valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2023, 1, 1))


def test_a_merged_commune_keeps_its_history(hoa_ninh, district):
    """01/07/2025: communes merged. The old unit is closed and points at its successor."""
    merged = AdministrativeUnit.objects.create(level=UnitLevel.COMMUNE, kind="xa", code="99999", name="Hòa Ninh mới",
                                               parent=district, valid_from=datetime.date(2025, 7, 1))
    AdministrativeUnit.objects.filter(pk=hoa_ninh.pk).update(valid_to=datetime.date(2025, 6, 30), successor=merged)
    assert merged.predecessors.get() == hoa_ninh
    assert not AdministrativeUnit.objects.current(datetime.date(2025, 7, 2)).filter(pk=hoa_ninh.pk).exists()
    assert AdministrativeUnit.objects.current(datetime.date(2024, 1, 1)).filter(pk=hoa_ninh.pk).exists()
    assert hoa_ninh.children.count() == 10  # its villages stay attached to it


def test_one_household_figure_per_village_and_date(hoa_ninh):
    village = hoa_ninh.children.first()
    _violates(model=HouseholdCount, village=village, as_of=datetime.date(2023, 1, 1), households=1)


def test_one_open_assignment_per_agency_and_commune(district, hoa_ninh):
    agency = AgencyFactory(owner=district)
    Assignment.objects.create(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 1, 1))
    _violates(model=Assignment, agency=agency, commune=hoa_ninh, valid_from=datetime.date(2024, 1, 1))
    _violates(model=Assignment, agency=agency, commune=hoa_ninh, valid_from=datetime.date(2024, 1, 1),
              valid_to=datetime.date(2023, 1, 1))


def test_a_membership_scope_matches_its_role(district):
    user = UserFactory()
    agency = AgencyFactory(owner=district)
    _violates(model=Membership, user=user, role=Role.AGENCY_FOCAL_POINT, unit=district)
    _violates(model=Membership, user=user, role=Role.COMMUNE_OFFICER, agency=agency)
    _violates(model=Membership, user=user, role=Role.LEADER)


def test_unit_types_are_lower_case_inside_a_sentence_and_a_township_is_no_commune():
    from directory.models import UnitKind, count_by_kind, in_sentence

    assert in_sentence("Xã Tân Thượng") == "xã Tân Thượng"
    assert in_sentence("Thị trấn Di Linh") == "thị trấn Di Linh"
    assert in_sentence("Huyện Di Linh") == "huyện Di Linh"
    assert in_sentence("Thôn 1") == "thôn 1" and in_sentence("Trường Tiểu học") == "Trường Tiểu học"
    assert count_by_kind([UnitKind.COMMUNE] * 12 + [UnitKind.TOWNSHIP]) == "12 xã, 1 thị trấn"
    assert count_by_kind([UnitKind.COMMUNE] * 6) == "6 xã"
    assert count_by_kind([]) == "0 xã"
