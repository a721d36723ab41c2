"""The settings ``make run`` uses (issue 19, item 21): mails go to files, not into the server's
output, and their links point at the port the server listens on."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _dev_settings(**environ) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'base': settings.WAGTAILADMIN_BASE_URL, "
        "'backend': settings.EMAIL_BACKEND, 'mail': str(settings.EMAIL_FILE_PATH)}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **environ}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_mail_links_follow_the_port_and_mails_go_to_files():
    found = _dev_settings(PORT="9123")
    assert found["base"] == "http://127.0.0.1:9123"
    assert found["backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["mail"].endswith("var/mail")
    assert _dev_settings()["base"] == "http://127.0.0.1:8000"
