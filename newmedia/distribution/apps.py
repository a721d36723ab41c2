from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "newmedia.distribution"
    label = "newmedia_distribution"
    verbose_name = _("New-media distribution")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401
        from .adapters import webhook, wechat  # noqa: F401  (they register themselves)
