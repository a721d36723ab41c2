from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Surveys and solicitations of opinion (征集调查, R24)."""

    name = "knowledgebase.surveys"
    label = "surveys"
    verbose_name = _("Surveys and solicitations")
    default_auto_field = "django.db.models.BigAutoField"
