"""A server process, once its application is loaded (``cms.wsgi``, as gunicorn's workers import
it), keeps what the application holds out of the collector's passes (``cms.process.settle``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cms.process import YOUNGEST_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import gc, json, sys
import cms.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "urls": "cms.urls" in sys.modules and "wagtail.admin.urls" in sys.modules,
    "hooks": "cms.content.wagtail_hooks" in sys.modules,
    "youngest": gc.get_threshold()[0],
}))
"""


def test_the_loaded_application_is_frozen_with_its_urls_and_hooks():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", LOAD],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["urls"] and loaded["hooks"]
    # Django, Wagtail and the platform's modules: well over a hundred thousand objects.
    assert loaded["frozen"] > 100_000
    assert loaded["youngest"] == YOUNGEST_THRESHOLD
