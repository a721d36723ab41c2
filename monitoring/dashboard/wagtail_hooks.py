from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.organisation.access import units_in_reach

from . import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("monitoring/", views.dashboard, name="monitoring_dashboard")]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or bool(units_in_reach(request.user))


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return DashboardMenuItem(
        _("Monitoring"), reverse("monitoring_dashboard"), icon_name="warning", order=250
    )
