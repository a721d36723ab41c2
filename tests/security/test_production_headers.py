"""The production settings' security headers and cookie flags, on real responses.

``cms.settings.production`` is imported in a subprocess with the environment it requires (it
fails closed without it), and its web-hardening settings are applied to this process's
requests through ``override_settings``: the admin's sign-in page, a signed-in admin page, a
public API answer and a served document.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model

from tests import factories

from .helpers import LOGIN

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PREFIXES = ("SECURE_", "SESSION_", "CSRF_", "LANGUAGE_COOKIE_", "SECURITY_", "X_FRAME_")
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "production-test-secret-key-0123456789abcdef",
    "PUBLICATION_SIGNING_KEY": "production-test-signing-key-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/h_hardening_production",
}
READ_SETTINGS = f"""
import json
from django.conf import settings
names = [n for n in dir(settings) if n.startswith({PREFIXES!r}) or n in ("MIDDLEWARE", "DEBUG")]
print(json.dumps({{n: getattr(settings, n) for n in names}}, default=list))
"""


@pytest.fixture(scope="module")
def production() -> dict:
    """The web-hardening settings of ``cms.settings.production``, as production reads them."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_", "SESSION_", "CSRF_"))
    }
    environment.update(PRODUCTION_ENVIRONMENT, PYTHONPATH=str(BASE_DIR))
    completed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{READ_SETTINGS}"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=BASE_DIR,
        timeout=120,
        check=True,
    )
    values = json.loads(completed.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def as_in_production(production):
    with override_settings(**production):
        yield production


def start_production(**changes) -> subprocess.CompletedProcess:
    environment = {**os.environ, **PRODUCTION_ENVIRONMENT, "PYTHONPATH": str(BASE_DIR)}
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=BASE_DIR,
        timeout=120,
    )


def test_production_fails_closed_without_its_secrets():
    completed = start_production(DJANGO_SECRET_KEY=None)
    assert completed.returncode != 0 and "DJANGO_SECRET_KEY" in completed.stderr


def test_production_refuses_to_turn_the_idle_timeout_off():
    completed = start_production(SECURITY_IDLE_MINUTES="0")
    assert completed.returncode != 0 and "SECURITY_IDLE_MINUTES" in completed.stderr


def assert_hardened(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (piece.strip() for piece in policy.split(";"))
        if part
    }


def test_plain_http_is_sent_to_https(client, as_in_production):
    response = client.get(LOGIN)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{LOGIN}"


def test_the_sign_in_page_runs_only_the_platforms_script_files(client, as_in_production):
    response = client.get(LOGIN, secure=True)
    assert response.status_code == 200
    assert_hardened(response)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert csrf["path"] == "/" and not csrf["domain"]


def test_the_session_cookie_of_a_sign_in(client, as_in_production):
    person = factories.superuser()
    response = client.post(
        LOGIN,
        {"username": person.username, "password": factories.PASSWORD},
        secure=True,
        REMOTE_ADDR="192.0.2.60",
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    # In production a superuser gives the second factor before any admin page opens.
    owed = client.get("/admin/", secure=True)
    assert owed.status_code == 302 and owed["Location"].startswith("/admin/account/two-factor/")
    assert_hardened(client.get(owed["Location"], secure=True))
    device = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    client.logout()
    client.post(
        LOGIN,
        {"username": person.username, "password": factories.PASSWORD},
        secure=True,
        REMOTE_ADDR="192.0.2.60",
    )
    value = totp(device.bin_key, device.step, device.t0, device.digits)
    verified = client.post(
        "/admin/account/two-factor/verify/",
        {"otp_token": f"{value:0{device.digits}d}", "next": "/admin/"},
        secure=True,
        REMOTE_ADDR="192.0.2.60",
    )
    assert verified.status_code == 302 and verified["Location"] == "/admin/"
    dashboard = client.get("/admin/", secure=True)
    assert dashboard.status_code == 200
    assert_hardened(dashboard)
    policy = directives(dashboard)
    # Signed in, Wagtail's own inline scripts run; nothing is evaluated, nothing loads from
    # elsewhere.
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-eval" not in dashboard["Content-Security-Policy"]
    assert policy["connect-src"] == "'self'" and policy["img-src"] == "'self' data: blob:"


def test_a_public_api_answer_runs_and_frames_nothing(client, as_in_production):
    response = client.get("/api/v1/sites", secure=True)
    assert response.status_code == 200
    assert_hardened(response)
    assert directives(response) == {"default-src": "'none'", "frame-ancestors": "'none'"}
    assert not response.cookies


def test_a_served_document_runs_nothing(client, as_in_production):
    document = get_document_model().objects.create(
        title="通知", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="notice.pdf")
    )
    response = client.get(document.url, secure=True)
    assert response.status_code == 200
    assert_hardened(response)
    assert directives(response)["default-src"] == "'none'"
