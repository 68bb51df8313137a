"""Related villages, criteria and tasks of a library document: chosen on the metadata form (only from
the owner's territory and the criteria sets in use), shown with links, filterable; a directing
document's tasks, as far as the reader may read them."""

import datetime

import pytest
from django.urls import reverse

from criteria.loaders import load_shipped_sets
from criteria.models import Criterion
from directory.models import AdministrativeUnit, Commune, UnitLevel
from library import services
from library.models import Document, DocumentKind
from ntm_portal.models import AuditEntry
from tests.directives.factories import dated, make_directive

pytestmark = pytest.mark.django_db


def _village(commune):
    return AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE, parent=commune).order_by("name").first()


@pytest.fixture
def criteria(db):
    """Two criteria of a set in use today (no end date); the shipped sets also hold sets that ended."""
    load_shipped_sets()
    return list(Criterion.objects.filter(criteria_set__valid_to__isnull=True).order_by("criteria_set", "number")[:2])


def _doc(owner, user, subject="Kế hoạch xây dựng khu dân cư kiểu mẫu", **extra):
    return services.create_document(owner, user, kind=DocumentKind.PLAN, number="7/KH", issued_on=None,
                                    issuing_body="UBND xã", signer="", subject=subject, text=subject, **extra)


def test_villages_and_criteria_are_chosen_saved_audited_and_linked(login, coordinator, district, hoa_ninh, criteria,
                                                                  media):
    document = _doc(district, coordinator)
    village = _village(hoa_ninh)
    data = {"kind": "KH", "number": "7/KH", "subject": document.subject, "issuing_body": "UBND xã",
            "visibility": "public", "villages": [village.pk], "criteria": [c.pk for c in criteria]}
    client = login(coordinator)
    form = client.get(reverse("library:edit", args=[document.pk])).context["form"]
    assert village in form.fields["villages"].queryset
    assert criteria[0] in form.fields["criteria"].queryset
    ended = Criterion.objects.filter(criteria_set__valid_to__lt=datetime.date.today()).first()
    if ended is not None:  # a set no longer in use is not offered
        assert ended not in form.fields["criteria"].queryset
    assert client.post(reverse("library:edit", args=[document.pk]), data).status_code == 302
    assert list(document.villages.all()) == [village]
    assert set(document.criteria.all()) == set(criteria)
    audit = AuditEntry.objects.get(action="library.document.update", target_id=str(document.pk))
    assert audit.changes["villages"] == [[], [village.pk]]
    assert audit.changes["criteria"] == [[], sorted(c.pk for c in criteria)]
    html = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert f'href="{reverse("directory:commune_detail", args=[hoa_ninh.pk])}">{village.name} ({hoa_ninh.name})' in html
    assert f'href="{reverse("criteria:set_detail", args=[criteria[0].criteria_set_id])}"' in html
    assert criteria[0].name in html


def test_a_commune_library_offers_only_its_own_villages(login, commune_officer, hoa_ninh, gia_bac, media):
    document = _doc(hoa_ninh, commune_officer)
    client = login(commune_officer)
    villages = client.get(reverse("library:edit", args=[document.pk])).context["form"].fields["villages"].queryset
    assert set(villages.values_list("parent_id", flat=True)) == {hoa_ninh.pk}
    response = client.post(reverse("library:edit", args=[document.pk]), {
        "kind": "KH", "number": "7/KH", "subject": document.subject, "visibility": "public",
        "villages": [_village(gia_bac).pk]})
    assert response.status_code == 200 and response.context["form"].errors["villages"]
    assert not document.villages.exists()
    assert not AuditEntry.objects.filter(action="library.document.update").exists()


def test_the_library_filters_by_village_and_criterion(login, coordinator, district, hoa_ninh, gia_bac, criteria,
                                                      media):
    a = _doc(district, coordinator, subject="Kế hoạch thôn một", villages=[_village(hoa_ninh)], criteria=[criteria[0]])
    b = _doc(district, coordinator, subject="Kế hoạch thôn hai", villages=[_village(gia_bac)], criteria=[criteria[1]])
    _doc(district, coordinator, subject="Kế hoạch không thôn")
    client = login(coordinator)

    def found(**params):
        return {r.document.pk for r in client.get(reverse("library:index"), params).context["results"]}
    assert found(thon=_village(hoa_ninh).pk) == {a.pk}
    assert found(tieu_chi=criteria[1].pk) == {b.pk}
    assert found(thon=_village(hoa_ninh).pk, tieu_chi=criteria[1].pk) == set()
    assert len(found()) == 3


def test_a_directing_document_shows_the_tasks_each_reader_may_read(login, coordinator, commune_officer, district,
                                                                   agency, hoa_ninh, gia_bac, media):
    document = make_directive(owner=district, actor=coordinator, tasks=[
        dated("Xây dựng cơ chế hỗ trợ cụ thể cho các xã", datetime.date(2026, 11, 30), lead_agency=agency, point="7"),
        dated("Xã Hòa Ninh báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=hoa_ninh, point="2a"),
        dated("Xã Gia Bắc báo cáo kết quả chỉ đạo", datetime.date(2026, 11, 25), lead_commune=gia_bac, point="2b"),
    ])
    tasks = {t.point: t for t in document.directive_tasks.all()}
    url = reverse("library:detail", args=[document.pk])
    page = login(coordinator).get(url)
    assert [t.point for t in page.context["tasks"]] == ["7", "2a", "2b"]  # the document's order
    html = page.content.decode()
    assert reverse("directives:document_detail", args=[document.pk]) in html
    for task in tasks.values():
        assert reverse("directives:task_detail", args=[task.pk]) in html
    page = login(commune_officer).get(url)
    html = page.content.decode()
    assert [t.point for t in page.context["tasks"]] == ["2a"]
    assert reverse("directives:task_detail", args=[tasks["2a"].pk]) in html
    assert reverse("directives:task_detail", args=[tasks["2b"].pk]) not in html
    assert reverse("directives:document_detail", args=[document.pk]) in html
    # A reader of the library with no task of it: no task, no link to the follow-up page (which is 404 for them).
    hoa_trung_officer = _officer(Commune.objects.get(code="25039"))
    page = login(hoa_trung_officer).get(url)
    assert page.status_code == 200  # the directive is public in the library
    assert page.context["tasks"] == [] and not page.context["is_directive"]
    assert reverse("directives:document_detail", args=[document.pk]) not in page.content.decode()
    assert login(hoa_trung_officer).get(reverse("directives:document_detail", args=[document.pk])).status_code == 404


def test_an_ordinary_document_has_no_task_section(login, coordinator, district, media):
    document = _doc(district, coordinator)
    page = login(coordinator).get(reverse("library:detail", args=[document.pk]))
    assert page.context["tasks"] == [] and not page.context["is_directive"]
    assert 'id="related-tasks"' not in page.content.decode()
    assert Document.objects.count() == 1


def _officer(commune):
    from directory.models import Role
    from tests.conftest import _user

    return _user("xa.hoatrung", Role.COMMUNE_OFFICER, unit=commune)


def test_a_criterion_of_an_ended_set_stays_on_its_document(login, coordinator, district, criteria, media):
    ended = Criterion.objects.filter(criteria_set__valid_to__lt=datetime.date.today()).select_related(
        "criteria_set").first()
    assert ended is not None  # the shipped 2021–2025 sets ended
    document = _doc(district, coordinator, criteria=[ended])
    client = login(coordinator)
    form = client.get(reverse("library:edit", args=[document.pk])).context["form"]
    assert ended in form.fields["criteria"].queryset
    data = {"kind": "KH", "number": "7/KH", "subject": document.subject, "visibility": "public",
            "criteria": [ended.pk]}
    assert client.post(reverse("library:edit", args=[document.pk]), data).status_code == 302
    assert list(document.criteria.all()) == [ended]
    results = client.get(reverse("library:index"), {"tieu_chi": ended.pk}).context["results"]
    assert [r.document.pk for r in results] == [document.pk]


def test_the_demo_directive_on_model_areas_names_the_model_area_criteria(district, criteria, media):
    from library.demo import seed_library

    seed_library()
    document = Document.objects.get(is_demo=True, versions__filename__startswith="003")
    named = list(document.criteria.select_related("criteria_set"))
    assert named and {c.criteria_set.code for c in named} == {"KDC-KIEU-MAU"}
    assert len(named) == Criterion.objects.filter(criteria_set=named[0].criteria_set).count()
