"""The coordinating unit is any unit, chosen by data: a district (the seeds), a province's office
(after 01/07/2025) or a merged commune that runs its own programme — for the scope, the pages and
the roll-up alike, and for the superuser too."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import ActionDay, Programme
from directory.models import AdministrativeUnit, Commune, Role, Village
from directory.services import coordinating_unit_of
from ntm_portal.access import district_of_scope, require_coordinator, scope_of
from reporting.rollup import build_weekly_rollup
from reporting.rollup_xlsx import rollup_xlsx
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.conftest import file_report

pytestmark = pytest.mark.django_db
ON = datetime.date(2025, 7, 1)
SATURDAY = datetime.date(2025, 7, 5)


@pytest.fixture
def merged(district):
    call_command("merge_communes", verbosity=0)
    return {c.code: c for c in Commune.objects.current(ON).filter(parent=district.parent)}


def _user(name, role, unit, **extra):
    user = UserFactory(username=name, **extra)
    if unit is not None:
        MembershipFactory(user=user, role=role, unit=unit)
    return user


def test_a_province_office_coordinates_its_communes_and_reads_the_former_ones(district, merged):
    province = district.parent
    officer = _user("so.nnmt", Role.COORDINATOR, province)
    Programme.objects.create(owner=province)
    scope = scope_of(officer)
    hoa_ninh = merged["25036"]
    hoa_trung = Commune.objects.get(code="25039", valid_to=ON - datetime.timedelta(days=1))
    assert scope.can_read_commune(hoa_ninh) and scope.can_coordinate_commune(hoa_ninh)
    assert scope.can_read_commune(hoa_trung)  # history, through the district the province had
    assert district_of_scope(scope) == province
    require_coordinator(officer, province.pk)
    with pytest.raises(PermissionDenied):
        require_coordinator(_user("lanhdao.tinh", Role.LEADER, province), province.pk)
    assert coordinating_unit_of(hoa_trung) == province  # its programme is the province's now


def test_a_merged_commune_can_run_its_own_programme(district, merged, client):
    di_linh = merged["25000"]
    programme = Programme.objects.create(owner=di_linh, name="Ngày Chủ nhật xanh")
    coordinator = _user("xa.dilinh.dieuphoi", Role.COORDINATOR, di_linh)
    scope = scope_of(coordinator)
    assert district_of_scope(scope) == di_linh
    assert scope.can_read_commune(di_linh) and scope.can_coordinate_commune(di_linh)
    assert not scope.can_read_commune(merged["25036"])
    village = Village.objects.filter(parent=di_linh).first()
    assert coordinating_unit_of(village) == di_linh and coordinating_unit_of(merged["25036"]) == district.parent

    client.force_login(coordinator)
    page = client.get(reverse("campaigns:programme_settings"))
    assert page.status_code == 200 and "Ngày Chủ nhật xanh" in page.content.decode()

    day = ActionDay.objects.create(programme=programme, date=SATURDAY)
    file_report(di_linh, day, seed=7)
    rollup = build_weekly_rollup(district=di_linh, action_day=day)
    assert [c.commune_code for c in rollup.communes] == ["25000"]
    assert rollup.totals.villages_reported == Village.objects.current(SATURDAY).filter(parent=di_linh).count()
    assert rollup.district_name == "Xã Di Linh"
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup)))
    text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "xã Di Linh" in text.replace("Xã Di Linh", "xã Di Linh") and "huyện" not in text.lower()


def test_the_superuser_works_for_the_unit_that_runs_the_programme(district, merged):
    admin = _user("admin", None, None, is_superuser=True, is_staff=True)
    programme = Programme.objects.create(owner=district)
    assert district_of_scope(scope_of(admin)) == district  # closed, but the only one that runs a programme
    programme.owner = district.parent
    programme.save(update_fields=["owner"])
    admin = type(admin).objects.get(pk=admin.pk)  # a new request: the scope is computed again
    assert district_of_scope(scope_of(admin)) == district.parent
    assert scope_of(admin).can_coordinate_commune(merged["25036"])


def test_the_merger_hands_the_district_programme_on_to_the_province(district):
    programme = Programme.objects.create(owner=district)
    _user("dieuphoi", Role.COORDINATOR, district)
    call_command("merge_communes", district_roles_to_province=True, verbosity=0)
    programme.refresh_from_db()
    province = AdministrativeUnit.objects.get(level="province", code="68")
    assert programme.owner == province
    call_command("merge_communes", district_roles_to_province=True, verbosity=0)  # a rerun changes nothing
    assert Programme.objects.filter(owner=province).count() == 1
