"""The public website's security headers (frontend/settings.py): it runs no script at all.

The website is its own Django project without a database; it is loaded in a subprocess with
its own settings and asked for pages through Django's test client, with the API unreachable
(its Chinese 503 page is a page like any other) and for the elder-mode switch.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
ASK = """
import json, django
django.setup()
from django.test import Client
client = Client()
answers = {}
for path in ("/", "/care/?next=/"):
    response = client.get(path, secure=True)
    cookies = {
        name: {"httponly": bool(m["httponly"]), "secure": bool(m["secure"]),
               "samesite": m["samesite"]}
        for name, m in response.cookies.items()
    }
    answers[path] = {"status": response.status_code, "headers": dict(response.headers),
                     "cookies": cookies}
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers() -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontend.settings",
        "PYTHONPATH": str(BASE_DIR),
        # Nothing listens there: every page is the 503 page.
        "FRONTEND_API_URL": "http://127.0.0.1:9/api/v1",
        "FRONTEND_MEDIA_ORIGIN": "https://cms.example.gov.cn",
        "FRONTEND_HTTPS": "1",
        "FRONTEND_API_TIMEOUT": "0.5",
    }
    completed = subprocess.run(
        [sys.executable, "-c", ASK],
        capture_output=True,
        text=True,
        env=environment,
        cwd=BASE_DIR,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def directives(headers: dict) -> dict[str, str]:
    parts = (part.strip() for part in headers["Content-Security-Policy"].split(";"))
    return {name: value for name, _, value in (part.partition(" ") for part in parts if part)}


def test_no_script_runs_on_the_website(answers):
    page = answers["/"]
    assert page["status"] == 503
    policy = directives(page["headers"])
    assert policy["script-src"] == "'none'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' https://cms.example.gov.cn data:"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"


def test_the_other_headers(answers):
    headers = answers["/"]["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_elder_mode_cookie_is_not_for_scripts_and_https_only(answers):
    care = answers["/care/?next=/"]["cookies"]["care"]
    assert care == {"httponly": True, "secure": True, "samesite": "Lax"}
