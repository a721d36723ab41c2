"""Every public write is limited per address: 429, ``Retry-After`` and a Chinese message.

The public API's routes are found in the URL resolver, not listed here: a route that takes any
write method (POST, PUT, PATCH, DELETE) is sent that method with every ``*_RATE`` setting at
two per window, and must refuse the third from one address. A new write endpoint without a
limit fails this test. The forms anyone may post to outside the API (the admin's password
reset, a document's privacy password) are limited the same way.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from cms.security import networks
from publicapi.api import api, route_not_found

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")
LIMIT = 2
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _address(route: str) -> str:
    """A request path for ``route``, every parameter 1."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    return "/" + path.lstrip("^").rstrip("$")


def public_api_routes() -> list[str]:
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        if getattr(pattern.callback, "__wrapped__", None) is route_not_found:
            continue
        routes.append(_address(route))
    return sorted(set(routes))


def public_write_routes() -> list[str]:
    """The public API's paths whose operations take a write method, as its OpenAPI document
    declares them (every parameter 1); the test below checks them against the resolver."""
    document = api.get_openapi_schema()
    return sorted(
        re.sub(r"\{\w+\}", "1", path)
        for path, operations in document["paths"].items()
        if any(method in operations for method in WRITES)
    )


@pytest.fixture
def every_rate_low(settings):
    for name in dir(django_settings):
        if name.endswith("_RATE"):
            setattr(settings, name, f"{LIMIT}/600")
    cache.clear()
    yield
    cache.clear()


def _send(client, method: str, path: str, address: str):
    return getattr(client, method)(
        path, data=b"{}", content_type="application/json", REMOTE_ADDR=address
    )


def write_methods(client, path: str) -> list[str]:
    """The write methods ``path`` takes (anything but a 405)."""
    return [m for m in WRITES if _send(client, m, path, "198.51.100.250").status_code != 405]


def test_the_resolver_lists_the_public_write_routes_we_know(client, every_rate_low):
    routes = {path: write_methods(client, path) for path in public_api_routes()}
    writes = {path: methods for path, methods in routes.items() if methods}
    # The known ones; the next test holds every route found to the limit, whatever it is.
    assert writes == {
        "/api/v1/messages/lookup": ["post"],
        "/api/v1/sites/1/mailboxes/1/messages": ["post"],
        "/api/v1/sites/1/surveys/1/responses": ["post"],
    }
    assert len(routes) > 15  # the resolver was walked, not an empty list
    # What the routes answer is what their operations declare: the next test is collected
    # from the declarations, so every write route is in it and no read-only route.
    assert sorted(writes) == public_write_routes()


@pytest.mark.parametrize("path", public_write_routes())
def test_every_public_write_route_refuses_an_address_beyond_its_limit(client, every_rate_low, path):
    methods = write_methods(client, path)
    assert methods, f"{path} declares a write method but refuses every one"
    cache.clear()
    for method in methods:
        address = "203.0.113.7"
        answers = [_send(client, method, path, address) for _ in range(LIMIT)]
        assert all(answer.status_code != 429 for answer in answers), path
        refused = _send(client, method, path, address)
        assert refused.status_code == 429, f"{method.upper()} {path} has no per-address limit"
        assert int(refused["Retry-After"]) > 0
        assert CHINESE.search(refused.json()["detail"])
        assert refused["Content-Type"].startswith("application/json")
        # Another address is not held back by this one.
        assert _send(client, method, path, "203.0.113.8").status_code != 429


def test_the_limit_counts_the_client_a_trusted_proxy_names(client, every_rate_low, settings):
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    path = "/api/v1/messages/lookup"

    def via_proxy(citizen):
        return client.post(
            path,
            data={"code": "X" * 16},
            content_type="application/json",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=citizen,
        )

    assert [via_proxy("203.0.113.20").status_code for _ in range(3)][-1] == 429
    assert via_proxy("203.0.113.21").status_code == 404


# --- Forms anyone may post to outside the API --------------------------------------------------


def test_the_admin_password_reset_is_limited_per_address(client, every_rate_low):
    for _ in range(LIMIT):
        response = client.post(
            "/admin/password_reset/", {"email": "nobody@example.cn"}, REMOTE_ADDR="203.0.113.30"
        )
        assert response.status_code == 302
    refused = client.post(
        "/admin/password_reset/", {"email": "nobody@example.cn"}, REMOTE_ADDR="203.0.113.30"
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "请求过于频繁" in refused.content.decode()
    assert client.get("/admin/password_reset/", REMOTE_ADDR="203.0.113.30").status_code == 200
    other = client.post(
        "/admin/password_reset/", {"email": "nobody@example.cn"}, REMOTE_ADDR="203.0.113.31"
    )
    assert other.status_code == 302


def test_a_documents_privacy_password_is_limited_per_address(client, every_rate_low):
    path = "/documents/authenticate_with_password/1/"
    statuses = [
        client.post(path, {"password": "guess"}, REMOTE_ADDR="203.0.113.40").status_code
        for _ in range(LIMIT + 1)
    ]
    assert statuses[:LIMIT] == [404] * LIMIT and statuses[-1] == 429


def test_every_limited_form_has_a_rate_setting():
    for setting in networks.FORM_RATES.values():
        networks.parse_rate(getattr(django_settings, setting))
