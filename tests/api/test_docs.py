"""The API's documentation page (Swagger UI from drf-spectacular-sidecar: our static files, no CDN) and its
OpenAPI schema with Vietnamese titles."""

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_docs_page_uses_our_static_files_only(login, commune_officer):
    page = login(commune_officer).get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "<script>" not in html  # the page's own script comes from ?script (CSP: script-src 'self')
    script = login(commune_officer).get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and reverse("api:schema") in script.content.decode()


def test_the_schema_is_in_vietnamese_and_names_every_operation(token_client, commune_officer):
    response = token_client(commune_officer).get(reverse("api:schema"))
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "API Cổng thông tin Nông thôn mới"
    summaries = [op["summary"] for path in schema["paths"].values() for op in path.values()]
    assert "Lưu và nộp báo cáo kết quả" in summaries and "Xuất số liệu tuần (DHIS2 dataValueSets, CSV)" in summaries
    assert all(summaries)
    assert "maApi" in schema["components"]["securitySchemes"]


def test_anonymous_reads_no_schema(client):
    assert client.get(reverse("api:schema")).status_code == 401
    assert client.get(reverse("api:docs")).status_code == 302
