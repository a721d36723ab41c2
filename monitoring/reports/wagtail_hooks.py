"""The yearly report in the admin: its pages, and its place under Reports in the menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import circular_views, views


@hooks.register("register_admin_urls")
def yearly_report_urls():
    return [
        path("reports/yearly/", views.yearly_view, name="monitoring_yearly"),
        path("reports/yearly/print/", views.yearly_print_view, name="monitoring_yearly_print"),
        path("reports/yearly/xlsx/", views.yearly_xlsx_view, name="monitoring_yearly_xlsx"),
        path("reports/circular/", circular_views.circular_view, name="monitoring_circular"),
    ]


@hooks.register("register_reports_menu_item")
def yearly_report_menu_item():
    return MenuItem(_("Yearly report"), reverse("monitoring_yearly"), icon_name="table", order=1100)


@hooks.register("register_reports_menu_item")
def circular_menu_item():
    return MenuItem(
        _("Quarterly circular"), reverse("monitoring_circular"), icon_name="doc-full", order=1050
    )
