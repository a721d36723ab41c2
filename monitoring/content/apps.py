from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Live content rescanned with the 错敏词 dictionary (R30)."""

    name = "monitoring.content"
    label = "monitoring_content"
    verbose_name = _("Content checks")
    default_auto_field = "django.db.models.BigAutoField"
