"""Personal API tokens: created on the account page and shown once, hashed at rest, used, expired, revoked."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def _create(client, name="Hệ thống tỉnh", kind="personal", days=30):
    page = client.get(reverse("api_tokens"))
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.content.decode())[1]
    return client.post(reverse("api_tokens"), {"name": name, "kind": kind, "days": days, "nonce": nonce},
                       follow=True), nonce


def _secret(response) -> str:
    return re.search(r'<code class="fs-6 user-select-all">([^<]+)</code>', response.content.decode())[1]


def test_token_life_cycle(login, commune_officer):
    client = login(commune_officer)
    response, nonce = _create(client)
    secret = _secret(response)
    token = ApiToken.objects.get(user=commune_officer)
    # hashed at rest: the secret itself is nowhere in the database row, its SHA-256 is
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    assert secret.startswith("ntm_") and token.prefix == secret[4:12]
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert AuditEntry.objects.filter(action="api_token.create", target_id=str(token.pk)).count() == 1
    # shown once: a reload shows only the prefix
    again = client.get(reverse("api_tokens")).content.decode()
    assert secret not in again and token.prefix in again
    # the same form sent twice (double tap) makes one token
    client.post(reverse("api_tokens"), {"name": "x", "kind": "personal", "days": 30, "nonce": nonce})
    assert ApiToken.objects.filter(user=commune_officer).count() == 1

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    me = api.get(reverse("api:me"))
    assert me.status_code == 200 and me.json()["username"] == commune_officer.username
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "Chưa dùng" not in client.get(reverse("api_tokens")).content.decode()

    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api.get(reverse("api:me"))
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed" and "thu hồi" in refused.json()["message"]
    # a second revoke writes nothing more
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert AuditEntry.objects.filter(action="api_token.revoke", target_id=str(token.pk)).count() == 1


def test_an_expired_token_is_refused(token_client, commune_officer):
    api = token_client(commune_officer)
    assert api.get(reverse("api:me")).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        response = api.get(reverse("api:me"))
    assert response.status_code == 401 and "hết hạn" in response.json()["message"]


def test_a_wrong_token_and_no_token_get_401_in_the_error_shape(db):
    api = APIClient()
    missing = api.get(reverse("api:me"))
    assert missing.status_code == 401
    assert set(missing.json()) == {"code", "message", "field", "errors"}
    assert missing.json()["code"] == "not_authenticated"
    api.credentials(HTTP_AUTHORIZATION="Token ntm_khongphaima")
    assert api.get(reverse("api:me")).json()["code"] == "authentication_failed"


def test_nobody_revokes_another_users_token(login, token_client, commune_officer, coordinator):
    token_client(commune_officer)
    token = ApiToken.objects.get(user=commune_officer)
    response = login(coordinator).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_bad_form_creates_nothing(login, commune_officer):
    client = login(commune_officer)
    response, _nonce = _create(client, name="", days=999)
    assert ApiToken.objects.count() == 0
    assert "Thời hạn" in response.content.decode() or "bắt buộc" in response.content.decode()


def test_a_service_account_only_reads_figures(token_client, leader, agency, action_day, week):
    api = token_client(leader, kind=ApiToken.Kind.SERVICE)
    assert api.get(reverse("api:unit_list")).status_code == 200
    assert api.get(reverse("api:day_report_list", args=[action_day.pk])).status_code == 200
    assert api.get(reverse("api:rollup_list")).status_code == 200
    people = api.get(reverse("api:agency_detail", args=[agency.pk]))
    assert people.status_code == 403 and people.json()["code"] == "permission_denied"
    assert api.get(reverse("api:agency_list")).status_code == 403
    report = week["reports"]["on_time"]
    post = api.post(reverse("api:day_report_detail", args=[report.commune_id, action_day.pk]), {}, format="json")
    assert post.status_code == 403


def test_requests_are_throttled_per_token(monkeypatch, token_client, commune_officer):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    first, second = token_client(commune_officer), token_client(commune_officer)
    codes = [first.get(reverse("api:me")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = first.get(reverse("api:me"))
    assert throttled.json()["code"] == "throttled" and "Retry-After" in throttled
    assert second.get(reverse("api:me")).status_code == 200  # another token counts on its own
