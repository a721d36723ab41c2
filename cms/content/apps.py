from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "cms.content"
    label = "content"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers
        from .models import ReprintSource
        from .releases import register_label

        receivers.connect()
        # The source line of a reprint is on the review checklist (R11): frozen at review.
        register_label(ReprintSource, lambda source: {"name": source.name})
