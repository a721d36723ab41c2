from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    label = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content import holds

        from . import audit, receivers  # noqa: F401
        from .state import FiledHold

        holds.register(FiledHold())
