from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import scope, twofactor_views, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("security/log/", views.security_log, name="security_log"),
        path("security/unlock/", views.unlock, name="security_unlock"),
        # Under account/: open to a person whose password has expired (cms.accounts.middleware).
        path("account/two-factor/", twofactor_views.manage, name="security_2fa_manage"),
        path("account/two-factor/verify/", twofactor_views.verify, name="security_2fa_verify"),
        path("account/two-factor/enrol/", twofactor_views.enrol, name="security_2fa_enrol"),
        path(
            "account/two-factor/recovery-codes/",
            twofactor_views.renew_codes,
            name="security_2fa_renew_codes",
        ),
        path("account/two-factor/remove/", twofactor_views.remove, name="security_2fa_remove"),
        path("security/two-factor/reset/", twofactor_views.reset, name="security_2fa_reset"),
        path(
            "security/two-factor/reset/<int:user_id>/",
            twofactor_views.reset,
            name="security_2fa_reset_user",
        ),
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


@hooks.register("register_account_menu_item")
def register_account_two_factor(request):
    return {
        "url": reverse("security_2fa_manage"),
        "label": _("Two-step verification"),
        "help_text": _(
            "Sign in with a code from an authenticator app on your phone as well as the password."
        ),
    }


@hooks.register("register_user_listing_buttons")
def user_listing_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Reset two-step verification"),
            reverse("security_2fa_reset_user", args=[user.pk]),
            priority=90,
        )
