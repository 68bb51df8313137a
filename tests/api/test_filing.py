"""Rosters and day reports through the API: the pages' services, their rules, their audit rows, one
submission per Idempotency-Key."""

import datetime

import pytest
from django.urls import reverse

from api.models import IdempotencyRecord
from campaigns.models import ActionDay, DayReport, Roster
from directory.models import Village
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_day(programme):
    return ActionDay.objects.create(programme=programme, date=datetime.date(2025, 3, 22))


def _villages(commune, day, **figures):
    villages = Village.objects.current(day.date).filter(parent=commune).order_by("pk")
    return [{"village_id": v.pk, "residents": 40, "households": 20, **figures} for v in villages]


def _url(commune, day):
    return reverse("api:day_report_detail", args=[commune.pk, day.pk])


def test_two_posts_with_the_same_key_make_one_submission(token_client, commune_officer, hoa_ninh, next_day):
    api = token_client(commune_officer)
    body = {"villages": _villages(hoa_ninh, next_day), "remarks": "Ra quân tốt", "submit": True}
    first = api.post(_url(hoa_ninh, next_day), body, format="json", HTTP_IDEMPOTENCY_KEY="4b1d-retry-1")
    assert first.status_code == 200, first.json()
    second = api.post(_url(hoa_ninh, next_day), body, format="json", HTTP_IDEMPOTENCY_KEY="4b1d-retry-1")
    assert second.status_code == 200 and second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    report = DayReport.objects.get(commune=hoa_ninh, action_day=next_day)
    assert DayReport.objects.filter(commune=hoa_ninh, action_day=next_day).count() == 1
    assert report.status == DayReport.Status.SUBMITTED and report.submission_count == 1
    assert report.remarks == "Ra quân tốt"
    assert {vr.residents for vr in report.village_results.all()} == {40}
    assert AuditEntry.objects.filter(action="day_report.submit", target_id=str(report.pk)).count() == 1
    assert AuditEntry.objects.filter(action="day_report.save", target_id=str(report.pk)).count() == 1
    assert IdempotencyRecord.objects.filter(user=commune_officer, key="4b1d-retry-1").count() == 1
    assert first.json()["status"] == "submitted" and first.json()["submission_count"] == 1


def test_the_same_key_with_another_body_is_refused(token_client, commune_officer, hoa_ninh, next_day):
    api = token_client(commune_officer)
    api.post(_url(hoa_ninh, next_day), {"villages": _villages(hoa_ninh, next_day)}, format="json",
             HTTP_IDEMPOTENCY_KEY="k1")
    other = api.post(_url(hoa_ninh, next_day), {"villages": _villages(hoa_ninh, next_day, residents=41)},
                     format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert other.json()["field"] == "Idempotency-Key"


def test_the_pages_rules_refuse_bad_figures_and_nothing_is_saved(token_client, commune_officer, hoa_ninh,
                                                                 next_day):
    api = token_client(commune_officer)
    villages = _villages(hoa_ninh, next_day)
    villages[0].update(residents=5, households=20)  # fewer people than households: the page's rule
    response = api.post(_url(hoa_ninh, next_day), {"villages": villages, "submit": True}, format="json",
                        HTTP_IDEMPOTENCY_KEY="bad-1")
    assert response.status_code == 400
    assert "không được ít hơn số hộ tham gia" in response.json()["message"]
    # all or nothing: not even the draft the service opened is kept
    assert not DayReport.objects.filter(commune=hoa_ninh, action_day=next_day).exists()
    assert not IdempotencyRecord.objects.exists()  # a refused request may be corrected and sent again


def test_input_errors_name_the_field_in_vietnamese(token_client, commune_officer, hoa_ninh, next_day):
    api = token_client(commune_officer)
    response = api.post(_url(hoa_ninh, next_day), {"villages": [{"village_id": 1, "bogus": 1}]}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "villages[0].bogus" and response.json()["code"] == "unknown_field"
    negative = api.post(_url(hoa_ninh, next_day), {"villages": [{"village_id": 1, "residents": -3, "students": "x"}]},
                        format="json")
    fields = {e["field"]: e for e in negative.json()["errors"]}
    assert fields["villages[0].residents"]["message"] == "Giá trị nhỏ hơn mức cho phép."
    assert fields["villages[0].students"]["message"] == "Giá trị không hợp lệ."
    missing = api.post(_url(hoa_ninh, next_day), {}, format="json").json()
    assert missing["field"] == "villages" and missing["message"] == "Trường này là bắt buộc."
    foreign = api.post(_url(hoa_ninh, next_day), {"villages": [{"village_id": 999999, "residents": 1}]},
                       format="json").json()
    assert foreign["field"] == "villages[0].village_id" and "không thuộc" in foreign["message"]


def test_a_submitted_report_needs_a_reason_to_change(token_client, commune_officer, hoa_ninh, next_day):
    api = token_client(commune_officer)
    api.post(_url(hoa_ninh, next_day), {"villages": _villages(hoa_ninh, next_day), "submit": True}, format="json")
    again = api.post(_url(hoa_ninh, next_day), {"villages": _villages(hoa_ninh, next_day, residents=30)},
                     format="json")
    assert again.status_code == 400 and again.json()["code"] == "reason_required"
    changed = api.post(_url(hoa_ninh, next_day), {"villages": _villages(hoa_ninh, next_day, residents=30),
                                                  "change_reason": "Đếm lại"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2


def test_outside_the_scope_404_and_read_only_403(token_client, other_commune_officer, leader, hoa_ninh, next_day):
    body = {"villages": _villages(hoa_ninh, next_day)}
    outside = token_client(other_commune_officer).post(_url(hoa_ninh, next_day), body, format="json")
    assert outside.status_code == 404 and outside.json()["code"] == "not_found"
    reader = token_client(leader).post(_url(hoa_ninh, next_day), body, format="json")
    assert reader.status_code == 403 and reader.json()["code"] == "permission_denied"
    assert not DayReport.objects.filter(action_day=next_day).exists()


def test_reading_a_report_with_its_village_results(token_client, leader, week, action_day):
    report = week["reports"]["on_time"]
    data = token_client(leader).get(reverse("api:day_report_detail", args=[report.commune_id, action_day.pk])).json()
    assert data["status"] == "accepted" and len(data["village_results"]) == report.village_results.count()
    first = report.village_results.order_by("village__name").first()
    row = next(v for v in data["village_results"] if v["village_id"] == first.village_id)
    assert row["residents"] == first.residents and row["task_results"]


def test_an_agency_sends_its_roster_through_the_roster_service(token_client, focal_point, agency, hoa_ninh,
                                                               next_day):
    people = list(agency.staff.order_by("pk"))[:2]
    url = reverse("api:roster_detail", args=[agency.pk, hoa_ninh.pk, next_day.pk])
    api = token_client(focal_point)
    body = {"people": [{"person_id": p.pk, "note": "Lái xe"} for p in people]}
    response = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="roster-1")
    assert response.status_code == 200, response.json()
    roster = Roster.objects.get(agency=agency, commune=hoa_ninh, action_day=next_day)
    assert roster.entry_count == 2 and {e.person_id for e in roster.entries.all()} == {p.pk for p in people}
    assert response.json()["entries"][0]["phone"]  # the agency itself sees its staff's phones
    assert AuditEntry.objects.filter(target_id=str(roster.pk), action__startswith="roster").exists()
    api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="roster-1")
    assert Roster.objects.filter(agency=agency, action_day=next_day).count() == 1


def test_a_roster_of_someone_elses_staff_is_refused(token_client, focal_point, agency, other_agency, hoa_ninh,
                                                    next_day):
    stranger = other_agency.staff.first()
    url = reverse("api:roster_detail", args=[agency.pk, hoa_ninh.pk, next_day.pk])
    response = token_client(focal_point).post(url, {"people": [{"person_id": stranger.pk}]}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "people[0].person_id"
    assert not Roster.objects.exists()


def test_the_commune_reads_rosters_without_phones(token_client, commune_officer, week, action_day, hoa_ninh, agency):
    data = token_client(commune_officer).get(reverse("api:commune_rosters", args=[hoa_ninh.pk, action_day.pk])).json()
    entries = [e for r in data for e in r["entries"]]
    assert entries and all(e["phone"] is None for e in entries)
    assert {p for p in agency.staff.values_list("phone", flat=True)}.isdisjoint({e["phone"] for e in entries})
