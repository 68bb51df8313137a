"""Proposals: the coordinator sees all, assigns to an agency, records the answer; the commune sees it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Proposal
from ntm_portal.models import AuditEntry


@pytest.fixture
def proposals(hoa_ninh, gia_bac):
    created = timezone.now() - datetime.timedelta(days=10)
    ours = Proposal.objects.create(commune=hoa_ninh, village=hoa_ninh.children.first(), created_at=created,
                                   text="Đề nghị hỗ trợ 20 thùng rác cho thôn")
    theirs = Proposal.objects.create(commune=gia_bac, text="Đề nghị sửa cầu tràn")
    return ours, theirs


def detail(p):
    return reverse("campaigns:proposal_detail", args=[p.pk])


class TestProposals:
    def test_coordinator_sees_all_with_age(self, login, coordinator, proposals, django_assert_max_num_queries):
        client = login(coordinator)
        with django_assert_max_num_queries(8):
            html = client.get(reverse("campaigns:proposal_list")).content.decode()
        assert "Đề nghị hỗ trợ 20 thùng rác" in html and "Đề nghị sửa cầu tràn" in html
        assert "mở 10 ngày" in html

    def test_commune_sees_only_its_own(self, login, commune_officer, proposals):
        html = login(commune_officer).get(reverse("campaigns:proposal_list")).content.decode()
        assert "thùng rác" in html and "cầu tràn" not in html
        assert login(commune_officer).get(detail(proposals[1])).status_code == 404

    def test_assign_then_answer(self, login, coordinator, commune_officer, proposals, agency):
        ours, _theirs = proposals
        client = login(coordinator)
        client.post(detail(ours), {"form": "assign", "agency": agency.pk})
        ours.refresh_from_db()
        assert (ours.status, ours.agency) == ("assigned", agency) and ours.assigned_at is not None
        client.post(detail(ours), {"form": "answer", "answer": "Phòng TC-KH cấp 20 thùng rác trong tháng 4."})
        ours.refresh_from_db()
        assert ours.status == "answered" and ours.answered_by == coordinator
        assert AuditEntry.objects.filter(action__in=["proposal.assign", "proposal.answer"]).count() == 2
        html = login(commune_officer).get(detail(ours)).content.decode()
        assert "Phòng TC-KH cấp 20 thùng rác trong tháng 4." in html and "Đã trả lời" in html
        assert "Ghi nhận trả lời" not in html  # the commune reads, it does not answer

    def test_empty_answer_is_refused(self, login, coordinator, proposals, agency):
        ours, _ = proposals
        response = login(coordinator).post(detail(ours), {"form": "answer", "answer": ""})
        assert response.status_code == 200
        ours.refresh_from_db()
        assert ours.status == "open"

    def test_answer_without_an_agency_is_refused(self, login, coordinator, proposals):
        ours, _ = proposals
        html = login(coordinator).post(detail(ours), {"form": "answer", "answer": "Đã xử lý"}).content.decode()
        assert "Cần chọn cơ quan trả lời kiến nghị." in html
        ours.refresh_from_db()
        assert ours.status == "open"

    def test_readers_cannot_assign(self, login, leader, commune_officer, proposals, agency):
        ours, _ = proposals
        assert login(leader).get(detail(ours)).status_code == 200
        assert login(leader).post(detail(ours), {"form": "assign", "agency": agency.pk}).status_code == 403
        assert login(commune_officer).post(detail(ours), {"form": "assign", "agency": agency.pk}).status_code == 403
        ours.refresh_from_db()
        assert ours.status == "open"

    def test_focal_point_has_no_list(self, login, focal_point, proposals):
        assert login(focal_point).get(reverse("campaigns:proposal_list")).status_code == 403

    def test_age_stops_when_answered(self, proposals, agency, coordinator):
        from campaigns.services.proposals import proposal_answer

        ours, _ = proposals
        proposal_answer(proposal=ours, answer="Xong", agency=agency, actor=coordinator)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
            ours.refresh_from_db()
            assert ours.age_days == 10 and not ours.is_open
