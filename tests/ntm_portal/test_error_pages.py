"""Errors answer in Vietnamese, in the portal's layout, with the way back; an outage answers 503."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerDown

pytestmark = pytest.mark.django_db


def test_out_of_scope_is_a_vietnamese_404_with_the_way_back(login, other_commune_officer, hoa_ninh):
    client = login(other_commune_officer)
    response = client.get(reverse("campaigns:commune_weeks", args=[hoa_ninh.pk]),
                          HTTP_REFERER="http://testserver/chuong-trinh/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in html and "Not Found" not in html
    assert 'href="http://testserver/chuong-trinh/">Quay lại trang trước' in html
    assert 'href="/">Về trang chủ' in html
    assert "portal-header" in html and "Kế hoạch, báo cáo tuần" in html  # the layout and its navigation


def test_a_foreign_referer_is_not_offered_as_the_way_back(login, other_commune_officer):
    response = login(other_commune_officer).get("/khong-co-trang-nay/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 404 and "evil.example" not in response.content.decode()


def test_read_only_is_a_vietnamese_403(login, leader):
    response = login(leader).get(reverse("audit_list"))
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in response.content.decode()


def test_csrf_failure_is_vietnamese_and_says_the_draft_is_kept(commune_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Trang đã mở quá lâu" in html and "vẫn được giữ trên điện thoại này" in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize("error", [OperationalError("could not connect to server"), BrokerDown("broker down")])
def test_database_or_broker_down_is_a_503_saying_the_report_is_kept(monkeypatch, login, commune_officer, error):
    def down(*args, **kwargs):
        raise error

    client = login(commune_officer)
    client.raise_request_exception = False
    monkeypatch.setattr("ntm_portal.views.scope_of", down)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "vẫn được giữ trên điện thoại này" in html and "Server Error" not in html


def test_any_other_crash_is_a_vietnamese_500(monkeypatch, login, commune_officer):
    client = login(commune_officer)
    client.raise_request_exception = False
    monkeypatch.setattr("ntm_portal.views.scope_of", lambda user: 1 / 0)
    response = client.get(reverse("home"))
    assert response.status_code == 500 and "Hệ thống gặp lỗi khi xử lý yêu cầu" in response.content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")
