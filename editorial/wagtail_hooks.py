from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem

from . import (
    audit_hooks,  # noqa: F401
    queue_hooks,  # noqa: F401 - the review queue's URL and menu item
    submission_hooks,  # noqa: F401 - no submission waits at 一审 for nobody
)
from .audit import TakedownFormatter
from .findings_hooks import warn_on_submission_with_blocking_findings  # noqa: F401 - R13
from .takedown import TAKEDOWN_LOG_ACTION, may_take_down
from .views import guide_view, takedown_view

# Wagtail's own help items: its editor guide and release notes are on sites a government
# intranet cannot reach, and describe Wagtail's workflow, not 三审三校.
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail")


@hooks.register("register_admin_urls")
def editorial_admin_urls():
    return [
        path("editorial/takedown/<int:page_id>/", takedown_view, name="editorial_takedown"),
        path("guide/", guide_view, name="platform_guide"),
    ]


@hooks.register("register_help_menu_item")
def platform_guide_item():
    return MenuItem(_("User guide"), reverse("platform_guide"), icon_name="help", order=900)


@hooks.register("construct_help_menu")
def without_wagtails_guides(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]


@hooks.register("construct_main_menu")
def settings_menu_without_wagtails_version(request, menu_items):
    """Wagtail's settings menu signs off with "Wagtail v…" in English: the same menu, unsigned."""
    menu_items[:] = [
        SubmenuMenuItem(
            item.label,
            item.menu,
            name=item.name,
            icon_name=item.icon_name,
            classname=item.classname,
            order=item.order,
        )
        if isinstance(item, SettingsMenuItem)
        else item
        for item in menu_items
    ]


@hooks.register("register_log_actions")
def editorial_log_actions(actions):
    actions.register_action(TAKEDOWN_LOG_ACTION)(TakedownFormatter)


@hooks.register("register_page_header_buttons")
def takedown_button(page, user, view_name, next_url=None):
    if page.live and may_take_down(user, page):
        yield PageMenuItem(
            _("Take down"),
            reverse("editorial_takedown", args=[page.pk]),
            icon_name="warning",
            priority=55,
            page=page,
        )
