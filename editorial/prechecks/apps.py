from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrechecksConfig(AppConfig):
    """Pre-publication content checks (R13): 错敏词, personal data, links, sources and maps."""

    name = "editorial.prechecks"
    label = "prechecks"
    verbose_name = _("Pre-publication checks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import dictionary

        dictionary.connect_signals()
