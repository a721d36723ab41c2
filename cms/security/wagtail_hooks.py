from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import scope, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("security/log/", views.security_log, name="security_log"),
        path("security/unlock/", views.unlock, name="security_unlock"),
    ]


class SecurityLogMenuItem(MenuItem):
    """Shown to platform superusers and website administrators."""

    def is_shown(self, request):
        return scope.shows_log_menu(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return SecurityLogMenuItem(
        _("Security log"), reverse("security_log"), icon_name="lock", order=900
    )
