"""Every response the tests receive is checked against the documented contract.

A 200 body must validate against the route's schema of :mod:`publicapi.schemas` and carry no
key the schema does not document; an error body must be an ``Error``. ``PublicApi`` does this
for every request, so no test can look at a response the contract has not seen.
"""

import json
import re
import typing
from dataclasses import dataclass, field

from django.test import Client
from pydantic import BaseModel

from publicapi import archive as archive_api
from publicapi import ask as ask_api
from publicapi import mailbox as mailbox_api
from publicapi import schemas
from publicapi import search as search_api
from publicapi import surveys as surveys_api

PREFIX = "/api/v1"
ROUTES: list[tuple[re.Pattern, type[BaseModel]]] = [
    (re.compile(rf"^{PREFIX}/$"), schemas.ApiIndex),
    (re.compile(rf"^{PREFIX}/sites$"), schemas.SiteList),
    (re.compile(rf"^{PREFIX}/sites/\d+$"), schemas.SiteDetail),
    (re.compile(rf"^{PREFIX}/sites/\d+/sitemap$"), schemas.Sitemap),
    (re.compile(rf"^{PREFIX}/sites/\d+/pages$"), schemas.PageList),
    (re.compile(rf"^{PREFIX}/sites/\d+/pages/\d+$"), schemas.PageDetail),
    (re.compile(rf"^{PREFIX}/sites/\d+/find$"), schemas.PageDetail),
    (re.compile(rf"^{PREFIX}/sites/\d+/archive$"), schemas.PageList),
    (re.compile(rf"^{PREFIX}/sites/\d+/archive/calendar$"), archive_api.ArchiveCalendar),
    (re.compile(rf"^{PREFIX}/sites/\d+/search$"), search_api.SearchResults),
    (re.compile(rf"^{PREFIX}/search$"), search_api.SearchResults),
    (re.compile(rf"^{PREFIX}/sites/\d+/surveys/\d+/tally$"), surveys_api.SurveyTally),
    (re.compile(rf"^{PREFIX}/sites/\d+/ask$"), ask_api.AskResult),
    (re.compile(rf"^{PREFIX}/ask$"), ask_api.AskResult),
    (re.compile(rf"^{PREFIX}/sites/\d+/mailboxes$"), mailbox_api.MailboxList),
    (re.compile(rf"^{PREFIX}/sites/\d+/exchanges$"), mailbox_api.ExchangeList),
    (re.compile(rf"^{PREFIX}/sites/\d+/exchanges/\d+$"), mailbox_api.Exchange),
    (re.compile(rf"^{PREFIX}/sites/\d+/mailbox-statistics$"), mailbox_api.Statistics),
]
ENDPOINTS = [
    "/sites",
    "/sites/{site}",
    "/sites/{site}/sitemap",
    "/sites/{site}/pages",
    "/sites/{site}/pages/{page}",
    "/sites/{site}/find?path=/",
    "/sites/{site}/archive",
    "/sites/{site}/archive/calendar",
    "/sites/{site}/search?q=x",
    "/search?q=x",
    "/sites/{site}/ask?q=x",
    "/ask?q=x",
    "/sites/{site}/mailboxes",
    "/sites/{site}/exchanges",
    "/sites/{site}/mailbox-statistics?from=2026-01-01&to=2026-12-31",
]


def schema_for(path: str) -> type[BaseModel]:
    for pattern, schema in ROUTES:
        if pattern.match(path):
            return schema
    raise AssertionError(f"No documented schema for {path}")


def _models_in(annotation) -> list[type[BaseModel]]:
    """The pydantic models an annotation such as ``list[Node] | None`` can hold."""
    if typing.get_origin(annotation) is typing.Literal:
        return []
    if isinstance(annotation, typing.ForwardRef):
        annotation = getattr(schemas, annotation.__forward_arg__)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def undocumented_keys(data, model: type[BaseModel], where: str = "$") -> list[str]:
    """Keys of ``data`` that ``model`` (recursively) does not declare."""
    problems: list[str] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            problems += undocumented_keys(item, model, f"{where}[{index}]")
        return problems
    if not isinstance(data, dict):
        return problems
    fields = model.model_fields
    for key, value in data.items():
        if key not in fields:
            problems.append(f"{where}.{key}")
            continue
        annotation = fields[key].annotation
        if typing.get_origin(annotation) is dict or annotation is dict:
            continue
        for inner in _models_in(annotation):
            problems += undocumented_keys(value, inner, f"{where}.{key}")
    return problems


def assert_valid(body: bytes | str, schema: type[BaseModel]):
    """Validate ``body`` against ``schema`` and refuse undocumented keys; return the model."""
    instance = schema.model_validate_json(body)
    extra = undocumented_keys(json.loads(body), schema)
    assert not extra, f"Undocumented keys in a {schema.__name__}: {extra}"
    return instance


@dataclass
class PublicApi:
    """A Django test client that checks the contract of every response it gets."""

    client: Client
    seen: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, params=None, *, status: int = 200, **headers):
        url = PREFIX + path if not path.startswith(PREFIX) else path
        bare = url.split("?", 1)[0]
        call = getattr(self.client, method.lower())
        response = call(url, params or {}, headers=headers)
        assert response.status_code == status, (
            f"{method} {url} {params or ''}: expected {status}, got {response.status_code}: "
            f"{response.content[:500]!r}"
        )
        self.seen.append(response.content.decode())
        if method.upper() == "GET":
            self.check(bare, response)
        return response

    def check(self, bare_path: str, response) -> None:
        if response.status_code == 200:
            assert response["Content-Type"].startswith("application/json")
            assert_valid(response.content, schema_for(bare_path))
        elif response.status_code in (400, 404):
            assert response["Content-Type"].startswith("application/json"), response.content
            assert_valid(response.content, schemas.Error)
        elif response.status_code == 304:
            assert response.content == b""

    def get(self, path: str, params=None, *, status: int = 200, **headers):
        return self.request("GET", path, params, status=status, **headers)

    def json(self, path: str, params=None, *, status: int = 200, **headers) -> dict:
        return json.loads(self.get(path, params, status=status, **headers).content)

    def head(self, path: str, params=None, *, status: int = 200, **headers):
        return self.request("HEAD", path, params, status=status, **headers)

    # Shortcuts for the routes the tests use most.
    def listing(self, site_id: int, status: int = 200, **params) -> dict:
        return self.json(f"/sites/{site_id}/pages", params, status=status)

    def detail(self, site_id: int, page_id: int, status: int = 200) -> dict:
        return self.json(f"/sites/{site_id}/pages/{page_id}", status=status)

    def find(self, site_id: int, path: str, status: int = 200) -> dict:
        return self.json(f"/sites/{site_id}/find", {"path": path}, status=status)

    def sitemap(self, site_id: int, status: int = 200) -> dict:
        return self.json(f"/sites/{site_id}/sitemap", status=status)

    def listed_ids(self, site_id: int, **params) -> list[int]:
        params.setdefault("page_size", 100)
        return [item["id"] for item in self.listing(site_id, **params)["items"]]


def sitemap_ids(sitemap: dict) -> set[int]:
    found: set[int] = set()

    def walk(nodes):
        for node in nodes:
            found.add(node["id"])
            walk(node["children"])

    walk(sitemap["columns"])
    return found


__all__ = [
    "ENDPOINTS",
    "PREFIX",
    "PublicApi",
    "assert_valid",
    "schema_for",
    "sitemap_ids",
    "undocumented_keys",
]
