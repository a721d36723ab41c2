from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .explorer import ColumnViewSet
from .links import PublicPageLinkHandler
from .models import ReprintSource


class ReprintSourceViewSet(SnippetViewSet):
    model = ReprintSource
    icon = "openquote"
    menu_label = _("Reprint whitelist")
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]


register_snippet(ReprintSourceViewSet)


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own page link type
def link_pages_to_their_public_address(features):
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("register_admin_viewset")
def register_column_explorer():
    # What is in a column is listed by the column's explorer (scoped filters: explorer.py).
    return ColumnViewSet()
