"""Which Content-Security-Policy each kind of response carries (cms/security/headers.py), and
the other headers every response has."""

import pytest

from cms.security import headers
from tests import factories

pytestmark = pytest.mark.django_db

STRICT_NOT_PAGE = {"default-src": "'none'", "frame-ancestors": "'none'"}


def policy(response) -> dict[str, str]:
    """The directives of the response's CSP (django-csp writes them in no fixed order)."""
    parts = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, _, value in (part.partition(" ") for part in parts if part)}


def script_src(response) -> str:
    return policy(response)["script-src"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/sites", "/api/v1/openapi.json", "/api/v1/no-such-route", "/api/editorial/v1/queue"],
)
def test_api_answers_run_and_frame_nothing(client, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("application/json")
    assert policy(response) == STRICT_NOT_PAGE


def test_pages_for_anyone_have_no_inline_script(client):
    for path in ("/admin/login/", "/admin/password_reset/", "/api/v1/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert script_src(response) == "'self'", path
        assert "'unsafe-inline'" not in script_src(response)


def test_the_signed_in_admin_runs_wagtails_inline_scripts_but_evaluates_nothing(client):
    factories.login(client, factories.superuser())
    response = client.get("/admin/")
    assert script_src(response) == "'self' 'unsafe-inline'"
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # The same person's JSON answers stay strict.
    assert policy(client.get("/api/v1/sites")) == STRICT_NOT_PAGE


def test_a_policy_a_view_set_itself_is_kept(rf):
    from django.http import HttpResponse

    response = HttpResponse("<p>x</p>")
    response["Content-Security-Policy"] = "default-src 'none'"
    middleware = headers.ContentSecurityPolicyMiddleware(lambda request: response)
    assert middleware(rf.get("/admin/"))["Content-Security-Policy"] == "default-src 'none'"


def test_every_response_has_the_other_headers(client):
    for path in ("/admin/login/", "/api/v1/sites"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Permissions-Policy"].startswith("accelerometer=()")


def test_the_csrf_cookie_is_not_readable_by_scripts(client):
    cookie = client.get("/admin/login/").cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_wagtails_preview_frame_is_same_origin(client):
    factories.login(client, factories.superuser())
    directives = policy(client.get("/admin/"))
    assert directives["frame-ancestors"] == "'self'" and directives["frame-src"] == "'self'"
