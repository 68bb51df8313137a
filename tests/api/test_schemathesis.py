"""The API against its own OpenAPI schema (schemathesis' pytest integration): whatever the input — wrong
types, unknown fields, odd strings, ids that do not exist — no 500, and every failure in the error shape.

Bounded (a few examples per operation) so it runs in CI in well under two minutes; nothing is skipped.
"""

import json

import pytest
import schemathesis
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.core import NotSet

from api.services import api_token_create

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field", "errors"}


# Built at collection (pytest-django has set Django up; building the schema reads no database).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def coordinator_api(coordinator, week, mapping):
    """A token of the coordinator, with a filed week to read (ids in paths are mostly random: 404)."""
    _token, secret = api_token_create(user=coordinator, name="schemathesis", actor=coordinator)
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_one_error_shape(case, coordinator_api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    data, content_type = "", "application/octet-stream"
    if not isinstance(case.body, NotSet):
        if case.media_type == "text/csv" or isinstance(case.body, (str, bytes)):
            data, content_type = case.body, case.media_type or "text/csv"
        else:
            data, content_type = json.dumps(case.body), "application/json"
    path = case.formatted_path
    query = {k: v for k, v in (case.query or {}).items() if not isinstance(v, NotSet)}
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query, doseq=True)
    headers = {f"HTTP_{k.upper().replace('-', '_')}": str(v) for k, v in (case.headers or {}).items()
               if k.lower() != "authorization"}
    response = coordinator_api.generic(case.method.upper(), path, data, content_type, **headers)
    assert response.status_code < 500, (case.method, path, data, response.status_code)
    if response.status_code >= 400:
        assert response.get("Content-Type", "").startswith("application/json"), (case.method, path, response.status_code, response.content[:200])
        assert set(response.json()) == ERROR_KEYS, (path, response.content[:300])
