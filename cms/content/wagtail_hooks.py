from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .links import PublicPageLinkHandler
from .models import ReprintSource
from .reports import ColumnFreshnessReport


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


@hooks.register("register_admin_urls")
def freshness_report_urls():
    return [
        path("reports/columns/", ColumnFreshnessReport.as_view(), name="content_freshness"),
        path(
            "reports/columns/results/",
            ColumnFreshnessReport.as_view(results_only=True),
            name="content_freshness_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def freshness_menu_item():
    return MenuItem(_("Column updates"), reverse("content_freshness"), icon_name="time", order=990)
