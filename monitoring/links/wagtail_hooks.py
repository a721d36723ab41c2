from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import BrokenLinksReport


@hooks.register("register_admin_urls")
def broken_links_urls():
    return [
        path("reports/links/", BrokenLinksReport.as_view(), name="monitoring_links_broken"),
        path(
            "reports/links/results/",
            BrokenLinksReport.as_view(results_only=True),
            name="monitoring_links_broken_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def broken_links_menu_item():
    return MenuItem(
        _("Broken links"), reverse("monitoring_links_broken"), icon_name="link", order=995
    )
