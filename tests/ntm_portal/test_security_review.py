"""Regression tests for the outside review (issue 12, part A): login, NUL bytes, password reset,
throttling behind the proxy, cache headers of downloads."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- A5 -------------------------------------------------------------------------------------------

def test_a_256_character_user_name_is_a_form_error_not_a_500(client):
    response = client.post(reverse("login"), {"username": "a" * 256, "password": "x"})
    assert response.status_code == 200
    assert "150" in response.content.decode()  # "… tối đa 150 ký tự"
    assert not AccessAttempt.objects.exists()  # never reached axes' 255-character column


def test_an_overlong_password_is_a_form_error(client, commune_officer):
    response = client.post(reverse("login"), {"username": "xa.hoaninh", "password": "x" * 5000})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


# --- A6 -------------------------------------------------------------------------------------------

def test_a_nul_byte_in_a_query_parameter_is_400_not_500(login, coordinator, agency):
    client = login(coordinator)
    assert client.get(reverse("directory:agency_detail", args=[agency.pk]) + "?q=%00").status_code == 400
    assert client.get(reverse("directory:commune_list") + "?q=a%00b").status_code == 400
    assert client.get(reverse("audit_list") + "?actor=%00").status_code == 400
    assert client.get(reverse("directory:agency_detail", args=[agency.pk]) + "?q=Nguy%E1%BB%85n").status_code == 200


def test_a_nul_byte_in_a_login_form_is_400(client):
    response = client.post(reverse("login"), "username=a%00b&password=x",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()


# --- A8 -------------------------------------------------------------------------------------------

def _reset(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": email})
    return response, queries


def test_password_reset_answers_alike_for_a_registered_and_an_unknown_address(
        client, commune_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        known, known_queries = _reset(client, commune_officer.email)
        assert mail.outbox == []  # nothing is sent inside the request
        unknown, unknown_queries = _reset(client, "khong-co@example.vn")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The request never looks the address up: the same (session) queries for both.
    assert [q["sql"] for q in known_queries.captured_queries] == [q["sql"] for q in unknown_queries.captured_queries]
    assert not any("auth_user" in q["sql"] for q in known_queries.captured_queries)
    assert len(callbacks) == 2  # the Celery task is queued on commit, once per request
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[commune_officer.email]]  # the unknown address gets nothing


def test_password_reset_is_rate_limited_per_address(client, commune_officer, settings,
                                                    django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(reverse("password_reset"), {"email": commune_officer.email}).status_code
                   for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    refused = client.post(reverse("password_reset"), {"email": commune_officer.email})
    assert "Đã có quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    # The same limit for an unknown address: the answer tells nothing about registration.
    with django_capture_on_commit_callbacks(execute=True):
        unknown = [client.post(reverse("password_reset"), {"email": "x@example.vn"}).status_code for _ in range(4)]
    assert unknown == [302, 302, 302, 429]


def test_password_reset_is_rate_limited_per_client(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 4
    answers = [client.post(reverse("password_reset"), {"email": f"nguoi{i}@example.vn"}).status_code
               for i in range(6)]
    assert answers == [302] * 4 + [429] * 2
    other = client.post(reverse("password_reset"), {"email": "khac@example.vn"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


# --- A9 -------------------------------------------------------------------------------------------

def _login(client, username, password, client_address):
    # Behind the proxy: REMOTE_ADDR is the proxy; the proxy appends the client to X-Forwarded-For.
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0  # one reverse proxy: the last address it appended is the client


def test_behind_the_proxy_a_locked_account_is_locked_for_that_client_only(client, commune_officer, behind_proxy,
                                                                        settings):
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        _login(client, "xa.hoaninh", "sai", "203.0.113.5")
    assert _login(client, "xa.hoaninh", PASSWORD, "203.0.113.5").status_code == 429
    # The real officer, from another address through the same proxy, still logs in.
    assert _login(client, "xa.hoaninh", PASSWORD, "203.0.113.9").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_a_client_cannot_forge_its_address_through_the_header(client, commune_officer, behind_proxy, settings):
    for i in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        _login(client, "xa.hoaninh", "sai", f"192.0.2.{i}, 203.0.113.5")  # forged part on the left
    assert _login(client, "xa.hoaninh", PASSWORD, "192.0.2.200, 203.0.113.5").status_code == 429


def test_password_spraying_from_one_address_is_stopped_across_user_names(client, commune_officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    answers = []
    for name in range(20):
        for _try in range(6):
            answers.append(client.post(reverse("login"), {"username": f"nguoi{name}", "password": "sai"}).status_code)
    assert answers.count(429) >= 20 * 6 - 20  # every try after the 20th failure is refused
    # Even the right password of a real account is refused from that address during the pause …
    assert client.post(reverse("login"), {"username": "xa.hoaninh", "password": PASSWORD}).status_code == 429
    # … while another address is not affected.
    assert client.post(reverse("login"), {"username": "xa.hoaninh", "password": PASSWORD},
                       REMOTE_ADDR="198.51.100.7").status_code == 302


def test_one_account_still_locks_after_five_failures_from_one_address(client, commune_officer, settings):
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "xa.hoaninh", "password": "sai"})
    assert client.post(reverse("login"), {"username": "xa.hoaninh", "password": PASSWORD}).status_code == 429
    assert settings.AXES_ACCOUNT_FAILURE_LIMIT < settings.AXES_ADDRESS_FAILURE_LIMIT
