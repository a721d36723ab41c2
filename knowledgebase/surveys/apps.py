from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Surveys and solicitations of opinion (征集调查, R24)."""

    name = "knowledgebase.surveys"
    label = "surveys"
    verbose_name = _("Surveys and solicitations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content.models.columns import allow_in_columns

        # Created in columns beside the ground's items; a column offers it when ticked.
        allow_in_columns("surveys.SurveyPage")
