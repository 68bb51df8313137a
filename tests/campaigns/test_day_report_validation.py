"""Every validation rule of a village's figures, in Vietnamese, on the page, in the service and in the DB."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns.models import DayReport, TaskResult, VillageResult
from campaigns.services import reports as services
from campaigns.services.reports import VillageFigures, village_figure_errors
from tests.campaigns.day_report_fixtures import report_post


def edit_url(commune, day):
    return reverse("campaigns:day_report_edit", args=[commune.pk, day.pk])


def post(client, commune, day, villages, figures, **extra):
    return client.post(edit_url(commune, day), report_post(villages, figures=figures, **extra))


class TestRules:
    def test_households_cannot_exceed_the_village(self):
        errors = village_figure_errors(VillageFigures(residents=300, households=249), 248)
        assert errors == {"households": "Số hộ tham gia (249) không được lớn hơn tổng số hộ của thôn (248)."}

    def test_people_cannot_be_fewer_than_households(self):
        errors = village_figure_errors(VillageFigures(residents=10, households=20), 248)
        assert errors == {"residents": "Số người tham gia (10) không được ít hơn số hộ tham gia (20)."}

    def test_no_negatives(self):
        errors = village_figure_errors(VillageFigures(residents=-1, waste_kg=Decimal("-2"),
                                                      planned={1: Decimal("-5")}), 100)
        assert errors["residents"] == "Không được nhập số âm." and errors["waste_kg"] == "Không được nhập số âm."
        assert errors["tasks"] == "Khối lượng phần việc không được âm."

    def test_valid_figures_and_unknown_households_pass(self):
        assert village_figure_errors(VillageFigures(residents=20, households=20), 20) == {}
        assert village_figure_errors(VillageFigures(residents=900, households=500), None) == {}


class TestOnThePage:
    def test_households_over_the_village_total(self, login, commune_officer, hoa_ninh, action_day, villages):
        response = post(login(commune_officer), hoa_ninh, action_day, villages,
                        {villages[0]: {"residents": 400, "households": 300}})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Số hộ tham gia (300) không được lớn hơn tổng số hộ của thôn (248)." in html
        assert DayReport.objects.count() == 0

    def test_people_fewer_than_households(self, login, commune_officer, hoa_ninh, action_day, villages):
        html = post(login(commune_officer), hoa_ninh, action_day, villages,
                    {villages[0]: {"residents": 5, "households": 9}}).content.decode()
        assert "Số người tham gia (5) không được ít hơn số hộ tham gia (9)." in html

    @pytest.mark.parametrize("field", ["residents", "households", "commune_staff", "students", "waste_m3"])
    def test_negative_figure(self, login, commune_officer, hoa_ninh, action_day, villages, field):
        html = post(login(commune_officer), hoa_ninh, action_day, villages,
                    {villages[0]: {field: "-3"}}).content.decode()
        assert "Không được nhập số âm." in html
        assert VillageResult.objects.count() == 0

    def test_negative_task_quantity(self, login, commune_officer, hoa_ninh, action_day, villages, planned):
        html = post(login(commune_officer), hoa_ninh, action_day, villages,
                    {villages[0]: {f"task_{planned[0].pk}": "-10"}}).content.decode()
        assert "Không được nhập số âm." in html
        assert TaskResult.objects.count() == 0

    def test_unplanned_task_needs_type_and_quantity(self, login, commune_officer, hoa_ninh, action_day, villages):
        html = post(login(commune_officer), hoa_ninh, action_day, villages,
                    {villages[0]: {"new_quantity": "12"}}).content.decode()
        assert "Cần chọn loại phần việc phát sinh." in html


class TestTenTimesLastWeek:
    @pytest.fixture
    def last_week_report(self, hoa_ninh, last_week, commune_officer, villages, road_cleaning):
        report = services.day_report_open(commune=hoa_ninh, action_day=last_week, actor=commune_officer)
        VillageResult.objects.filter(report=report).update(residents=20, households=10, waste_kg=50)
        vr = VillageResult.objects.get(report=report, village=villages[0])
        TaskResult.objects.create(village_result=vr, task_type=road_cleaning, quantity=100)
        report.status = DayReport.Status.SUBMITTED
        report.first_submitted_at = report.submitted_at = report.created_at
        report.save()
        return report

    def test_it_asks_for_confirmation_instead_of_refusing(
        self, login, commune_officer, hoa_ninh, action_day, villages, last_week_report, sunday
    ):
        client = login(commune_officer)
        figures = {villages[0]: {"residents": 201, "households": 10, "waste_kg": "40"}}
        response = post(client, hoa_ninh, action_day, villages, figures)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Thôn 1: số người dân tham gia là 201, gấp hơn 10 lần tuần trước (20)." in html
        assert 'name="confirm_large"' in html
        assert not VillageResult.objects.filter(report__action_day=action_day, residents=201).exists()
        response = post(client, hoa_ninh, action_day, villages, figures, confirm_large="on")
        assert response.status_code == 302
        assert VillageResult.objects.get(report__action_day=action_day, village=villages[0]).residents == 201

    def test_task_quantities_are_compared_by_type(
        self, login, commune_officer, hoa_ninh, action_day, villages, planned, last_week_report, sunday
    ):
        html = post(login(commune_officer), hoa_ninh, action_day, villages,
                    {villages[0]: {f"task_{planned[0].pk}": "1500"}}).content.decode()
        assert "khối lượng phần việc là 1.500" in html

    def test_nine_times_is_fine(self, login, commune_officer, hoa_ninh, action_day, villages, last_week_report,
                                sunday):
        response = post(login(commune_officer), hoa_ninh, action_day, villages,
                        {villages[0]: {"residents": 180, "households": 90}})
        assert response.status_code == 302


class TestServiceAndDatabase:
    def test_service_refuses_what_the_form_refuses(self, hoa_ninh, action_day, commune_officer, villages):
        report = services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
        with pytest.raises(ValidationError, match="không được lớn hơn tổng số hộ"):
            services.day_report_save(report=report, actor=commune_officer, attendance={},
                                     villages={villages[0].pk: VillageFigures(residents=900, households=900)})

    def test_database_constraints_hold(self, hoa_ninh, action_day, commune_officer, villages):
        report = services.day_report_open(commune=hoa_ninh, action_day=action_day, actor=commune_officer)
        vr = VillageResult.objects.get(report=report, village=villages[0])
        with pytest.raises(IntegrityError), transaction.atomic():
            VillageResult.objects.filter(pk=vr.pk).update(residents=5, households=6)
        with pytest.raises(IntegrityError), transaction.atomic():
            VillageResult.objects.filter(pk=vr.pk).update(households=249)
        with pytest.raises(IntegrityError), transaction.atomic():
            VillageResult.objects.filter(pk=vr.pk).update(waste_kg=-1)
