from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    label = "editorial"
    verbose_name = _("Editorial review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.leavers import registry

        from . import audit, notifications, receivers  # noqa: F401
        from .handover import ReviewStagesPart

        registry.register(ReviewStagesPart())
