from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationConfig(AppConfig):
    name = "interpretation"
    label = "interpretation"
    verbose_name = _("Policy documents and interpretations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content.announcements import use_working_calendar
        from cms.content.models.columns import allow_in_columns
        from cms.content.releases import register_label
        from editorial.gate import add_go_live_condition
        from editorial.publication import add_publication_planner

        from . import bundles, receivers, workdays  # noqa: F401
        from .models import TopicCategory

        # Documents and interpretations are created in columns, beside the ground's items.
        allow_in_columns("interpretation.PolicyDocumentPage", "interpretation.InterpretationPage")
        # The 主题分类 of a document is part of its disclosure metadata: frozen at review.
        register_label(TopicCategory, lambda category: {"name": str(category)})
        add_go_live_condition(bundles.wide_impact_refusal)
        add_publication_planner(bundles.plan)
        # The minimum display of announcements (R7) counts working days by the official calendar.
        use_working_calendar(workdays.add_workdays_for_announcements)
