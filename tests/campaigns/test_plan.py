"""Weekly plans: tasks per village, copy last week, print; the task-type catalogue."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Task, TaskType, WeeklyPlan
from campaigns.services.plans import task_type_seed_defaults
from campaigns.task_types import DEFAULT_TASK_TYPES
from ntm_portal.models import AuditEntry
from tests.factories import AgencyFactory, AssignmentFactory


def plan_url(commune, day):
    return reverse("campaigns:plan_edit", args=[commune.pk, day.pk])


class TestTaskTypes:
    def test_the_catalogue_is_seeded_with_the_common_jobs(self, db):
        units = dict(TaskType.objects.values_list("code", "unit"))
        assert units["ve-sinh-duong"] == "m" and units["thu-gom-rac-kg"] == "kg"
        assert units["thu-gom-rac-m3"] == "m³" and units["phat-don-bui-ram"] == "m²"
        assert units["trong-cay"] == "cây" and units["tuyen-truyen"] == "hộ"
        assert len(units) >= len(DEFAULT_TASK_TYPES)

    def test_seeding_again_adds_nothing_and_keeps_edits(self, db):
        TaskType.objects.filter(code="trong-cay").update(name="Trồng cây bóng mát", unit="cây")
        assert task_type_seed_defaults() == 0
        assert TaskType.objects.get(code="trong-cay").name == "Trồng cây bóng mát"
        TaskType.objects.filter(code="khac").delete()
        assert task_type_seed_defaults() == 1

    def test_coordinator_adds_and_edits_a_type(self, login, coordinator):
        client = login(coordinator)
        response = client.post(reverse("campaigns:task_type_list"),
                               {"name": "Sơn sửa nhà văn hóa", "unit": "m²", "order": 90, "is_active": "on"})
        assert response.status_code == 302
        task_type = TaskType.objects.get(name="Sơn sửa nhà văn hóa")
        assert task_type.code == "son-sua-nha-van-hoa"
        client.post(reverse("campaigns:task_type_edit", args=[task_type.pk]),
                    {"name": "Sơn sửa nhà văn hóa thôn", "unit": "m²", "order": 90})
        task_type.refresh_from_db()
        assert task_type.name == "Sơn sửa nhà văn hóa thôn" and not task_type.is_active
        assert AuditEntry.objects.filter(action__startswith="task_type.").count() == 2

    def test_duplicate_name_is_refused(self, login, coordinator):
        response = login(coordinator).post(reverse("campaigns:task_type_list"),
                                           {"name": "Trồng cây xanh", "unit": "cây", "order": 1})
        assert "Đã có loại phần việc" in response.content.decode() or "đã tồn tại" in response.content.decode()

    def test_only_the_coordinator_edits_the_catalogue(self, login, commune_officer, leader):
        assert login(commune_officer).get(reverse("campaigns:task_type_list")).status_code == 403
        assert login(leader).post(reverse("campaigns:task_type_list"), {"name": "X", "unit": "m"}).status_code == 403


class TestWeeklyPlan:
    def test_officer_adds_tasks_to_two_villages(self, login, commune_officer, hoa_ninh, action_day, villages,
                                                road_cleaning, agency):
        client = login(commune_officer)
        page = client.get(plan_url(hoa_ninh, action_day)).content.decode()
        assert agency.name in page  # agencies assigned to the commune can be named as support
        for village, qty in [(villages[0], "800"), (villages[1], "350.5")]:
            response = client.post(plan_url(hoa_ninh, action_day), {
                "form": "task", "village": village.pk, "task_type": road_cleaning.pk, "quantity": qty,
                "place": "Đường liên thôn", "tools": "Chổi, xe rùa", "expected_participants": 40,
                "supporting_agencies": [agency.pk],
            })
            assert response.status_code == 302
        plan = WeeklyPlan.objects.get(commune=hoa_ninh, action_day=action_day)
        tasks = list(plan.tasks.order_by("village__name"))
        assert [(t.village, t.quantity) for t in tasks] == [(villages[0], Decimal(800)), (villages[1], Decimal("350.5"))]
        assert list(tasks[0].supporting_agencies.all()) == [agency]
        assert AuditEntry.objects.filter(action="plan.task_add").count() == 2

    def test_negative_quantity_is_refused(self, login, commune_officer, hoa_ninh, action_day, villages, road_cleaning):
        response = login(commune_officer).post(plan_url(hoa_ninh, action_day), {
            "form": "task", "village": villages[0].pk, "task_type": road_cleaning.pk, "quantity": "-1"})
        assert "Khối lượng dự kiến không được âm." in response.content.decode()
        assert Task.objects.count() == 0

    def test_a_village_of_another_commune_is_refused(self, login, commune_officer, hoa_ninh, gia_bac, action_day,
                                                     road_cleaning):
        foreign = gia_bac.children.first()
        login(commune_officer).post(plan_url(hoa_ninh, action_day), {
            "form": "task", "village": foreign.pk, "task_type": road_cleaning.pk, "quantity": "5"})
        assert Task.objects.count() == 0

    def test_copy_last_week(self, login, commune_officer, hoa_ninh, last_week, action_day, villages,
                            road_cleaning, agency, district):
        old_plan = WeeklyPlan.objects.create(commune=hoa_ninh, action_day=last_week)
        gone = AgencyFactory(owner=district)
        AssignmentFactory(agency=gone, commune=hoa_ninh, valid_from="2023-01-01", valid_to="2024-01-01")
        for village in villages[:3]:
            task = Task.objects.create(plan=old_plan, village=village, task_type=road_cleaning, quantity=100,
                                       place="Trục chính", expected_participants=25)
            task.supporting_agencies.set([agency, gone])
        client = login(commune_officer)
        assert "Sao chép kế hoạch tuần trước" in client.get(plan_url(hoa_ninh, action_day)).content.decode()
        client.post(reverse("campaigns:plan_copy", args=[hoa_ninh.pk, action_day.pk]))
        plan = WeeklyPlan.objects.get(commune=hoa_ninh, action_day=action_day)
        copied = list(plan.tasks.all())
        assert len(copied) == 3 and {t.place for t in copied} == {"Trục chính"}
        assert all(list(t.supporting_agencies.all()) == [agency] for t in copied)  # ended assignment dropped
        assert old_plan.tasks.count() == 3

    def test_copy_without_a_previous_plan_says_so(self, login, commune_officer, hoa_ninh, action_day):
        client = login(commune_officer)
        response = client.post(reverse("campaigns:plan_copy", args=[hoa_ninh.pk, action_day.pk]), follow=True)
        assert "Chưa có kế hoạch tuần trước để sao chép." in response.content.decode()

    def test_delete_a_task(self, login, commune_officer, planned):
        login(commune_officer).post(reverse("campaigns:plan_task_delete", args=[planned[0].pk]))
        assert not Task.objects.filter(pk=planned[0].pk).exists()

    def test_printable_plan(self, login, leader, hoa_ninh, action_day, planned, django_assert_max_num_queries):
        client = login(leader)  # readers may print
        with django_assert_max_num_queries(12):
            html = client.get(reverse("campaigns:plan_print", args=[hoa_ninh.pk, action_day.pk])).content.decode()
        assert "KẾ HOẠCH" in html and "Thôn 1" in html and "Thôn 2" in html
        assert "Vệ sinh, quét dọn đường thôn" in html and "500 m" in html

    def test_plan_pdf_is_a_plan_of_the_commune(self, login, leader, other_commune_officer, hoa_ninh, action_day,
                                               planned):
        from tests.pdf_checks import check_document, save_first_page

        url = reverse("campaigns:plan_pdf", args=[hoa_ninh.pk, action_day.pk])
        response = login(leader).get(url)
        assert response["Content-Type"] == "application/pdf"
        save_first_page(response.content, "plan")
        pages = check_document(response.content, kind_title="KẾ HOẠCH", appendices=1, kind_name="Kế hoạch")
        text = " ".join(" ".join(pages).split())
        for phrase in ("ỦY BAN NHÂN DÂN", "XÃ HÒA NINH", "/KH-UBND", "Hòa Ninh, ngày", "Ra quân “",
                       "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nơi nhận:", "Thôn 1", "Vệ sinh, quét dọn đường thôn",
                       "(Kèm theo Kế hoạch số", "của UBND xã Hòa Ninh)"):
            assert phrase in text, phrase
        assert login(other_commune_officer).get(url).status_code == 404

    def test_access(self, login, other_commune_officer, leader, coordinator, hoa_ninh, action_day, planned):
        assert login(other_commune_officer).get(plan_url(hoa_ninh, action_day)).status_code == 404
        assert login(other_commune_officer).post(
            reverse("campaigns:plan_task_delete", args=[planned[0].pk])).status_code == 404
        assert login(leader).get(plan_url(hoa_ninh, action_day)).status_code == 403
        assert login(leader).post(reverse("campaigns:plan_copy", args=[hoa_ninh.pk, action_day.pk])).status_code == 403
        assert login(coordinator).get(plan_url(hoa_ninh, action_day)).status_code == 403
        assert Task.objects.count() == 2

    @pytest.mark.parametrize("url_name", ["plan_copy"])
    def test_get_is_not_allowed_on_actions(self, login, commune_officer, hoa_ninh, action_day, url_name):
        assert login(commune_officer).get(reverse(f"campaigns:{url_name}",
                                                  args=[hoa_ninh.pk, action_day.pk])).status_code == 405
