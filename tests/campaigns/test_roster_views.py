"""Roster pages: the agency sends (tick, copy last week, upload with preview, by hand); the commune
sees received / missing rosters, places people in villages, prints a PDF and exports Excel."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import Roster, RosterEntry
from campaigns.services.rosters import EntryLine, roster_save
from directory.models import Person, Village
from ntm_portal.models import AuditEntry

from .roster_files import people_rows, xlsx

pytestmark = pytest.mark.django_db


def edit_url(agency, commune, day, name="roster_edit"):
    return reverse(f"campaigns:{name}", args=[agency.pk, commune.pk, day.pk])


def upload(client, agency, commune, day, data, name="danh-sach.xlsx"):
    return client.post(edit_url(agency, commune, day, "roster_upload"),
                       {"file": SimpleUploadedFile(name, data)})


class TestTickFromStaffList:
    def test_focal_point_ticks_people(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        client = login(focal_point)
        people = list(agency.staff.order_by("pk"))
        page = client.get(edit_url(agency, hoa_ninh, action_day)).content.decode()
        assert "Hạn gửi: 23:59, 12/03/2025" in page and people[0].full_name in page
        response = client.post(edit_url(agency, hoa_ninh, action_day), {"people": [people[0].pk, people[2].pk]})
        assert response.status_code == 302
        roster = Roster.objects.get(agency=agency, commune=hoa_ninh, action_day=action_day)
        assert sorted(roster.entries.values_list("person_id", flat=True)) == [people[0].pk, people[2].pk]
        assert roster.submitted_by == focal_point and not roster.is_late
        assert "Đúng hạn" in client.get(edit_url(agency, hoa_ninh, action_day)).content.decode()

    def test_nobody_ticked_needs_the_sends_nobody_box(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        client = login(focal_point)
        page = client.post(edit_url(agency, hoa_ninh, action_day), {}).content.decode()
        assert "Chưa chọn người nào" in page
        assert not Roster.objects.exists()
        client.post(edit_url(agency, hoa_ninh, action_day), {"sends_nobody": "on"})
        assert Roster.objects.get().status == "sent_nobody"

    def test_copy_last_week(self, login, focal_point, agency, hoa_ninh, action_day, last_week, frozen_monday):
        chosen = list(agency.staff.order_by("pk"))[:2]
        roster_save(agency=agency, commune=hoa_ninh, action_day=last_week, lines=[EntryLine.of(p) for p in chosen],
                    actor=focal_point)
        page = login(focal_point).get(edit_url(agency, hoa_ninh, action_day) + "?sao-chep=1").content.decode()
        assert "Đã chọn sẵn những người của danh sách ngày 08/03/2025" in page
        for person in agency.staff.all():
            checked = f'value="{person.pk}" id="p{person.pk}" checked' in page
            assert checked == (person in chosen)

    def test_add_by_hand_joins_staff_list_and_roster(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        client = login(focal_point)
        client.post(edit_url(agency, hoa_ninh, action_day), {"people": [agency.staff.first().pk]})
        client.post(edit_url(agency, hoa_ninh, action_day, "roster_person_add"),
                    {"full_name": "Y Điểu Mới", "position": "Hợp đồng", "phone": "0911 222 333"})
        person = Person.objects.get(agency=agency, full_name="Y Điểu Mới")
        assert person.phone == "0911222333"
        roster = Roster.objects.get()
        assert roster.entry_count == 2 and roster.entries.filter(person=person).exists()

    def test_late_is_accepted_and_says_so(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        frozen_monday.move_to("2025-03-13 08:00+07:00")
        response = login(focal_point).post(edit_url(agency, hoa_ninh, action_day),
                                           {"people": [agency.staff.first().pk]}, follow=True)
        assert "Danh sách gửi trễ hạn, lúc 08:00 13/03/2025" in response.content.decode()
        assert Roster.objects.get().is_late


class TestUpload:
    def test_template_download(self, login, focal_point, agency, hoa_ninh, action_day):
        response = login(focal_point).get(edit_url(agency, hoa_ninh, action_day, "roster_template"))
        ws = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
        assert ws["B2"].value == agency.name and ws["B4"].value == "15/03/2025"

    def test_bad_file_lists_errors_and_saves_nothing(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        rows = people_rows(3)
        rows[0][1] = ""
        rows[1][3] = "0123"
        response = upload(login(focal_point), agency, hoa_ninh, action_day, xlsx(rows))
        page = response.content.decode()
        assert response.status_code == 422
        assert "Dòng 2, cột Họ và tên: thiếu họ và tên." in page
        assert "Dòng 3, cột Số điện thoại" in page
        assert not Roster.objects.exists() and not Person.objects.filter(full_name__startswith="Nguyễn Văn Thử").exists()

    def test_good_file_preview_then_save(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        client = login(focal_point)
        data = xlsx(people_rows(4))
        response = upload(client, agency, hoa_ninh, action_day, data)
        assert response.status_code == 302, response.content.decode()
        preview = client.get(response.url).content.decode()
        assert "Nguyễn Văn Thử 4" in preview, preview
        assert "4 người chưa có trong danh sách cán bộ sẽ được thêm vào" in preview, preview
        assert not Roster.objects.exists()  # nothing saved before the person confirms
        client.post(response.url)
        roster = Roster.objects.get()
        assert roster.entry_count == 4 and roster.source == "upload"
        # The same file again: the preview says so, and saving adds nobody.
        response = upload(client, agency, hoa_ninh, action_day, data)
        assert response.status_code == 302, response.content.decode()
        preview = client.get(response.url).content.decode()
        assert "giống hệt tệp đã lưu" in preview, preview
        client.post(response.url)
        assert RosterEntry.objects.count() == 4
        assert Person.objects.filter(full_name__startswith="Nguyễn Văn Thử").count() == 4


class TestAccess:
    def test_other_agency_focal_point_gets_404(self, login, other_focal_point, agency, hoa_ninh, action_day):
        client = login(other_focal_point)
        assert client.get(edit_url(agency, hoa_ninh, action_day)).status_code == 404
        assert client.post(edit_url(agency, hoa_ninh, action_day), {"sends_nobody": "on"}).status_code == 404
        assert client.get(edit_url(agency, hoa_ninh, action_day, "roster_template")).status_code == 404

    def test_partner_commune_sees_only_the_roster_sent_to_it(self, login, commune_officer, agency, hoa_ninh,
                                                             gia_bac, action_day, frozen_monday):
        from tests.factories import AssignmentFactory

        AssignmentFactory(agency=agency, commune=gia_bac, valid_from=action_day.date.replace(year=2023))
        client = login(commune_officer)
        assert client.get(edit_url(agency, hoa_ninh, action_day)).status_code == 200
        assert client.get(edit_url(agency, gia_bac, action_day)).status_code == 404
        page = client.get(reverse("campaigns:agency_rosters", args=[agency.pk])).content.decode()
        assert "Xã Hòa Ninh" in page and "Xã Gia Bắc" not in page

    def test_commune_not_assigned_gets_404(self, login, focal_point, agency, gia_bac, action_day):
        assert login(focal_point).get(edit_url(agency, gia_bac, action_day)).status_code == 404

    def test_leader_reads_but_cannot_send(self, login, leader, agency, hoa_ninh, action_day, frozen_monday):
        client = login(leader)
        assert client.get(edit_url(agency, hoa_ninh, action_day)).status_code == 200
        assert client.post(edit_url(agency, hoa_ninh, action_day), {"sends_nobody": "on"}).status_code == 403
        assert upload(client, agency, hoa_ninh, action_day, xlsx(people_rows(1))).status_code == 403
        assert not Roster.objects.exists()

    def test_commune_pages_are_not_for_agencies_or_other_communes(
            self, login, focal_point, other_commune_officer, leader, hoa_ninh, action_day):
        url = reverse("campaigns:commune_rosters", args=[hoa_ninh.pk, action_day.pk])
        assert login(focal_point).get(url).status_code == 404
        assert login(other_commune_officer).get(url).status_code == 404
        assert login(leader).get(url).status_code == 200
        assert login(leader).post(url, {}).status_code == 403


class TestCommuneView:
    @pytest.fixture
    def sent(self, agency, other_agency, hoa_ninh, action_day, district):
        from tests.factories import AgencyFactory, AssignmentFactory

        missing = AgencyFactory(owner=district, name="Trường THCS Hòa Ninh")
        AssignmentFactory(agency=missing, commune=hoa_ninh, valid_from=action_day.date.replace(year=2023))
        return roster_save(agency=agency, commune=hoa_ninh, action_day=action_day,
                           lines=[EntryLine.of(p) for p in agency.staff.all()], actor=None)

    def test_officer_sees_received_and_missing_and_assigns_villages(
            self, login, commune_officer, sent, hoa_ninh, action_day, django_assert_num_queries):
        client = login(commune_officer)
        url = reverse("campaigns:commune_rosters", args=[hoa_ninh.pk, action_day.pk])
        client.get(url)  # warm the session
        # session, user, memberships (scope; the partner agencies are not asked), commune, action day,
        # rosters, entries, assigned agencies, villages, other days
        with django_assert_num_queries(10):
            page = client.get(url).content.decode()
        assert "Phòng Tài chính - Kế hoạch" in page and "Trường THCS Hòa Ninh" in page
        assert "Còn 3 người chưa phân công về thôn." in page
        entries = list(sent.entries.order_by("pk"))
        village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
        client.post(url, {f"village-{entries[0].pk}": village.pk, f"village-{entries[1].pk}": ""})
        assert RosterEntry.objects.get(pk=entries[0].pk).village == village
        assert AuditEntry.objects.filter(action="roster_entry.assign_village").count() == 1

    def test_pdf_has_vietnamese_names(self, login, commune_officer, sent, hoa_ninh, action_day):
        response = login(commune_officer).get(reverse("campaigns:commune_rosters_pdf", args=[hoa_ninh.pk, action_day.pk]))
        assert response["Content-Type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(response.content))
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        assert "DANH SÁCH" in text and "Cán bộ các cơ quan, đơn vị tham gia ngày ra quân" in text
        assert "tại xã Hòa Ninh" in text and "Trường THCS Hòa Ninh" in text
        for entry in sent.entries.all():
            assert entry.full_name in text

    def test_pdf_is_a_list_of_the_commune_in_the_decree_layout(self, login, commune_officer, sent, other_agency,
                                                               hoa_ninh, action_day):
        from campaigns.services.rosters import EntryLine as Line
        from tests.factories import AssignmentFactory, PersonFactory
        from tests.pdf_checks import check_document, save_first_page

        AssignmentFactory(agency=other_agency, commune=hoa_ninh, valid_from=action_day.date.replace(year=2023))
        for name in ("Đặng Văn Út", "Ưng Thị Ơn", "Bùi Thị Ẩn"):
            PersonFactory(agency=other_agency, full_name=name)
        roster_save(agency=other_agency, commune=hoa_ninh, action_day=action_day,
                    lines=[Line.of(p) for p in other_agency.staff.all()], actor=None)
        response = login(commune_officer).get(reverse("campaigns:commune_rosters_pdf", args=[hoa_ninh.pk, action_day.pk]))
        save_first_page(response.content, "roster_commune")
        pages = check_document(response.content, kind_title="DANH SÁCH")
        text = " ".join(" ".join(pages).split())
        # Issued by the commune, its place in the date line: no other unit's name.
        assert "XÃ HÒA NINH" in text and "Hòa Ninh, ngày" in text and "Di Linh, ngày" not in text
        assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
        # One numbering for the whole list (it used to restart at 1 for each agency).
        people = sent.entry_count + other_agency.staff.count()
        rows = [ln.split()[0] for page in pages for ln in page.splitlines() if ln.split() and ln.split()[0].isdigit()]
        assert [int(n) for n in rows if int(n) <= people][-1] == people

    def test_excel_export(self, login, commune_officer, sent, hoa_ninh, action_day):
        village = Village.objects.filter(parent=hoa_ninh).first()
        sent.entries.update(village=village)
        response = login(commune_officer).get(reverse("campaigns:commune_rosters_xlsx", args=[hoa_ninh.pk, action_day.pk]))
        ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert ws["B3"].value == "Họ và tên"
        names = sorted(ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1))
        assert names == sorted(sent.entries.values_list("full_name", flat=True))
        village_column = [c.value for c in ws[3]].index("Thôn, tổ dân phố") + 1  # no phone columns for the commune
        assert {ws.cell(row=r, column=village_column).value for r in range(4, ws.max_row + 1)} == {village.name}

    def test_coordinator_overview_counts(self, login, coordinator, sent, action_day, frozen_monday):
        page = login(coordinator).get(reverse("campaigns:roster_overview")).content.decode()
        assert "Ngày ra quân 15/03/2025" in page
        assert "Trường THCS Hòa Ninh" in page and "Chưa gửi" in page


class TestQueryCounts:
    def test_roster_page_costs_the_same_with_more_staff(self, login, focal_point, agency, hoa_ninh, action_day,
                                                        last_week, frozen_monday, django_assert_num_queries):
        from tests.factories import PersonFactory

        roster_save(agency=agency, commune=hoa_ninh, action_day=action_day,
                    lines=[EntryLine.of(p) for p in agency.staff.all()], actor=focal_point)
        client = login(focal_point)
        url = edit_url(agency, hoa_ninh, action_day)
        client.get(url)  # warm the session
        # session, user, memberships, assignments (scope), agency, commune, action day, assignment check,
        # roster, previous roster, ticked people, the staff shown (ticked, others, counts and who is busy
        # that day in one query: selectors.roster_staff_pick), roster entries with villages
        with django_assert_num_queries(13):
            client.get(url)
        more = PersonFactory.create_batch(20, agency=agency)
        roster_save(agency=agency, commune=hoa_ninh, action_day=action_day,
                    lines=[EntryLine.of(p) for p in [*agency.staff.all(), *more]], actor=focal_point)
        with django_assert_num_queries(13):
            page = client.get(url).content.decode()
        assert more[-1].full_name in page

    def test_agency_page_costs_a_fixed_number_of_queries(self, login, focal_point, agency, hoa_ninh, programme,
                                                        frozen_monday, django_assert_num_queries):
        from campaigns.services.programme import action_days_ensure

        action_days_ensure(programme=programme)
        client = login(focal_point)
        url = reverse("campaigns:agency_rosters", args=[agency.pk])
        client.get(url)
        # session, user, memberships, assignments (scope), agency, programme, upcoming days, past days
        # (none yet), assignments + rosters of the upcoming days
        with django_assert_num_queries(10):
            page = client.get(url).content.decode()
        assert page.count("Gửi danh sách") >= 4


    def test_agency_page_with_past_weeks_costs_the_same_with_twice_the_rosters(
            self, login, focal_point, agency, hoa_ninh, gia_bac, action_day, last_week, frozen_monday,
            django_assert_num_queries):
        import datetime

        from tests.factories import AssignmentFactory

        person = agency.staff.order_by("pk").first()
        roster_save(agency=agency, commune=hoa_ninh, action_day=last_week, lines=[EntryLine.of(person)],
                    actor=focal_point)
        client = login(focal_point)
        url = reverse("campaigns:agency_rosters", args=[agency.pk])
        client.get(url)
        # session, user, memberships, assignments (scope), agency, programme, upcoming days, past days,
        # assignments + rosters of the coming and the past weeks together
        with django_assert_num_queries(10):
            page = client.get(url).content.decode()
        coming, past = page.split("Các tuần trước")
        assert "15/03/2025" in coming and "08/03/2025" not in coming
        assert "08/03/2025" in past and "Xem, sửa" in past and "15/03/2025" not in past
        AssignmentFactory(agency=agency, commune=gia_bac, valid_from=datetime.date(2023, 1, 1))
        other = agency.staff.order_by("pk")[1]
        roster_save(agency=agency, commune=gia_bac, action_day=last_week, lines=[EntryLine.of(other)],
                    actor=focal_point)
        with django_assert_num_queries(10):
            page = client.get(url).content.decode()
        coming, past = page.split("Các tuần trước")
        assert coming.count("Gửi danh sách") == 2 and past.count("Xem, sửa") == 2


class TestHome:
    def test_focal_point_sees_what_is_due(self, login, focal_point, agency, hoa_ninh, action_day, frozen_monday):
        home = login(focal_point).get(reverse("home")).content.decode()
        assert "Danh sách tham gia ngày ra quân 15/03/2025 (hạn gửi 23:59, 12/03/2025)" in home
        assert "Chưa gửi" in home and edit_url(agency, hoa_ninh, action_day) in home

    def test_officer_sees_what_arrived(self, login, commune_officer, agency, hoa_ninh, action_day, frozen_monday):
        roster_save(agency=agency, commune=hoa_ninh, action_day=action_day, lines=[], actor=None)
        home = login(commune_officer).get(reverse("home")).content.decode()
        assert "Không cử người" in home and agency.name in home
        assert reverse("campaigns:commune_rosters_next", args=[hoa_ninh.pk]) in home
