"""Login, logout, password change and reset in Vietnamese; login attempts throttled."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese_and_logs_in(client, commune_officer):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page and 'lang="vi"' in page
    response = client.post(reverse("login"), {"username": "xa.hoaninh", "password": "secret-pass-123"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_is_said_in_vietnamese(client, commune_officer):
    response = client.post(reverse("login"), {"username": "xa.hoaninh", "password": "sai"})
    assert "Tên đăng nhập và mật khẩu chính xác" in response.content.decode()


def test_login_attempts_are_throttled(client, commune_officer, settings):
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "xa.hoaninh", "password": "sai"})
    response = client.post(reverse("login"), {"username": "xa.hoaninh", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_password_reset_mail_is_in_vietnamese(client, commune_officer, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_NAME = "Cổng thông tin Nông thôn mới Di Linh"  # the demo's name, from .env
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": commune_officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu Cổng thông tin Nông thôn mới Di Linh"
    assert "/tai-khoan/dat-lai/" in message.body and "Nếu bạn không yêu cầu" in message.body
    assert "trên Cổng thông tin Nông thôn mới Di Linh." in message.body


def test_password_change(login, commune_officer):
    client = login(commune_officer)
    response = client.post(reverse("password_change"), {
        "old_password": "secret-pass-123", "new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026",
    })
    assert response.status_code == 302
    commune_officer.refresh_from_db()
    assert commune_officer.check_password("Mật-khẩu-mới-2026")
    assert "Mật khẩu của bạn đã được đổi." in client.get(response["Location"]).content.decode()


def test_logout_is_a_post(login, commune_officer):
    client = login(commune_officer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_user_without_a_role_is_told_whom_to_ask(client, django_user_model):
    user = django_user_model.objects.create_user("moi", password="x")
    client.force_login(user)
    assert "chưa được phân vai trò" in client.get(reverse("home")).content.decode()
