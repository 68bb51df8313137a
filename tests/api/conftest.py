"""Fixtures of the API tests: a client that speaks with a personal token, the DHIS2 mapping."""

import pytest
from rest_framework.test import APIClient

from api.demo import mapping_seed
from api.models import ApiToken
from api.services import api_token_create
from tests.reporting.conftest import action_day, previous_day, programme, week  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def token_client():
    """token_client(user, kind="personal") → an APIClient sending that user's new token."""

    def _make(user, kind=ApiToken.Kind.PERSONAL):
        _token, secret = api_token_create(user=user, name=f"test {kind}", kind=kind, actor=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client

    return _make


@pytest.fixture
def mapping(db):
    mapping_seed()

