from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SensitiveTerm


class SensitiveTermViewSet(SnippetViewSet):
    model = SensitiveTerm
    icon = "warning"
    menu_label = _("Sensitive terms")
    menu_order = 900
    add_to_settings_menu = False
    list_display = ["term", "correction", "category", "severity", "is_active", "updated_at"]
    list_filter = ["category", "severity", "is_active"]
    list_per_page = 50
    # The dictionary is searched in the database: it is not in the search index.
    search_fields = ["term", "correction", "note"]
    search_backend_name = None
    ordering = ["term"]


register_snippet(SensitiveTermViewSet)
