"""Pages of the roll-up: who sees what, requesting a version, progress, downloads, recipients."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DayReport
from directory.models import District, Role
from reporting.models import RollUp, RollupRecipient
from reporting.services import rollup_build, rollup_ensure_first
from tests.conftest import _user

pytestmark = pytest.mark.django_db


def change_figures(report, **figures):
    """Change a filed report's village figures as `day_report_save` does: the rows and the report's
    `updated_at` in one go (the stamp the cached roll-up data are keyed by)."""
    report.village_results.update(**figures)
    DayReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())


@pytest.fixture
def built(week, district, action_day):
    rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
    return rollup_build(rollup=rollup)


@pytest.fixture
def other_coordinator(district):
    other = District.objects.create(name="Bảo Lâm", kind="huyen", level="district", parent=district.parent)
    return _user("dieuphoi.baolam", Role.COORDINATOR, unit=other)


class TestRollupList:
    def test_district_roles_see_the_history(self, built, login, coordinator, leader, inspector,
                                            django_assert_max_num_queries):
        for user in (coordinator, leader, inspector):
            client = login(user)
            # session, user, memberships, roll-ups, notices, nav; the data of the latest day (fixed, ~30 with the
            # village funds of the month and year)
            with django_assert_max_num_queries(46):
                response = client.get(reverse("reporting:rollup_list"))
            html = response.content.decode()
            assert "15/03/2025" in html
            assert reverse("reporting:rollup_download", args=[built.pk, "pdf"]) in html
            assert ("Tổng hợp báo cáo" in html) == (user == coordinator)

    def test_history_flags_versions_whose_data_changed(self, built, login, coordinator, week):
        client = login(coordinator)
        assert "Số liệu đã thay đổi" not in client.get(reverse("reporting:rollup_list")).content.decode()
        change_figures(week["reports"]["late"], teachers=0)
        assert "Số liệu đã thay đổi" in client.get(reverse("reporting:rollup_list")).content.decode()

    def test_the_data_are_built_once_per_state_of_the_filings(self, built, login, leader, week, district,
                                                              action_day, django_assert_num_queries):
        cache.clear()
        client = login(leader)
        client.get(reverse("reporting:rollup_list"))  # builds the data of the latest day once
        # the page's own queries (session, user, scope, district, roll-ups) and the filings stamp (3);
        # the roll-up data (≈ 30 queries to build) come from the cache
        with django_assert_num_queries(10):
            client.get(reverse("reporting:rollup_list"))
        # Twice the data: every other commune of the district files the day too. The stamp moves, the
        # data are built once more, and the next request costs the same as before.
        from directory.models import Commune
        from tests.reporting.conftest import file_report
        for i, commune in enumerate(Commune.objects.filter(parent=district)
                                    .exclude(day_reports__action_day=action_day)):
            file_report(commune, action_day, seed=20 + i)
        html = client.get(reverse("reporting:rollup_list")).content.decode()
        assert "Số liệu đã thay đổi" in html
        with django_assert_num_queries(10):
            html = client.get(reverse("reporting:rollup_list")).content.decode()
        assert "Số liệu đã thay đổi" in html

    def test_commune_officer_and_agency_get_403(self, built, login, commune_officer, focal_point):
        for user in (commune_officer, focal_point):
            assert login(user).get(reverse("reporting:rollup_list")).status_code == 403

    def test_other_district_in_query_gets_404(self, built, login, coordinator, other_coordinator):
        other_id = District.objects.get(code="", name="Bảo Lâm").pk
        assert login(coordinator).get(reverse("reporting:rollup_list"), {"huyen": other_id}).status_code == 404
        response = login(other_coordinator).get(reverse("reporting:rollup_list"))
        assert "15/03/2025" not in response.content.decode()


class TestRollupDetailAndDownload:
    def test_download_serves_the_stored_file(self, built, login, leader):
        response = login(leader).get(reverse("reporting:rollup_download", args=[built.pk, "pdf"]))
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
        xlsx = login(leader).get(reverse("reporting:rollup_download", args=[built.pk, "xlsx"]))
        assert b"".join(xlsx.streaming_content)[:2] == b"PK"

    def test_out_of_scope_gets_404(self, built, login, other_coordinator, commune_officer):
        for user in (other_coordinator, commune_officer):
            client = login(user)
            assert client.get(reverse("reporting:rollup_download", args=[built.pk, "pdf"])).status_code == 404
            assert client.get(reverse("reporting:rollup_detail", args=[built.pk])).status_code == 404
        assert login(other_coordinator).get(reverse("reporting:rollup_download", args=[999999, "pdf"])).status_code == 404

    def test_detail_says_when_the_data_changed(self, built, login, coordinator, week):
        client = login(coordinator)
        html = client.get(reverse("reporting:rollup_detail", args=[built.pk])).content.decode()
        assert 'id="data-same"' in html and 'http-equiv="refresh"' not in html
        change_figures(week["reports"]["late"], commune_staff=99)
        html = client.get(reverse("reporting:rollup_detail", args=[built.pk])).content.decode()
        assert 'id="data-changed"' in html

    def test_detail_builds_the_data_once_per_state_of_the_filings(self, built, login, leader, district, action_day,
                                                                    django_assert_num_queries, monkeypatch):
        """Issue 16: the page compares the version with the data as they are now through the cache keyed
        by the filings stamp (`selectors.current_data_version`), not by rebuilding the roll-up per GET."""
        from reporting import selectors

        builds = []
        real = selectors.build_weekly_rollup
        monkeypatch.setattr(selectors, "build_weekly_rollup", lambda **kw: builds.append(kw) or real(**kw))
        cache.clear()
        client = login(leader)
        url = reverse("reporting:rollup_detail", args=[built.pk])
        client.get(url)
        assert len(builds) == 1
        # session, user, roll-up, memberships (scope), the filings stamp (3), the versions of the day
        with django_assert_num_queries(8):
            html = client.get(url).content.decode()
        assert 'id="data-same"' in html and len(builds) == 1
        # Twice the data: every other commune files the day. The stamp moves: built once more, then cached.
        from directory.models import Commune
        from tests.reporting.conftest import file_report
        for i, commune in enumerate(Commune.objects.filter(parent=district)
                                    .exclude(day_reports__action_day=action_day)):
            file_report(commune, action_day, seed=40 + i)
        assert 'id="data-changed"' in client.get(url).content.decode() and len(builds) == 2
        with django_assert_num_queries(8):
            html = client.get(url).content.decode()
        assert 'id="data-changed"' in html and len(builds) == 2

    def test_building_page_refreshes_itself(self, week, district, action_day, login, inspector):
        rollup, _ = rollup_ensure_first(district=district, action_day=action_day)
        html = login(inspector).get(reverse("reporting:rollup_detail", args=[rollup.pk])).content.decode()
        assert '<meta http-equiv="refresh" content="3">' in html and "Đang tổng hợp" in html
        assert login(inspector).get(reverse("reporting:rollup_download", args=[rollup.pk, "pdf"])).status_code == 404


class TestRollupCreate:
    def test_coordinator_builds_a_past_day(self, week, action_day, login, coordinator,
                                           django_capture_on_commit_callbacks):
        client = login(coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reporting:rollup_create"), {"action_day": action_day.pk, "reason": ""})
        rollup = RollUp.objects.get(action_day=action_day)
        assert response.status_code == 302 and response["Location"] == rollup.get_absolute_url()
        assert rollup.status == RollUp.Status.READY and rollup.trigger == RollUp.Trigger.MANUAL
        assert rollup.created_by == coordinator and rollup.emailed_at is None

    def test_second_version_needs_a_reason(self, built, action_day, login, coordinator):
        client = login(coordinator)
        response = client.post(reverse("reporting:rollup_create"), {"action_day": action_day.pk, "reason": ""})
        assert response.status_code == 200 and "Cần ghi lý do" in response.content.decode()
        client.post(reverse("reporting:rollup_create"), {"action_day": action_day.pk, "reason": "Xã bổ sung"})
        assert list(RollUp.objects.order_by("version").values_list("version", flat=True)) == [1, 2]

    def test_read_only_roles_get_403(self, week, action_day, login, leader, inspector, commune_officer):
        for user in (leader, inspector, commune_officer):
            client = login(user)
            assert client.get(reverse("reporting:rollup_create")).status_code == 403
            assert client.post(reverse("reporting:rollup_create"), {"action_day": action_day.pk}).status_code == 403
        assert not RollUp.objects.exists()


class TestRecipients:
    def test_coordinator_adds_edits_and_deletes(self, login, coordinator, district):
        client = login(coordinator)
        client.post(reverse("reporting:recipient_list"), {"name": "Huyện ủy", "email": "HU@example.vn",
                                                          "is_active": "on"})
        recipient = RollupRecipient.objects.get(district=district)
        assert (recipient.email, recipient.is_active) == ("hu@example.vn", True)
        client.post(reverse("reporting:recipient_edit", args=[recipient.pk]), {"name": "Huyện ủy Di Linh",
                                                                               "email": "hu@example.vn"})
        recipient.refresh_from_db()
        assert (recipient.name, recipient.is_active) == ("Huyện ủy Di Linh", False)
        client.post(reverse("reporting:recipient_delete", args=[recipient.pk]))
        assert not RollupRecipient.objects.exists()

    def test_access(self, login, leader, other_coordinator, district):
        recipient = RollupRecipient.objects.create(district=district, name="UBND", email="ubnd@example.vn")
        assert login(leader).get(reverse("reporting:recipient_list")).status_code == 403
        assert login(leader).post(reverse("reporting:recipient_delete", args=[recipient.pk])).status_code == 403
        assert login(other_coordinator).post(reverse("reporting:recipient_delete", args=[recipient.pk])).status_code == 404
        assert RollupRecipient.objects.filter(pk=recipient.pk).exists()
