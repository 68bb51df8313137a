"""The filing page: one section per village, draft saved on the server, submit; access; query count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import DayReport, ReportPhoto, RosterEntry, TaskResult, VillageResult
from directory.models import HouseholdCount, Village
from ntm_portal.models import AuditEntry
from tests.campaigns.day_report_fixtures import jpeg_upload, report_post


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


class TestDayReportPage:
    def test_it_shows_one_section_per_village_with_plan_and_roster(
        self, login, commune_officer, hoa_ninh, action_day, villages, planned, roster_entries
    ):
        response = login(commune_officer).get(edit_url(hoa_ninh, action_day))
        html = response.content.decode()
        assert response.status_code == 200
        for village in villages:
            assert f'id="thon-{village.pk}"' in html
        assert "Thôn 1" in html and "248 hộ" in html
        assert "Kế hoạch: 500 m" in html
        for entry in roster_entries:
            assert entry.full_name in html
        assert 'name="submit_token"' in html
        assert "Lưu nháp" in html and "Nộp báo cáo" in html
        assert 'data-draft-key="ntm-day-report-' in html
        assert DayReport.objects.count() == 0  # a GET writes nothing

    def test_other_commune_officer_gets_404(self, login, other_commune_officer, hoa_ninh, action_day):
        assert login(other_commune_officer).get(edit_url(hoa_ninh, action_day)).status_code == 404

    def test_leader_gets_403_on_edit_and_reads_the_report(self, login, leader, hoa_ninh, action_day):
        client = login(leader)
        assert client.get(edit_url(hoa_ninh, action_day)).status_code == 403
        assert client.post(edit_url(hoa_ninh, action_day), {"action": "save"}).status_code == 403
        detail = client.get(reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk]))
        assert detail.status_code == 200 and "Xã chưa lập báo cáo" in detail.content.decode()

    def test_coordinator_cannot_file_for_a_commune(self, login, coordinator, hoa_ninh, action_day):
        assert login(coordinator).get(edit_url(hoa_ninh, action_day)).status_code == 403

    def test_action_day_of_another_district_is_404(self, login, commune_officer, hoa_ninh):
        assert login(commune_officer).get(
            reverse("campaigns:day_report_edit", args=[hoa_ninh.pk, 999999])).status_code == 404

    def test_wrong_method_is_405(self, login, commune_officer, hoa_ninh, action_day):
        assert login(commune_officer).put(edit_url(hoa_ninh, action_day)).status_code == 405

    def test_it_costs_a_fixed_number_of_queries_whatever_the_villages(
        self, login, commune_officer, hoa_ninh, action_day, villages, planned, roster_entries,
        django_assert_num_queries,
    ):
        client = login(commune_officer)
        client.post(edit_url(hoa_ninh, action_day), report_post(villages, figures={villages[0]: {"residents": 5}}))
        # session, user, memberships (scope; the partner agencies are not asked), commune, action day,
        # report, villages (+households), the plan's tasks, village results, task results, photos,
        # roster entries, last week's figures (the previous report a subquery), task types
        with django_assert_num_queries(14):
            assert client.get(edit_url(hoa_ninh, action_day)).status_code == 200
        for i in range(8):  # the commune grows: more villages, each with households and a result
            village = Village.objects.create(level="village", kind="thon", name=f"Thôn mới {i}", parent=hoa_ninh)
            HouseholdCount.objects.create(village=village, as_of="2024-01-01", households=100)
        client.post(edit_url(hoa_ninh, action_day), report_post(villages))
        assert VillageResult.objects.filter(report__commune=hoa_ninh).count() == len(villages) + 8
        with django_assert_num_queries(14):
            html = client.get(edit_url(hoa_ninh, action_day)).content.decode()
        assert "Thôn mới 7" in html


class TestSaveDraft:
    def test_save_keeps_figures_attendance_tasks_and_photos(
        self, login, commune_officer, hoa_ninh, action_day, villages, planned, roster_entries, road_cleaning, sunday
    ):
        v1, v2 = villages[0], villages[1]
        present, absent, other = roster_entries
        data = report_post(villages, figures={
            v1: {"residents": 120, "households": 80, "commune_staff": 4, "teachers": 2, "students": 30,
                 "waste_kg": "350.5", f"task_{planned[0].pk}": "620", "new_type": road_cleaning.pk,
                 "new_quantity": "40", "remarks": "Làm tốt", "proposal_text": "Xin hỗ trợ thùng rác",
                 f"att_{present.pk}": "present", f"att_{absent.pk}": "absent",
                 f"reason_{absent.pk}": "Ốm"},
            v2: {"residents": 50, "households": 40},
        })
        data[f"v{v1.pk}-photos"] = [jpeg_upload("a.jpg"), jpeg_upload("b.png", fmt="PNG")]
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        assert response.status_code == 302 and response.url == edit_url(hoa_ninh, action_day)
        report = DayReport.objects.get(commune=hoa_ninh, action_day=action_day)
        assert report.status == DayReport.Status.DRAFT
        vr1 = VillageResult.objects.get(report=report, village=v1)
        assert (vr1.residents, vr1.households, vr1.households_total) == (120, 80, 248)
        assert vr1.waste_kg == Decimal("350.50") and vr1.students == 30 and vr1.proposal_text
        results = {(tr.task_id, tr.quantity) for tr in TaskResult.objects.filter(village_result=vr1)}
        assert results == {(planned[0].pk, Decimal("620.00")), (None, Decimal("40.00"))}
        photos = list(ReportPhoto.objects.filter(village_result=vr1))
        assert len(photos) == 2
        assert max(photos[0].width, photos[0].height) == 1600  # resized on the server
        assert photos[0].image.name.endswith(".jpg") and photos[0].thumbnail.name.endswith("-nho.jpg")
        entries = {e.pk: e for e in RosterEntry.objects.all()}
        assert entries[present.pk].attendance == "present"
        assert (entries[absent.pk].attendance, entries[absent.pk].absence_reason) == ("absent", "Ốm")
        assert entries[absent.pk].attendance_recorded_by == commune_officer
        assert entries[other.pk].attendance == "unknown"
        assert AuditEntry.objects.filter(action="day_report.save", target_id=str(report.pk)).count() == 1
        page = login(commune_officer).get(edit_url(hoa_ninh, action_day)).content.decode()
        assert 'value="120"' in page and "Xin hỗ trợ thùng rác" in page and 'loading="lazy"' in page

    def test_photos_are_served_only_to_those_who_read_the_report(
        self, login, commune_officer, other_commune_officer, leader, hoa_ninh, action_day, villages, sunday
    ):
        data = report_post(villages)
        data[f"v{villages[0].pk}-photos"] = [jpeg_upload("a.jpg")]
        login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        photo = ReportPhoto.objects.get(village_result__village=villages[0])
        full = reverse("campaigns:report_photo", args=[photo.pk])
        thumb = reverse("campaigns:report_photo_thumb", args=[photo.pk])
        page = login(commune_officer).get(edit_url(hoa_ninh, action_day)).content.decode()
        assert full in page and thumb in page and "/media/" not in page
        for user in (commune_officer, leader):
            response = login(user).get(full)
            assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
            assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
        thumb_bytes = b"".join(login(leader).get(thumb).streaming_content)
        assert 0 < len(thumb_bytes) < photo.size_bytes or photo.size_bytes == 0
        assert login(other_commune_officer).get(full).status_code == 404
        assert login(other_commune_officer).get(reverse("campaigns:report_photo", args=[999999])).status_code == 404

    def test_a_sixth_photo_is_refused(self, login, commune_officer, hoa_ninh, action_day, villages, sunday):
        v1 = villages[0]
        data = report_post(villages)
        data[f"v{v1.pk}-photos"] = [jpeg_upload(f"{i}.jpg", size=(300, 200)) for i in range(6)]
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        assert response.status_code == 200
        assert "tối đa 5 ảnh mỗi thôn" in response.content.decode()
        assert ReportPhoto.objects.count() == 0

    def test_a_file_that_is_not_a_photo_is_refused(self, login, commune_officer, hoa_ninh, action_day, villages):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = report_post(villages)
        data[f"v{villages[0].pk}-photos"] = [SimpleUploadedFile("virus.jpg", b"MZ not an image", "image/jpeg")]
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        assert "không phải là ảnh hợp lệ" in response.content.decode()
        assert ReportPhoto.objects.count() == 0

    def test_a_gif_is_refused_by_type(self, login, commune_officer, hoa_ninh, action_day, villages):
        data = report_post(villages)
        data[f"v{villages[0].pk}-photos"] = [jpeg_upload("x.gif", size=(50, 50), fmt="GIF")]
        response = login(commune_officer).post(edit_url(hoa_ninh, action_day), data)
        assert "chỉ nhận JPEG, PNG, WEBP" in response.content.decode()

    def test_a_photo_over_10_mb_is_refused(self):
        from django.core.exceptions import ValidationError
        from django.core.files.uploadedfile import SimpleUploadedFile

        from campaigns.services.reports import photo_prepare

        big = SimpleUploadedFile("big.jpg", b"\xff" * (10 * 1024 * 1024 + 1), "image/jpeg")
        with pytest.raises(ValidationError, match="quá lớn"):
            photo_prepare(big)

    def test_deleting_a_photo(self, login, commune_officer, hoa_ninh, action_day, villages, sunday):
        client = login(commune_officer)
        data = report_post(villages)
        data[f"v{villages[0].pk}-photos"] = [jpeg_upload("a.jpg", size=(300, 200))]
        client.post(edit_url(hoa_ninh, action_day), data)
        photo = ReportPhoto.objects.get()
        client.post(edit_url(hoa_ninh, action_day), report_post(villages, **{
            f"v{villages[0].pk}-delete_photo_{photo.pk}": "on"}))
        assert ReportPhoto.objects.count() == 0


class TestDetailPage:
    def test_readers_see_it_other_communes_do_not(self, login, commune_officer, other_commune_officer, leader,
                                                  area_monitor, hoa_ninh, action_day, villages, sunday):
        login(commune_officer).post(edit_url(hoa_ninh, action_day),
                                    report_post(villages, figures={villages[0]: {"residents": 9, "households": 3}}))
        url = reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk])
        assert login(other_commune_officer).get(url).status_code == 404
        version_url = reverse("campaigns:day_report_version", args=[hoa_ninh.pk, action_day.pk, 1])
        assert login(other_commune_officer).get(version_url).status_code == 404
        assert login(leader).get(version_url).status_code == 404  # no such version yet
        for reader in (leader, area_monitor):
            html = login(reader).get(url).content.decode()
            assert "Bản nháp" in html and "1,2%" in html  # 3 of Thôn 1's 248 households
            assert "Sửa báo cáo" not in html and "Tiếp tục nhập báo cáo" not in html

    def test_it_costs_a_fixed_number_of_queries(self, login, coordinator, commune_officer, hoa_ninh, action_day,
                                                villages, roster_entries, sunday, django_assert_num_queries):
        login(commune_officer).post(edit_url(hoa_ninh, action_day), report_post(villages))
        client = login(coordinator)
        url = reverse("campaigns:day_report_detail", args=[hoa_ninh.pk, action_day.pk])
        # session, user, memberships, commune, action day, report, villages, plan, village results,
        # task results, photos, roster entries, previous report, task types, versions
        with django_assert_num_queries(15):
            assert client.get(url).status_code == 200
