"""The production server setup of ``make run`` plus what the comparisons need: stock Wagtail's
API v2 and a bare Django JSON view, mounted beside ours in the same process."""

from cms.settings.dev import *  # noqa: F403
from cms.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
