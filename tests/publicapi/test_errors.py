"""Every answer under /api/ is JSON in Chinese, in the documented error shape (issue 19, item
4): a method an address does not accept is a 405 (never a CSRF page), an unknown address or a
trailing slash a 404, and /api/v1/ itself says what the API is."""

import json

import pytest
from django.test import Client

from publicapi import schemas, selectors
from publicapi.api import server_error
from tests import factories

from .conftest import module_data
from .contract import ENDPOINTS, PREFIX, assert_valid

pytestmark = pytest.mark.django_db

WRITES = ["post", "put", "patch", "delete"]
NOT_ALLOWED = "这个地址不接受 {method} 请求，只接受 GET, HEAD。"
SERVER_ERROR = "服务器未能处理本次请求，错误已记录，请稍后再试。"
NO_SUCH_ROUTE = (
    "本接口没有这个地址（地址末尾不带斜杠）；全部地址见本接口的 OpenAPI 文档 {document}。"
)


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    return {"site": site, "item": factories.news(column, "区政府召开常务会议")}


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


@pytest.fixture(params=["anonymous", "signed in"])
def browser(request):
    """A client that checks CSRF as a browser's requests are checked; signed in or not."""
    client = Client(enforce_csrf_checks=True)
    if request.param == "signed in":
        factories.login(client, factories.superuser())
    return client


def _error(response, status: int, detail: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = assert_valid(response.content, schemas.Error)
    assert body.detail == detail
    return json.loads(response.content)


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "/", "/openapi.json", "/docs"])
def test_a_write_to_a_read_route_is_a_json_405(browser, tree, endpoint):
    url = PREFIX + endpoint.format(site=tree["site"].pk, page=tree["item"].pk)
    for method in WRITES:
        response = getattr(browser, method)(url, "{}", "application/json")
        _error(response, 405, NOT_ALLOWED.format(method=method.upper()))
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    [
        "/sites/{site}/pages/",
        "/sites/{site}/pages/{page}/",
        "/sites/{site}/",
        "/sites/",
        "/nothing",
        "/sites/{site}/archive/",
        "/sites/{site}/pages/{page}/extra",
    ],
)
@pytest.mark.parametrize("method", ["get", "head", "post", "delete"])
def test_an_unknown_address_is_a_json_404(browser, tree, path, method):
    url = PREFIX + path.format(site=tree["site"].pk, page=tree["item"].pk)
    response = getattr(browser, method)(url)
    if method == "head":
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        return
    _error(response, 404, NO_SUCH_ROUTE.format(document="/api/v1/openapi.json"))


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v2/sites"])
def test_anything_else_under_api_is_a_json_404(client, path):
    _error(client.get(path), 404, NO_SUCH_ROUTE.format(document="/api/v1/openapi.json"))


def test_the_root_of_the_api_says_what_it_is(client):
    response = client.get(PREFIX + "/")
    assert response.status_code == 200
    index = assert_valid(response.content, schemas.ApiIndex)
    assert index.name == "政府网站集约化平台 · 公开接口"
    assert index.openapi == "/api/v1/openapi.json"
    assert client.get(index.openapi).status_code == 200
    assert client.head(PREFIX + "/").status_code == 200


def test_every_operation_documents_its_error_statuses(client):
    document = client.get("/api/v1/openapi.json").json()
    error = "#/components/schemas/Error"
    for path, operations in document["paths"].items():
        for responses in (operation["responses"] for operation in operations.values()):
            assert responses["405"]["content"]["application/json"]["schema"]["$ref"] == error
            assert responses["500"]["content"]["application/json"]["schema"]["$ref"] == error
            for status, answer in responses.items():
                # 201 and a 200 of a message folded: the only writes' answers (mailboxes).
                if status not in ("200", "201", "304"):
                    assert answer["content"]["application/json"]["schema"]["$ref"] == error, (
                        path,
                        status,
                    )
    # Every route with a parameter documents the 400 of a parameter that does not validate.
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if operation.get("parameters"):
                assert "400" in operation["responses"], path


@pytest.mark.parametrize("path", ["/sites", "/sites/{site}/pages"])
def test_a_fault_is_a_json_500_in_chinese(tree, monkeypatch, path):
    """Under /api/ even a fault nobody foresaw answers in the Error shape, in Chinese, with a
    status the document names (the fuzz, tests/test_api_fuzz.py, met Django's HTML page)."""

    def broken(*args, **kwargs):
        raise RuntimeError("the read model is unreachable")

    monkeypatch.setattr(selectors, "site_listing", broken)
    monkeypatch.setattr(selectors, "page_listing", broken)
    client = Client(raise_request_exception=False)
    url = PREFIX + path.format(site=tree["site"].pk)
    _error(client.get(url), 500, SERVER_ERROR)


def test_a_fault_elsewhere_keeps_djangos_page(rf):
    response = server_error(rf.get("/admin/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/sites/abc", "/sites/abc/sitemap", "/sites/{site}/pages/abc", "/sites/abc/find"]
)
def test_an_id_that_is_not_a_number_is_a_documented_400(api, tree, path):
    body = api.json(path.format(site=tree["site"].pk), {"path": "/"}, status=400)
    assert set(body["fields"]) <= {"site_id", "page_id"}


NO_NUL = "不得包含空字符（U+0000）。"


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/sites/{site}/find", {"path": "/xinwen/\x00/"}, "path"),
        ("/sites/{site}/search", {"q": "会议\x00"}, "q"),
        ("/sites/{site}/archive", {"q": "\x00"}, "q"),
        ("/sites/{site}/archive/calendar", {"q": "会议\x00"}, "q"),
    ],
)
def test_a_nul_character_in_a_text_parameter_is_a_documented_400(client, tree, path, query, field):
    """Found by the fuzz (tests/test_api_fuzz.py) on PostgreSQL, which cannot compare a NUL
    character: a 500. No page path or searched word holds one; the document says so."""
    url = PREFIX + path.format(site=tree["site"].pk)
    body = _error(client.get(url, query), 400, "请求参数无效。")
    assert body["fields"] == {field: NO_NUL}
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1" + path.replace("{site}", "{site_id}")]["get"]
    [parameter] = [p for p in operation["parameters"] if p["name"] == field]
    [text] = [s for s in parameter["schema"].get("anyOf", [parameter["schema"]]) if "pattern" in s]
    assert text["pattern"] == "^[^\\x00]*$"
