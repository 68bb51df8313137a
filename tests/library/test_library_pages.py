"""The library's pages: who sees which document (404 otherwise), the upload with its proposed
metadata confirmed by the person, versions, metadata changes with their audit rows, the search
page (filters, escaped highlights, query count)."""

import io
import re

import pytest
from django.urls import reverse

from library import services
from library.models import Document, DocumentKind, DocumentVersion, TextSource, Visibility
from ntm_portal.models import AuditEntry
from tests.library.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(district, hoa_ninh, coordinator, media):
    """A document of the district limited to Hòa Ninh, and one of Hòa Ninh's own library kept to itself."""
    to_hoa_ninh = services.create_document(
        district, coordinator, kind=DocumentKind.DECISION, number="15/QĐ-UBND", issued_on=None, issuing_body="UBND",
        signer="", subject="Giao chỉ tiêu khu dân cư kiểu mẫu cho xã Hòa Ninh", text="Nội dung quyết định",
        visibility=Visibility.UNITS, visible_to=[hoa_ninh])
    own = services.create_document(
        hoa_ninh, None, kind=DocumentKind.PLAN, number="3/KH-UBND", issued_on=None, issuing_body="UBND xã Hòa Ninh",
        signer="", subject="Kế hoạch riêng của xã", text="Kế hoạch của xã Hòa Ninh", visibility=Visibility.UNITS)
    return to_hoa_ninh, own


@pytest.mark.parametrize("role, sees_limited, sees_own", [
    ("coordinator", True, True), ("leader", True, True), ("inspector", True, True),
    ("commune_officer", True, True), ("area_monitor", True, True),
    ("other_commune_officer", False, False), ("focal_point", False, False),
])
def test_access_per_document(request, login, seed_documents, limited, role, sees_limited, sees_own):
    client = login(request.getfixturevalue(role))
    public, district_only = seed_documents["000"], seed_documents["004"]  # 004 is limited to the district
    to_hoa_ninh, own = limited
    district_roles = role in {"coordinator", "leader", "inspector"}
    expectations = {public: True, district_only: district_roles, to_hoa_ninh: sees_limited or district_roles,
                    own: sees_own}
    for document, visible in expectations.items():
        page = client.get(reverse("library:detail", args=[document.pk]))
        assert page.status_code == (200 if visible else 404), (role, document.subject)
        download = client.get(reverse("library:version_file", args=[document.pk, 1]))
        if document.versions.get().file:
            assert download.status_code == (200 if visible else 404)
    listed = {r.document.pk for r in client.get(reverse("library:index")).context["results"]}
    assert listed == {d.pk for d, visible in expectations.items() if visible} | (
        {seed_documents[k].pk for k in ("001", "002", "003")})


def test_the_pdf_opens_in_the_browser(login, coordinator, seed_documents):
    response = login(coordinator).get(reverse("library:version_file", args=[seed_documents["000"].pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_upload_proposes_the_header_and_saves_what_the_person_confirms(login, coordinator, district, media):
    client = login(coordinator)
    with open(SEEDS["001"], "rb") as handle:
        page = client.post(reverse("library:upload"), {"file": handle})
    assert page.status_code == 200 and page.templates[0].name == "library/confirm.html"
    form = page.context["form"]
    assert form.initial["number"] == "422-TB/HU" and form.initial["kind"] == DocumentKind.NOTICE
    assert 'value="422-TB/HU"' in page.content.decode()
    assert Document.objects.count() == 0  # nothing saved before the person confirms
    data = {"staged": form.initial["staged"], "kind": "TB", "number": "422-TB/HU", "issued_on": "02/03/2023",
            "issuing_body": "Huyện ủy Di Linh", "signer": "Nguyễn Hữu Hùng", "visibility": "public",
            "subject": "Kết luận Hội nghị đánh giá kết quả phát động Chương trình “Ngày thứ Bảy vì nông thôn mới”"}
    saved = client.post(reverse("library:upload"), data)
    document = Document.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("library:detail", args=[document.pk])
    assert (document.owner, document.number, document.issued_on.isoformat()) == (district, "422-TB/HU", "2023-03-02")
    version = document.versions.get()
    assert version.text_source == TextSource.PDF_TEXT and "Ket luan" in version.text
    assert version.file.read().startswith(b"%PDF")
    assert "ngay thu bay vi nong thon moi" in document.search_head
    audit = AuditEntry.objects.get(action="library.document.create")
    assert audit.changes["number"] == [None, "422-TB/HU"] and audit.actor_id == coordinator.pk
    again = client.post(reverse("library:upload"), data)  # the second click
    assert again.status_code == 302 and Document.objects.count() == 1


def test_the_same_file_twice_is_one_document(login, coordinator, media):
    client = login(coordinator)
    tokens = []
    for _ in range(2):
        with open(SEEDS["003"], "rb") as handle:
            tokens.append(client.post(reverse("library:upload"), {"file": handle}).context["form"].initial["staged"])
    data = {"kind": "CT", "subject": "Chỉ thị khu dân cư kiểu mẫu", "visibility": "public"}
    first = client.post(reverse("library:upload"), {**data, "staged": tokens[0]})
    second = client.post(reverse("library:upload"), {**data, "staged": tokens[1]})
    assert first["Location"] == second["Location"] and Document.objects.count() == 1


def test_a_pasted_text_alone_and_a_missing_subject(login, commune_officer, hoa_ninh, media):
    client = login(commune_officer)
    page = client.post(reverse("library:upload"), {"text": "THÔNG BÁO\nLịch ra quân tháng 5\n\nNội dung"})
    token = page.context["form"].initial["staged"]
    assert page.context["form"].initial["subject"] == "Lịch ra quân tháng 5"
    refused = client.post(reverse("library:upload"), {"staged": token, "kind": "TB", "subject": "",
                                                      "visibility": "public"})
    assert refused.status_code == 200 and Document.objects.count() == 0
    client.post(reverse("library:upload"), {"staged": token, "kind": "TB", "subject": "Lịch ra quân tháng 5",
                                            "visibility": "public"})
    document = Document.objects.get()
    assert document.owner == hoa_ninh and document.versions.get().text_source == TextSource.PASTED


def test_a_forged_stage_token_is_refused(login, coordinator, media):
    response = login(coordinator).post(reverse("library:upload"), {"staged": "x:y", "kind": "TB", "subject": "S",
                                                                   "visibility": "public"})
    assert response.status_code == 302 and Document.objects.count() == 0


def test_readers_may_not_add(login, leader, focal_point):
    for user in (leader, focal_point):
        assert login(user).get(reverse("library:upload")).status_code == 403


def test_a_bad_file_is_refused_in_vietnamese(login, coordinator, media):
    bad = io.BytesIO(b"\x00\xff\x00binary")
    bad.name = "x.bin"
    page = login(coordinator).post(reverse("library:upload"), {"file": bad})
    assert "Không nhận ra loại tệp" in page.content.decode() and Document.objects.count() == 0


def test_metadata_change_is_audited_and_limited_to_managers(login, coordinator, commune_officer, seed_documents,
                                                           hoa_ninh):
    document = seed_documents["002"]
    url = reverse("library:edit", args=[document.pk])
    assert login(commune_officer).post(url, {}).status_code == 403
    data = {"kind": "TB", "number": "125/TB-BCĐXDNTM", "issued_on": "12/11/2020", "subject": document.subject,
            "issuing_body": document.issuing_body, "signer": "Lê Phú Quốc", "visibility": "units",
            "visible_to": [hoa_ninh.pk], "communes": [hoa_ninh.pk]}
    assert login(coordinator).post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.number == "125/TB-BCĐXDNTM" and list(document.visible_to.all()) == [hoa_ninh]
    audit = AuditEntry.objects.filter(action="library.document.update").get()
    assert audit.changes["number"] == ["/TB-BCĐXDNTM", "125/TB-BCĐXDNTM"]
    assert audit.changes["visible_to"] == [[], [hoa_ninh.pk]]
    assert "125/tb-bcdxdntm" in document.search_head


def test_a_new_version_keeps_the_old_one_and_is_searched(login, coordinator, seed_documents):
    document = seed_documents["003"]
    response = login(coordinator).post(reverse("library:version_add", args=[document.pk]),
                                       {"text": "Bản gõ lại: khu dân cư kiểu mẫu, đường hoa xanh", "note": "gõ lại"})
    assert response.status_code == 302
    assert list(document.versions.values_list("number", "text_source")) == [(2, "pasted"), (1, "pdf")]
    document.refresh_from_db()
    assert "duong hoa xanh" in document.search_body
    assert AuditEntry.objects.filter(action="library.version.add", target_id=str(document.pk)).count() == 1


def test_search_filters_and_escaped_highlight(login, coordinator, district, seed_documents, hoa_ninh):
    services.create_document(district, coordinator, kind=DocumentKind.REPORT, number="9/BC", issued_on=None,
                             issuing_body="Văn phòng điều phối", signer="", subject="Báo cáo có mã lạ",
                             text="Trích dẫn <script>alert(1)</script> về nông thôn mới kiểu mẫu",
                             communes=[hoa_ninh])
    client = login(coordinator)
    page = client.get(reverse("library:index"), {"q": "script nong thon moi kieu mau"})
    html = page.content.decode()
    assert "<script>alert(1)" not in html and "&lt;<mark>script</mark>&gt;alert(1)" in html
    assert "<mark>nông</mark> <mark>thôn</mark> <mark>mới</mark>" in html

    def keys(**params):
        results = client.get(reverse("library:index"), params).context["results"]
        return sorted(r.document.number for r in results)
    assert keys(loai="KH") == ["134-KH/HU"]
    assert keys(nam="2023") == ["134-KH/HU", "422-TB/HU", "422-TB/HU"]
    assert keys(co_quan="trieu son") == ["/TB-BCĐXDNTM"]
    assert keys(xa=hoa_ninh.pk) == ["9/BC"]
    assert keys(q="khu dan cu kieu mau", loai="CT") == [""]
    assert keys(nam="99999999999999999999") == []


def test_search_page_query_count_does_not_grow_with_results(login, coordinator, seed_documents,
                                                           django_assert_max_num_queries):
    client = login(coordinator)
    client.get(reverse("library:index"), {"q": "nong thon moi"})  # warm the session
    # session, user, memberships, scope units, programme ranking, communes for the filter, the search,
    # the current texts, the navigation's notices (unread count), and a few the base page asks
    with django_assert_max_num_queries(14):
        page = client.get(reverse("library:index"), {"q": "nong thon moi"})
    assert len(page.context["results"]) == 5
    assert len(re.findall(r'class="border-bottom py-2 library-result"', page.content.decode())) == 5


def test_the_phone_sees_the_document_text_and_versions(login, commune_officer, seed_documents):
    page = login(commune_officer).get(reverse("library:detail", args=[seed_documents["001"].pk]))
    html = page.content.decode()
    assert "422-TB/HU" in html and "Lớp chữ của tệp PDF" in html and 'id="open-file"' in html
    assert DocumentVersion.objects.filter(document=seed_documents["001"]).count() == 1
