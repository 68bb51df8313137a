# ruff: noqa: F811  (fixtures imported from the reporting conftest are used by name)
"""The archive import (all or nothing, row-numbered Vietnamese errors), the demo loader, and the
roll-ups the portal prints appearing in the library by themselves."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from library.demo import DEMO_FOLDER, seed_library
from library.importing import ImportFailed, import_folder
from library.models import Document, DocumentKind, TextSource, Visibility
from ntm_portal.models import AuditEntry
from reporting.models import RollUp
from reporting.services import rollup_build, rollup_ensure_first
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

HEADER = "Tệp,Loại,Số ký hiệu,Ngày ban hành,Cơ quan ban hành,Người ký,Trích yếu,Ai được xem,Đơn vị được xem,Xã liên quan\n"


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "kho"
    folder.mkdir()
    for name in ("000-422-TB-HU-ket-luan.pdf", "004-134-KH-HU-so-ket-de-an-04.pdf", "003-chi-thi-khu-dan-cu-kieu-mau.txt"):
        shutil.copy(DEMO_FOLDER / name, folder / name)
    return folder


def test_import_all_rows(archive, district, media, hoa_ninh):
    csv = (HEADER + "000-422-TB-HU-ket-luan.pdf,Thông báo,422-TB/HU,02/03/2023,Huyện ủy Di Linh,,"
           "Kết luận Hội nghị ngày thứ Bảy,công khai,,25036\n"
           "004-134-KH-HU-so-ket-de-an-04.pdf,,,,,,,đơn vị,679;25036,\n"
           "003-chi-thi-khu-dan-cu-kieu-mau.txt,CT,,,,,,,,\n")
    documents = import_folder(folder=archive, csv_bytes=csv.encode(), owner=district, user=None)
    assert len(documents) == 3
    first, plan, directive = documents
    assert (first.number, first.kind, list(first.communes.all())) == ("422-TB/HU", "TB", [hoa_ninh])
    # blank cells take what the document's header says
    assert (plan.number, plan.kind, plan.issued_on.isoformat()) == ("134-KH/HU", DocumentKind.PLAN, "2023-08-02")
    assert plan.visibility == Visibility.UNITS and {u.code for u in plan.visible_to.all()} == {"679", "25036"}
    assert directive.versions.get().text_source == TextSource.PLAIN
    assert directive.subject.startswith("Về lãnh đạo xây dựng")
    assert AuditEntry.objects.filter(action="library.document.create").count() == 3


def test_one_bad_row_and_nothing_is_saved(archive, district, media):
    csv = (HEADER + "000-422-TB-HU-ket-luan.pdf,Thông báo,422-TB/HU,02/03/2023,,,Kết luận,công khai,,\n"
           "khong-co.pdf,,,,,,,,,\n"
           "004-134-KH-HU-so-ket-de-an-04.pdf,Công điện,,31/02/2023,,,,ai cũng xem,,99999\n"
           "003-chi-thi-khu-dan-cu-kieu-mau.txt,CT,,,,,,,,\n"
           "000-422-TB-HU-ket-luan.pdf,Thông báo,,,,,Bản trùng,,,\n")
    with pytest.raises(ImportFailed) as failure:
        import_folder(folder=archive, csv_bytes=csv.encode(), owner=district, user=None)
    assert failure.value.errors == [
        "Dòng 3: không thấy tệp “khong-co.pdf” trong thư mục.",
        "Dòng 4: loại văn bản “Công điện” không hợp lệ.",
        "Dòng 4: ngày ban hành “31/02/2023” không đúng dạng dd/mm/yyyy.",
        "Dòng 4: “Ai được xem” phải là “công khai” hoặc “đơn vị”.",
        "Dòng 4: Xã liên quan: không có đơn vị mã “99999”.",
        "Dòng 6: trùng tệp với dòng 2.",
    ]
    assert Document.objects.count() == 0 and not AuditEntry.objects.filter(action__startswith="library.").exists()


def test_a_file_outside_the_folder_is_not_read(archive, district, media):
    csv = HEADER + "../../etc/passwd,CT,,,,,Trích yếu,,,\n"
    with pytest.raises(ImportFailed) as failure:
        import_folder(folder=archive, csv_bytes=csv.encode(), owner=district, user=None)
    assert failure.value.errors == ["Dòng 2: không thấy tệp “../../etc/passwd” trong thư mục."]


def test_the_command_reports_every_error_and_imports_nothing(archive, district, media):
    (archive / "danh-muc.csv").write_text(HEADER + "khong-co.pdf,,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("import_library", str(archive), "--don-vi", "679")
    assert "Không nhập văn bản nào" in str(failure.value) and "Dòng 2: không thấy tệp" in str(failure.value)
    (archive / "danh-muc.csv").write_text(HEADER + "003-chi-thi-khu-dan-cu-kieu-mau.txt,CT,,,,,,,,\n",
                                          encoding="utf-8")
    call_command("import_library", str(archive), "--don-vi", "679")
    assert Document.objects.get().owner == district
    with pytest.raises(CommandError) as again:  # the same archive twice
        call_command("import_library", str(archive), "--don-vi", "679")
    assert "đã có trong thư viện" in str(again.value) and Document.objects.count() == 1


def test_the_demo_loader_is_idempotent(district, media):
    assert seed_library().documents == 5
    assert seed_library().documents == 0
    assert Document.objects.filter(is_demo=True).count() == 5
    scan = Document.objects.get(versions__filename__startswith="001")
    assert (scan.number, scan.issued_on.isoformat()) == ("422-TB/HU", "2023-03-02")  # read from the OCR text


def test_a_built_rollup_appears_in_the_library(week, district, action_day, media, login, coordinator,
                                               commune_officer):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    rollup = rollup_build(rollup=rollup)
    document = Document.objects.get(rollup=rollup)
    version = document.versions.get()
    assert version.text_source == TextSource.GENERATED and version.file.name == rollup.pdf.name
    assert document.kind == DocumentKind.REPORT and document.visibility == Visibility.UNITS
    assert action_day.date.strftime("%d/%m/%Y") in document.subject
    assert version.text and document.search_body
    rollup_build(rollup=rollup)  # already built: still one document
    assert Document.objects.filter(rollup=rollup).count() == 1
    found = login(coordinator).get(reverse("library:index"), {"q": "bao cao tong hop tuan"}).context["results"]
    assert found[0].document == document
    assert login(coordinator).get(reverse("library:version_file", args=[document.pk, 1])).status_code == 200
    # the commune does not read the district's roll-up, in the library either
    assert login(commune_officer).get(reverse("library:detail", args=[document.pk])).status_code == 404


def test_rollups_built_before_the_library_are_added_by_the_demo_loader(week, district, action_day, media):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    rollup = rollup_build(rollup=rollup)
    Document.objects.filter(rollup=rollup).delete()
    assert seed_library().rollups == 1
    assert Document.objects.filter(rollup=rollup).count() == 1
    assert RollUp.objects.count() == 1
