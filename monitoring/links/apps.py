from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """Every link of live content checked, with its history (错断链, R30)."""

    name = "monitoring.links"
    label = "monitoring_links"
    verbose_name = _("Link checks")
    default_auto_field = "django.db.models.BigAutoField"
