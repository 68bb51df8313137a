# ruff: noqa: F811  (fixtures imported from the reporting and criteria conftests are used by name)
"""Every URL pattern of the portal, with real ids, as every role (issue 12 C).

- GET and POST of every page, export and download: never a 500, only the statuses the access
  rules give (200/302, 400 for a bad form, 403 read-only, 404 out of scope, 405, 422);
- no phone number (nor party membership) of an agency's staff appears in the HTML, PDF or XLSX
  a role receives unless the role is that agency or the coordinating office
  (ntm_portal.access.can_view_personal_data);
- every URL pattern is named in one of the role × view matrices.
"""

import datetime
import io
import pathlib
import re

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from campaigns.models import Proposal, RosterEntry, TaskType
from criteria import services as criteria_services
from directory.models import Person, Village
from library import services as library_services
from reporting.models import RollUp, RollupRecipient
from reporting.rollup import build_weekly_rollup
from reporting.rollup_xlsx import rollup_xlsx
from tests.criteria.conftest import commune_set, sets  # noqa: F401 (fixtures)
from tests.directives.factories import directive_world
from tests.recognition.world import recognition_world
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

REPO = pathlib.Path(__file__).resolve().parents[2]
ROLES = ["coordinator", "commune_officer", "other_commune_officer", "focal_point", "other_focal_point", "leader",
         "area_monitor", "inspector"]
ALLOWED = {200, 302, 400, 403, 404, 405, 415, 422, 429}  # 415: the API takes JSON, not a form
SKIPPED_PREFIXES = ("quan-tri/", "health/", "tai-khoan/")  # the admin, the probe, auth pages (test_accounts)


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


@pytest.fixture
def world(week, district, hoa_ninh, gia_bac, agency, other_agency, action_day, coordinator, commune_officer,
          commune_set, settings, tmp_path, focal_point):
    """Every kind of object the URLs name, with phones on every roster entry."""
    settings.MEDIA_ROOT = tmp_path
    for entry in RosterEntry.objects.select_related("person"):
        entry.phone, entry.is_party_member = entry.person.phone, True
        entry.save(update_fields=["phone", "is_party_member"])
    assessment = criteria_services.assessment_create(criteria_set=commune_set, unit=hoa_ninh,
                                                     as_of=datetime.date(2023, 7, 31), actor=commune_officer)
    evidence = criteria_services.evidence_add(assessment=assessment, indicator=None,
                                              upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
                                              actor=commune_officer)
    rollup = RollUp(district=district, action_day=action_day, version=1, status=RollUp.Status.READY,
                    data_version="x" * 64)
    rollup.pdf.save("r.pdf", ContentFile(b"%PDF-1.7"), save=False)
    rollup.xlsx.save("r.xlsx", ContentFile(rollup_xlsx(build_weekly_rollup(district=district, action_day=action_day))),
                     save=False)
    rollup.save()
    report = week["reports"]["on_time"]
    document = library_services.create_document(
        district, coordinator, kind="TB", number="422-TB/HU", issued_on=datetime.date(2023, 3, 2),
        issuing_body="Huyện ủy Di Linh", signer="", subject="Kết luận Hội nghị ngày thứ Bảy",
        file=ContentFile("Ngày thứ Bảy vì nông thôn mới".encode(), name="ket-luan.txt"),
        visibility="units", visible_to=[hoa_ninh])
    directive = directive_world(district=district, agency=agency, commune=hoa_ninh, coordinator=coordinator)
    bcd_seat, member_report = _bcd_world(district, hoa_ninh, focal_point)
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    case, fund_entry = _recognition_objects(village, commune_officer)
    return {
        "document_id": document.pk,
        **directive,
        "membership_id": bcd_seat.pk, "period": member_report.period_end.isoformat(),
        "member_report_id": member_report.pk,
        "agency_id": agency.pk, "commune_id": hoa_ninh.pk, "action_day_id": action_day.pk,
        "village_id": Village.objects.filter(parent=hoa_ninh).order_by("name").first().pk,
        "person_id": agency.staff.order_by("pk").first().pk, "user_id": commune_officer.pk,
        "task_id": 999999, "report_id": report.pk, "number": 1, "photo_id": 999999,
        "proposal_id": Proposal.objects.filter(commune=hoa_ninh).first().pk,
        "task_type_id": TaskType.objects.order_by("pk").first().pk, "rollup_id": rollup.pk, "kind": "xlsx",
        "recipient_id": RollupRecipient.objects.create(district=district, name="Văn phòng", email="vp@example.vn").pk,
        "unit_id": hoa_ninh.pk, "assessment_id": assessment.pk, "evidence_id": evidence.pk,
        "set_id": commune_set.pk, "notice_id": 999999,
        "indicator_id": commune_set.indicators.order_by("pk").first().pk,
        **recognition_world(district=district, hoa_ninh=hoa_ninh, coordinator=coordinator,
                            commune_officer=commune_officer),
        "case_id": case.pk, "entry_id": fund_entry.pk,
    }


def _bcd_world(district, hoa_ninh, focal_point):
    """The focal point's user is a member of the district's BCĐ, in charge of Hòa Ninh, with a
    submitted report for the last period due."""
    from directives import member_services
    from directives.models import BcdMembership
    from directives.selectors.members import dashboard_period

    seat = BcdMembership.objects.create(unit=district, full_name="Phạm Thành Viên", user=focal_point,
                                        valid_from=datetime.date(2023, 1, 1))
    seat.communes.set([hoa_ninh])
    report = member_services.member_report_open(membership=seat, period=dashboard_period(), actor=focal_point)
    member_services.member_report_save(report=report, actor=focal_point, content="Đã về xã Hòa Ninh.")
    return seat, member_services.member_report_submit(report=report, actor=focal_point, token="w")


def _recognition_objects(village, officer):
    """A model-area case of Hòa Ninh's first village (registered) and an entry of its fund ledger."""
    from criteria.models import CriteriaSet
    from recognition.services.areas import area_case_register
    from recognition.services.funds import EntryInput, fund_entry_add

    case = area_case_register(village=village, criteria_set=CriteriaSet.objects.get(code="KDC-KIEU-MAU"),
                              registered_on=datetime.date(2023, 3, 1), actor=officer)
    entry = fund_entry_add(village=village, actor=officer, data=EntryInput(
        direction="in", kind="money", source="households", on=datetime.date(2023, 3, 4), amount=500000,
        description="Đóng góp quỹ thôn"))
    return case, entry


def _urls(world):
    urls = []
    for route, name, pattern in _patterns():
        if route.startswith(SKIPPED_PREFIXES) or name.startswith("admin:"):
            continue
        names = list(pattern.pattern.converters) or re.findall(r"<(?:\w+:)?(\w+)>", route)
        kwargs = {key: world[key] for key in names}
        if "kind" in kwargs:
            urls += [(name, reverse(name, kwargs={**kwargs, "kind": kind})) for kind in ("pdf", "xlsx")]
        else:
            urls.append((name, reverse(name, kwargs=kwargs)))
        if name.startswith("dashboards:"):
            urls.append((name + "?xlsx", reverse(name, kwargs=kwargs) + "?xuat=xlsx"))
    return urls


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content.startswith(b"%PDF"):
        try:
            return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        except Exception:  # the stand-in roll-up PDF of the fixture is not a real PDF
            return content.decode("latin-1")
    if "wordprocessingml" in kind:  # the review draft (DOCX): its paragraphs and table cells
        document = docx.Document(io.BytesIO(content))
        return " ".join([p.text for p in document.paragraphs]
                        + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    if content.startswith(b"PK") or "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content))
        return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                        if c.value is not None)
    return content.decode("utf-8", errors="replace")


def _phones_of(agency_ids):
    return set(Person.objects.filter(agency_id__in=agency_ids).exclude(phone="").values_list("phone", flat=True))


def _hidden_phones(role, agency, other_agency):
    """The phones a role must never receive."""
    if role == "coordinator":
        return set()
    if role == "focal_point":
        return _phones_of([other_agency.pk])
    if role == "other_focal_point":
        return _phones_of([agency.pk])
    return _phones_of([agency.pk, other_agency.pk])


@pytest.mark.parametrize("role", ROLES)
def test_every_url_as_every_role_answers_within_the_rules_and_leaks_no_phone(request, client, world, role, agency,
                                                                            other_agency):
    client.force_login(request.getfixturevalue(role))
    hidden = _hidden_phones(role, agency, other_agency)
    assert hidden or role == "coordinator"
    problems = []
    for name, url in _urls(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in ALLOWED:
                problems.append((method, name, response.status_code))
                continue
            if method == "get" and response.status_code == 200:
                text = _text(response)
                leaked = sorted(p for p in hidden if p in text)
                if leaked:
                    problems.append((method, name, "phones", leaked[:3]))
    assert not problems, f"{role}: {problems}"


def test_the_coordinator_and_the_agency_do_see_the_phones(login, world, coordinator, focal_point, agency, hoa_ninh,
                                                         action_day):
    """The check above can fail: the same pages show the phones to those allowed to see them."""
    phone = agency.staff.order_by("pk").first().phone
    for user in (coordinator, focal_point):
        page = login(user).get(reverse("campaigns:roster_edit", args=[agency.pk, hoa_ninh.pk, action_day.pk]))
        assert phone in page.content.decode()
    workbook = login(coordinator).get(reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk]))
    assert phone in _text(workbook)


API_DATA = "api:"
API_PAGES = {"api:docs"}  # the docs page is a page: the login page


def test_anonymous_is_sent_to_the_login_page_everywhere(client, world):
    for name, url in _urls(world):
        response = client.get(url)
        if name.startswith(API_DATA) and name not in API_PAGES:
            # the API answers 401 in its error shape (a program has no login page to follow)
            assert response.status_code == 401, name
            if response["Content-Type"].startswith("application/json"):  # the schema answers in YAML
                assert response.json()["code"] == "not_authenticated", name
            continue
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_every_url_pattern_is_in_a_role_matrix():
    """Each named URL appears in one of the role × view matrices (tests/*/test_*access*.py)."""
    matrices = " ".join(path.read_text(encoding="utf-8") for path in (REPO / "tests").glob("*/test_*access*.py"))
    missing = [name for route, name, _p in _patterns()
               if not route.startswith(SKIPPED_PREFIXES) and not name.startswith("admin:")
               and f'"{name}"' not in matrices]
    assert missing == []


HOSTILE_QUERY = {
    "q": "Nguyễn" * 2000, "ngay": "9" * 25, "so_tuan": "52", "xa": "9" * 25, "trang": "-1", "loai": "'; --",
    "sap_xep": "9" * 25, "xuat": "xlsx", "date_before": "31/02/2023", "date_after": "99/99/9999",
    "commune": "9" * 25, "status": "x", "bo": "9" * 25, "huyen": "9" * 25, "action": "%", "actor": "_",
    "kind": "x", "chua-gui": "1", "sao-chep": "1", "target": "\\", "date_from": "2023-13-45", "date_to": "x",
}


@pytest.mark.parametrize("role", ["coordinator", "leader", "commune_officer", "focal_point"])
def test_hostile_query_parameters_never_give_a_500(request, client, world, role):
    """Over-long text, numbers past any integer column, impossible dates, SQL-looking text (A6)."""
    client.force_login(request.getfixturevalue(role))
    problems = []
    for name, url in _urls(world):
        base = url.split("?")[0]
        status = client.get(base, HOSTILE_QUERY).status_code
        if status not in ALLOWED:
            problems.append((name, status))
    assert not problems
