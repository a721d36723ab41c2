from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandingConfig(AppConfig):
    """The daily inspection against the veto items (单项否决, R5) and its warnings (R4)."""

    name = "monitoring.standing"
    label = "monitoring_standing"
    verbose_name = _("Site standing")
    default_auto_field = "django.db.models.BigAutoField"
