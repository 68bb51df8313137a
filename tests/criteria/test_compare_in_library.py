"""A printed criteria comparison appears in the document library: one document per (unit, criteria set,
the two dates), a new version only when the data printed changed, found by search, seen only by its units."""

import datetime

import pytest
from django.urls import reverse

from directory.models import Commune
from library.models import Document, TextSource, Visibility
from ntm_portal.models import AuditEntry

from .test_compare import AFTER, QUERY, history  # noqa: F401  (the fixture: three communes assessed twice)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("history")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _print(client, query=QUERY):
    response = client.get(reverse("criteria:compare_pdf"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_printing_twice_keeps_one_document_with_one_version(login, coordinator, commune_set, district,
                                                            media):
    client = login(coordinator)
    first = _print(client)
    second = _print(client)
    documents = Document.objects.filter(generated_key__startswith="criteria-compare:")
    assert documents.count() == 1
    document = documents.get()
    assert document.generated_key == f"criteria-compare:{district.pk}:{commune_set.pk}:2023-01-18:2023-07-31"
    assert document.owner == district and document.visibility == Visibility.UNITS
    assert list(document.visible_to.all()) == [district]
    assert document.communes.count() == Commune.objects.current().filter(parent=district).count()
    version = document.versions.get()
    assert version.text_source == TextSource.GENERATED and version.content_type == "application/pdf"
    with version.file.open("rb") as handle:
        assert handle.read() == first  # the first print is the one kept, the second added nothing
    assert second[:5] == b"%PDF-"
    assert "so sánh ngày 18/01/2023 và ngày 31/07/2023" in " ".join(version.text.split())
    assert len(version.data_sha256) == 64
    assert AuditEntry.objects.filter(action="library.document.create", target_id=str(document.pk)).count() == 1
    assert not AuditEntry.objects.filter(action="library.version.add", target_id=str(document.pk)).exists()


def test_changed_data_makes_a_second_version(login, coordinator, commune_set, district, media, assess,
                                             commune_officer):
    client = login(coordinator)
    _print(client)
    document = Document.objects.get(generated_key__startswith="criteria-compare:")
    first_hash = document.versions.get().data_sha256
    # Tân Lâm had no verified assessment by 31/07/2023; now it has one: the comparison's figures change.
    assess(criteria_set=commune_set, unit=Commune.objects.get(name="Tân Lâm"), as_of=AFTER - datetime.timedelta(days=10),
           actor=commune_officer)
    _print(client)
    _print(client)
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].data_sha256 != first_hash and versions[1].text_source == TextSource.GENERATED
    assert Document.objects.filter(generated_key__startswith="criteria-compare:").count() == 1
    entry = AuditEntry.objects.get(action="library.version.add", target_id=str(document.pk))
    assert entry.actor == coordinator and entry.changes["version"] == [None, 2]
    page = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert "Cổng tự in (số liệu đã thay đổi)" in page


def test_the_kept_comparison_is_found_by_search_and_limited_to_its_units(login, coordinator, commune_set,
                                                                         commune_officer, hoa_ninh, media):
    _print(login(coordinator))
    document = Document.objects.get(generated_key__startswith="criteria-compare:")
    response = login(coordinator).get(reverse("library:index"), {"q": "ket qua bo tieu chi so sanh ngay 31/07/2023"})
    found = [r.document.pk for r in response.context["results"]]
    assert found and found[0] == document.pk
    # The district-wide comparison is the coordinating unit's: a commune officer neither finds nor opens it.
    officer = login(commune_officer)
    assert document.pk not in [r.document.pk for r in officer.get(
        reverse("library:index"), {"q": "so sanh tieu chi"}).context["results"]]
    assert officer.get(reverse("library:detail", args=[document.pk])).status_code == 404
    # The commune's own comparison, printed by its officer, is kept for the commune (and its district).
    _print(officer, {**QUERY, "commune": hoa_ninh.pk})
    own = Document.objects.get(generated_key__startswith=f"criteria-compare:{hoa_ninh.pk}:")
    assert set(own.visible_to.all()) == {hoa_ninh.parent, hoa_ninh}
    assert officer.get(reverse("library:detail", args=[own.pk])).status_code == 200
    assert Document.objects.filter(generated_key__startswith="criteria-compare:").count() == 2
