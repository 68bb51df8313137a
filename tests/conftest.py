"""Shared fixtures: the real Di Linh territory, and one user per role.

The territory (19 communes, 183 demo villages) is loaded once per test database from the files
the portal ships; each test then runs in a transaction that is rolled back.
"""

import datetime
import os

import pytest
from django.core.management import call_command

from directory.models import Commune, District, Role
from tests.factories import AgencyFactory, AssignmentFactory, MembershipFactory, PersonFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(available: bool, what: str) -> None:
    """In CI every service must be there (nothing is skipped); on a laptop, skip with the reason."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not reachable")
    pytest.skip(f"{what} not reachable on this machine")


def load_reference_territory() -> None:
    """The territory, and the rows data migrations put in (a transactional test's flush removes them)."""
    from campaigns.models import TaskType
    from campaigns.task_types import seed_task_types

    call_command("load_territory", verbosity=0, as_of="2023-01-01")
    seed_task_types(TaskType)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_territory()


@pytest.fixture
def district(db):
    return District.objects.get(code="679")


@pytest.fixture
def hoa_ninh(db):
    return Commune.objects.get(code="25036")


@pytest.fixture
def gia_bac(db):
    return Commune.objects.get(code="25051")


@pytest.fixture
def agency(district, hoa_ninh):
    agency = AgencyFactory(owner=district, name="Phòng Tài chính - Kế hoạch")
    AssignmentFactory(agency=agency, commune=hoa_ninh, valid_from=datetime.date(2023, 2, 1))
    PersonFactory.create_batch(3, agency=agency)
    return agency


@pytest.fixture
def other_agency(district, gia_bac):
    agency = AgencyFactory(owner=district, name="Hội Nông dân huyện")
    AssignmentFactory(agency=agency, commune=gia_bac, valid_from=datetime.date(2023, 2, 1))
    PersonFactory.create_batch(2, agency=agency)
    return agency


def _user(username, role, unit=None, agency=None, units=()):
    user = UserFactory(username=username)
    for u in [u for u in (unit, *units) if u is not None] or [None]:
        MembershipFactory(user=user, role=role, unit=u, agency=agency)
    return user


@pytest.fixture
def coordinator(district):
    return _user("dieuphoi", Role.COORDINATOR, unit=district)


@pytest.fixture
def leader(district):
    return _user("lanhdao", Role.LEADER, unit=district)


@pytest.fixture
def inspector(district):
    return _user("kiemtra", Role.INSPECTOR, unit=district)


@pytest.fixture
def commune_officer(hoa_ninh):
    return _user("xa.hoaninh", Role.COMMUNE_OFFICER, unit=hoa_ninh)


@pytest.fixture
def other_commune_officer(gia_bac):
    return _user("xa.giabac", Role.COMMUNE_OFFICER, unit=gia_bac)


@pytest.fixture
def focal_point(agency):
    return _user("coquan.tckh", Role.AGENCY_FOCAL_POINT, agency=agency)


@pytest.fixture
def other_focal_point(other_agency):
    return _user("coquan.hnd", Role.AGENCY_FOCAL_POINT, agency=other_agency)


@pytest.fixture
def area_monitor(hoa_ninh):
    hoa_trung = Commune.objects.get(code="25039")
    return _user("phutrach", Role.AREA_MONITOR, units=(hoa_ninh, hoa_trung))


@pytest.fixture
def login(client):
    """login(user) → the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that commit (live server, browser, real processes) run last: they empty the database
    when they finish, and the territory loaded once for the session must serve the others first."""

    def commits(item) -> bool:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            return True
        return bool({"live_server", "transactional_db", "page"} & set(getattr(item, "fixturenames", ())))

    items.sort(key=commits)
