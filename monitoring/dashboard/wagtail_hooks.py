from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.organisation.access import roles_held

from . import views
from .integrity import TamperFindingsReport, may_read
from .reports import ColumnUpdatesReport


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("monitoring/", views.dashboard, name="monitoring_dashboard"),
        path("reports/columns/", ColumnUpdatesReport.as_view(), name="monitoring_columns"),
        path(
            "reports/columns/results/",
            ColumnUpdatesReport.as_view(results_only=True),
            name="monitoring_columns_results",
        ),
        path("reports/tamper/", TamperFindingsReport.as_view(), name="monitoring_tamper"),
        path(
            "reports/tamper/results/",
            TamperFindingsReport.as_view(results_only=True),
            name="monitoring_tamper_results",
        ),
    ]


class UnitMenuItem(MenuItem):
    """Shown to the people who hold a role in a unit (and platform superusers); the roles are
    read once per request, and the mailbox's menu asks the same."""

    def is_shown(self, request):
        return request.user.is_superuser or bool(roles_held(request.user))


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return UnitMenuItem(
        _("Monitoring"), reverse("monitoring_dashboard"), icon_name="warning", order=250
    )


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return UnitMenuItem(
        _("Column updates"), reverse("monitoring_columns"), icon_name="time", order=990
    )


class TamperMenuItem(MenuItem):
    """Shown to the people the tamper check reports to: superusers and 网站管理员."""

    def is_shown(self, request):
        return may_read(request.user)


@hooks.register("register_reports_menu_item")
def register_tamper_menu_item():
    return TamperMenuItem(
        _("Tamper check"), reverse("monitoring_tamper"), icon_name="warning", order=995
    )
