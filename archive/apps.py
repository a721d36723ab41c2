from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    label = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content import holds
        from cms.publicapi.api import api as public_api

        from . import audit, receivers  # noqa: F401
        from .api import router
        from .state import FiledHold

        public_api.add_router("", router)
        holds.register(FiledHold())
