from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaversConfig(AppConfig):
    """A person leaves (R35): their work handed to a successor in one action, recorded."""

    name = "cms.leavers"
    label = "leavers"
    verbose_name = _("Handovers of leavers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import parts, registry

        for part in parts.GROUND_PARTS:
            registry.register(part)
