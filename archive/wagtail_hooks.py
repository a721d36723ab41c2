from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import audit, filing, state
from .rule_admin import ArchiveRuleViewSet
from .views import file_view, restore_view


@hooks.register("register_admin_urls")
def archive_admin_urls():
    return [
        path("archive/file/<int:page_id>/", file_view, name="archive_file"),
        path("archive/restore/<int:page_id>/", restore_view, name="archive_restore"),
    ]


@hooks.register("register_log_actions")
def archive_log_actions(actions):
    for action, formatter in audit.FORMATTERS.items():
        actions.register_action(action)(formatter)


@hooks.register("register_page_header_buttons")
def archive_buttons(page, user, view_name, next_url=None):
    if page.depth <= 2 or not filing.may_archive(user, page):
        return
    if state.is_archived(page):
        label, view, icon = _("Restore from the archive"), "archive_restore", "undo"
    else:
        label, view, icon = _("Archive"), "archive_file", "folder-inverse"
    yield PageMenuItem(label, reverse(view, args=[page.pk]), icon_name=icon, priority=56, page=page)


@hooks.register("construct_explorer_page_queryset")
def mark_filed_pages(parent_page, pages, request):
    # Each row's permissions ask whether it is filed: answered by the listing's own query.
    return state.with_filed_mark(pages)


@hooks.register("register_admin_viewset")
def register_archive_rules():
    return ArchiveRuleViewSet("archive_rules")
