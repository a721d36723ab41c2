from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicApiConfig(AppConfig):
    name = "publicapi"
    label = "publicapi"
    verbose_name = _("Public read API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content.media import read_listings_with

        from . import backup, receivers, services  # noqa: F401
        from .api import api
        from .archive import router as archive_router
        from .ask import router as ask_router
        from .mailbox import router as mailbox_router
        from .newmedia import router as newmedia_router
        from .search import router as search_router
        from .surveys import router as surveys_router

        api.add_router("", archive_router)
        api.add_router("", search_router)
        api.add_router("", surveys_router)
        api.add_router("", ask_router)
        api.add_router("", mailbox_router)
        api.add_router("", newmedia_router)
        # What a page shows of the pages it refers to is read here, in the read model.
        read_listings_with(services.public_listings)
        # What a backup records of the public side, to prove a restore (cms/backup/).
        backup.register()
