from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import reports
from .models import OfficialDay, TopicCategory


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "tag"
    menu_label = _("Topic categories")
    list_display = ["code", "name", "parent", "is_active"]
    search_fields = ["name", "code"]


class OfficialDayViewSet(SnippetViewSet):
    model = OfficialDay
    icon = "date"
    menu_label = _("Holiday schedule")
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]


register_snippet(TopicCategoryViewSet)
register_snippet(OfficialDayViewSet)


@hooks.register("register_admin_urls")
def interpretation_report_urls():
    urls = []
    for name, view in (
        ("deadlines", reports.DisclosureDeadlineReport),
        ("uninterpreted", reports.WithoutInterpretationReport),
        ("held", reports.HeldPublicationReport),
    ):
        urls += [
            path(f"reports/{name}/", view.as_view(), name=f"interpretation_{name}"),
            path(
                f"reports/{name}/results/",
                view.as_view(results_only=True),
                name=f"interpretation_{name}_results",
            ),
        ]
    return urls


def _report_item(label, name, icon, order):
    return MenuItem(label, reverse(f"interpretation_{name}"), icon_name=icon, order=order)


@hooks.register("register_reports_menu_item")
def deadlines_menu_item():
    return _report_item(_("Disclosure deadlines"), "deadlines", "time", 1000)


@hooks.register("register_reports_menu_item")
def uninterpreted_menu_item():
    return _report_item(_("Documents without interpretation"), "uninterpreted", "doc-full", 1001)


@hooks.register("register_reports_menu_item")
def held_menu_item():
    return _report_item(_("Waiting to go live together"), "held", "link", 1002)
