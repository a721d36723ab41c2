from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The admin's monitoring page for each person's units (R30)."""

    name = "monitoring.dashboard"
    label = "monitoring_dashboard"
    verbose_name = _("Monitoring")
