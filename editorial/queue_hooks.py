"""The reviewer's queue in Wagtail's admin: its URL, its main-menu item, its dashboard panel.

Wagtail 8's sidebar has no count badge for a link item (its only badge counts a submenu's
undismissed new items), so the count is shown on the queue and on the dashboard panel.
"""

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from .queue import ReviewQueueView
from .selectors import review_queue, review_queue_rows


@hooks.register("register_admin_urls")
def review_queue_urls():
    return [path("editorial/queue/", ReviewQueueView.as_view(), name="editorial_queue")]


@hooks.register("register_admin_menu_item")
def review_queue_menu_item():
    return MenuItem(
        _("My review queue"),
        reverse_lazy("editorial_queue"),
        name="review-queue",
        icon_name="tasks",
        order=150,
    )


class ReviewQueuePanel(Component):
    """The dashboard's "awaiting your review": the longest-waiting few of the queue, and a link
    to all of it, at the cost of the queue's first page however long it is."""

    name = WorkflowObjectsToModeratePanel.name
    order = WorkflowObjectsToModeratePanel.order
    template_name = "editorial/queue_panel.html"
    shown = 5

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        ids = list(review_queue(request.user).values_list("pk", flat=True))
        return {
            "count": len(ids),
            "states": review_queue_rows(ids[: self.shown]),
            "queue_url": reverse("editorial_queue"),
            "request": request,
        }


@hooks.register("construct_homepage_panels")
def review_queue_panel(request, panels):
    """Wagtail's own panel reads and renders every waiting stage, with several queries each:
    for a chief with a thousand items waiting, the dashboard took over half a minute."""
    panels[:] = [
        ReviewQueuePanel() if isinstance(panel, WorkflowObjectsToModeratePanel) else panel
        for panel in panels
    ]
