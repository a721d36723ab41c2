from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReprintSource


class ReprintSourceViewSet(SnippetViewSet):
    model = ReprintSource
    icon = "openquote"
    menu_label = _("Reprint whitelist")
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]


register_snippet(ReprintSourceViewSet)
