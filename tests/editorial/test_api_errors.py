"""The editorial API answers in its JSON error shape, in Chinese, everywhere under its prefix
(issue 19, item 4): a method an address does not accept is a 405, an unknown address, a
trailing slash or the bare prefix a 404; each status an operation answers is documented."""

import pytest
from django.test import Client
from wagtail.models import APIToken

from editorialapi import api as editorial_api
from publicapi import schemas
from tests import factories
from tests.publicapi.contract import assert_valid

pytestmark = pytest.mark.django_db

BASE = "/api/editorial/v1"
NO_SUCH_ROUTE = (
    "本接口没有这个地址（地址末尾不带斜杠）；全部地址见本接口的 OpenAPI 文档 "
    "/api/editorial/v1/openapi.json。"
)
SERVER_ERROR = "服务器未能处理本次请求，错误已记录，请稍后再试。"


@pytest.fixture
def reviewer(client):
    """A client holding a real token, with CSRF checked as for a browser."""
    person = factories.user(unit=factories.unit(), role="section_chief")
    _instance, token = APIToken.create_token(user=person, name="编审客户端")
    browser = Client(enforce_csrf_checks=True)
    browser.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return browser


def _error(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return assert_valid(response.content, schemas.Error).detail


@pytest.mark.parametrize(
    ("path", "allowed", "methods"),
    [
        ("/queue", "GET, HEAD", ["post", "put", "patch", "delete"]),
        ("/items/1", "GET, HEAD", ["post", "put", "delete"]),
        ("/items/1/history", "GET, HEAD", ["post", "delete"]),
        ("/items/1/submission", "POST", ["get", "put", "delete"]),
        ("/items/1/approval", "POST", ["get", "patch"]),
        ("/items/1/return", "POST", ["get", "delete"]),
        ("/openapi.json", "GET, HEAD", ["post", "delete"]),
    ],
)
def test_a_method_an_address_does_not_accept_is_a_json_405(reviewer, path, allowed, methods):
    for method in methods:
        if method == "get":
            response = reviewer.get(BASE + path)
        else:
            response = getattr(reviewer, method)(BASE + path, "{}", "application/json")
        detail = _error(response, 405)
        assert detail == f"这个地址不接受 {method.upper()} 请求，只接受 {allowed}。"
        assert response["Allow"] == allowed


@pytest.mark.parametrize(
    "path", ["/", "/queue/", "/items/1/", "/items/1/history/extra", "/nothing"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_address_is_a_json_404(reviewer, path, method):
    assert _error(getattr(reviewer, method)(BASE + path), 404) == NO_SUCH_ROUTE


def test_every_operation_documents_405_400_and_500_in_the_error_shape(client):
    document = client.get(f"{BASE}/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "405", "500"):
                answer = operation["responses"][status]
                schema = answer["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/Error"), (path, method, status)


def test_a_fault_is_a_json_500_in_chinese(reviewer, monkeypatch):
    """Found by the fuzz (tests/test_api_fuzz.py): an item showing an image whose file was gone
    answered Django's English HTML page, a status its document did not name."""

    def broken(*args, **kwargs):
        raise FileNotFoundError("original_images/gone.png")

    monkeypatch.setattr(editorial_api, "review_queue", broken)
    reviewer.raise_request_exception = False
    assert _error(reviewer.get(BASE + "/queue"), 500) == SERVER_ERROR


def test_an_item_id_that_is_not_a_number_is_a_documented_400(reviewer):
    for path in ("/items/abc", "/items/abc/history"):
        assert _error(reviewer.get(BASE + path), 400) == "请求参数无效。"


def test_an_item_whose_image_file_is_gone_still_opens(client, staffed_site):
    """An image whose file has gone from storage shows as no image, not as a server error."""
    cover = factories.image("封面")
    item = factories.news(
        staffed_site.column,
        "配图稿件",
        publish=False,
        owner=staffed_site.people.author,
        cover_image=cover,
    )
    cover.file.storage.delete(cover.file.name)
    _instance, token = APIToken.create_token(user=staffed_site.people.chief, name="编审客户端")

    response = client.get(f"{BASE}/items/{item.pk}", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200, response.content[:300]
