from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Scheduled jobs that must not run twice at once (filing, inspection, checks)."""

    name = "cms.jobs"
    label = "jobs"
    verbose_name = _("Scheduled jobs")
    default_auto_field = "django.db.models.BigAutoField"
