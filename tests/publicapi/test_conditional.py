"""Conditional requests on the routes that send ETag and Last-Modified (issue 19, item 3):
If-Modified-Since gives 304 when nothing changed since; If-Match and If-Unmodified-Since give 412
when the resource is not in the state they name. Evaluated in RFC 9110's order (13.2.2)."""

import json

import pytest
from django.utils.http import http_date, parse_http_date

from .conftest import module_data
from .test_http import build, conditional_urls

pytestmark = pytest.mark.django_db

PRECONDITION_FAILED = "资源已不是请求中 If-Match 或 If-Unmodified-Since 所指的状态。"


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def _shifted(last_modified: str, seconds: int) -> str:
    return http_date(parse_http_date(last_modified) + seconds)


def _refused(response) -> None:
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": PRECONDITION_FAILED}


def test_if_modified_since_gives_304_when_nothing_changed_since(api, tree):
    for path in conditional_urls(tree):
        first = api.get(path)
        last_modified = first["Last-Modified"]
        for since in (last_modified, _shifted(last_modified, 3600)):
            response = api.get(path, status=304, If_Modified_Since=since)
            assert response["ETag"] == first["ETag"]
            api.head(path, status=304, If_Modified_Since=since)
        earlier = _shifted(last_modified, -1)
        assert api.get(path, If_Modified_Since=earlier).content == first.content
        # An unreadable date is ignored (RFC 9110, 13.1.3).
        assert api.get(path, If_Modified_Since="gestern").content == first.content


def test_if_none_match_takes_precedence_over_if_modified_since(api, tree):
    for path in conditional_urls(tree):
        first = api.get(path)
        response = api.get(
            path, If_None_Match='"0123456789abcdef"', If_Modified_Since=first["Last-Modified"]
        )
        assert response.content == first.content


def test_if_match_gives_412_unless_it_names_the_current_etag(api, tree):
    for path in conditional_urls(tree):
        first = api.get(path)
        etag = first["ETag"]
        for header in (etag, f'"0000", {etag}', "*"):
            assert api.get(path, If_Match=header).content == first.content
        for header in ('"0123456789abcdef"', f"W/{etag}"):  # If-Match compares strongly
            refused = api.get(path, status=412, If_Match=header)
            _refused(refused)
            assert refused["ETag"] == etag
            assert api.head(path, status=412, If_Match=header).content == b""


def test_if_unmodified_since_gives_412_when_modified_after(api, tree):
    for path in conditional_urls(tree):
        first = api.get(path)
        last_modified = first["Last-Modified"]
        _refused(api.get(path, status=412, If_Unmodified_Since=_shifted(last_modified, -1)))
        assert api.get(path, If_Unmodified_Since=last_modified).content == first.content
        # If-Match, when present, decides instead of If-Unmodified-Since.
        response = api.get(
            path, If_Match=first["ETag"], If_Unmodified_Since=_shifted(last_modified, -1)
        )
        assert response.content == first.content


def test_the_document_lists_304_and_412_where_they_apply(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        # The reads; the one write (answering a survey) has no representation to compare.
        if "get" not in operations:
            continue
        responses = operations["get"]["responses"]
        conditional = path in {
            "/api/v1/sites",
            "/api/v1/sites/{site_id}",
            "/api/v1/sites/{site_id}/sitemap",
            "/api/v1/sites/{site_id}/pages/{page_id}",
            "/api/v1/sites/{site_id}/find",
            "/api/v1/newmedia",
            "/api/v1/sites/{site_id}/newmedia",
        }
        assert ("304" in responses) == conditional, path
        assert ("412" in responses) == conditional, path
        if conditional:
            assert "content" not in responses["304"]
            error = responses["412"]["content"]["application/json"]["schema"]["$ref"]
            assert error.endswith("/Error")
