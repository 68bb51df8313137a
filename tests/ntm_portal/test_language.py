"""An official whose browser asks for English still gets one language: Vietnamese text, Vietnamese
messages and Vietnamese number formats (no English catalogue ships yet)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_django_messages_in_vietnamese(client):
    response = client.post(reverse("login"), {"username": "", "password": ""}, **ENGLISH_BROWSER)
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html and "This field is required." not in html


def test_an_english_browser_sees_vietnamese_thousands(login, coordinator):
    """The coordinator's home prints the district's households (thousands) with intcomma."""
    html = login(coordinator).get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    assert re.search(r">\s*\d{1,3}(\.\d{3})+\s*<", html)  # e.g. >45.000<
    assert not re.search(r"\b\d{1,3}(,\d{3})+\b", html)  # never 45,000
