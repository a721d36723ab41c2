"""The OpenAPI document is a contract: it changes only on purpose, with its snapshot."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from publicapi import schemas

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"
HINT = (
    "The OpenAPI document of /api/v1/ differs from tests/publicapi/snapshots/openapi.json. "
    "If the change of the API contract is deliberate, run `make openapi-snapshot` and commit "
    "the new snapshot with the change; otherwise undo the change."
)


def served(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_served_document_matches_the_snapshot(client):
    assert served(client) == json.loads(SNAPSHOT.read_text(encoding="utf-8")), HINT


def test_the_export_command_prints_the_served_document(client):
    out = io.StringIO()
    call_command("export_openapi", stdout=out)
    text = out.getvalue()
    assert json.loads(text) == served(client)
    assert "政府网站集约化平台" in text  # ensure_ascii=False: Chinese stays readable
    assert text.lstrip().startswith('{\n  "components"')  # indented, keys sorted


# The only writes of the public API: a citizen's message, and reading it back with its code
# (POST, so that the code stays out of addresses and logs); a citizen's answers to a survey.
WRITES = {
    "/api/v1/sites/{site_id}/mailboxes/{mailbox_id}/messages",
    "/api/v1/messages/lookup",
    "/api/v1/sites/{site_id}/surveys/{page_id}/responses",
}


def test_the_document_offers_reading_only(client):
    document = served(client)
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/sites",
        "/api/v1/sites/{site_id}",
        "/api/v1/sites/{site_id}/sitemap",
        "/api/v1/sites/{site_id}/pages",
        "/api/v1/sites/{site_id}/pages/{page_id}",
        "/api/v1/sites/{site_id}/find",
        "/api/v1/sites/{site_id}/archive",
        "/api/v1/sites/{site_id}/archive/calendar",
        "/api/v1/sites/{site_id}/search",
        "/api/v1/search",
        "/api/v1/sites/{site_id}/surveys/{page_id}/tally",
        "/api/v1/sites/{site_id}/ask",
        "/api/v1/ask",
        "/api/v1/sites/{site_id}/mailboxes",
        "/api/v1/sites/{site_id}/exchanges",
        "/api/v1/sites/{site_id}/exchanges/{exchange_id}",
        "/api/v1/sites/{site_id}/mailbox-statistics",
        "/api/v1/newmedia",
        "/api/v1/sites/{site_id}/newmedia",
        *WRITES,
    }
    for path, operations in document["paths"].items():
        assert set(operations) == ({"post"} if path in WRITES else {"get", "head"}), path


def test_the_document_names_the_response_schemas(client):
    document = served(client)
    components = document["components"]["schemas"]
    for schema in (
        schemas.PageList,
        schemas.PageDetail,
        schemas.SiteList,
        schemas.SiteDetail,
        schemas.Sitemap,
        schemas.Error,
    ):
        assert schema.__name__ in components, schema.__name__
        assert set(components[schema.__name__]["properties"]) == set(schema.model_fields)

    def ok(path):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]

    assert ok("/api/v1/sites/{site_id}/pages") == "PageList"
    assert ok("/api/v1/sites/{site_id}/pages/{page_id}") == "PageDetail"
    assert ok("/api/v1/sites/{site_id}/find") == "PageDetail"
    assert ok("/api/v1/sites") == "SiteList"
    assert ok("/api/v1/sites/{site_id}") == "SiteDetail"
    assert ok("/api/v1/sites/{site_id}/sitemap") == "Sitemap"
    parameters = document["paths"]["/api/v1/sites/{site_id}/pages"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == settings.PUBLICAPI_MAX_PAGE_SIZE


def test_the_docs_page(client):
    response = client.get("/api/v1/docs")
    if settings.PUBLICAPI_DOCS_ENABLED:
        assert response.status_code == 200
        assert b"openapi.json" in response.content
    else:
        assert response.status_code == 404
