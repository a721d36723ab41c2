from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Monthly reminders, quarterly circulars and the yearly report (R31)."""

    name = "monitoring.reports"
    label = "monitoring_reports"
    verbose_name = _("Monitoring reports")
    default_auto_field = "django.db.models.BigAutoField"
