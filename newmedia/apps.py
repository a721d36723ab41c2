from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    """The registry of government new-media accounts and their lifecycle (R32–R34)."""

    name = "newmedia"
    label = "newmedia"
    verbose_name = _("Government new media")
    default_auto_field = "django.db.models.BigAutoField"
