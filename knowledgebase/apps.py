from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgebaseConfig(AppConfig):
    """Knowledge entries, service guides and automatic answers (R9, R25)."""

    name = "knowledgebase"
    label = "knowledgebase"
    verbose_name = _("Knowledge base")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content.models.columns import allow_in_columns

        # Entries and guides are created in columns, beside the ground's items.
        allow_in_columns("knowledgebase.KnowledgeEntryPage", "knowledgebase.ServiceGuidePage")
