"""The reviewer's "my review queue" in the admin: the stages waiting for them, oldest first.

A listing on Wagtail's own generic view (its paginator, header and empty state); which stages
are listed is decided by :func:`editorial.selectors.review_queue` alone.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import BaseListingView

from cms.content.models.mixins import Importance

from .models import ReviewTaskState
from .selectors import review_queue, review_queue_rows

QUEUE_EMPTY = _("Nothing is waiting for your review.")


def _importance(value: str | None) -> Importance:
    return Importance(value) if value in Importance.values else Importance.ORDINARY


class QueuePaginator(WagtailPaginator):
    model = ReviewTaskState  # names what is counted ("N review records")


class ReviewQueueView(BaseListingView):
    template_name = "editorial/queue.html"
    page_title = _("My review queue")
    header_icon = "tasks"
    index_url_name = "editorial_queue"
    paginate_by = 20
    paginator_class = QueuePaginator
    columns = []  # the rows are laid out by the template

    @property
    def no_results_message(self):
        return QUEUE_EMPTY

    def get_base_queryset(self):
        return review_queue(self.request.user)

    def paginate_queryset(self, queryset, page_size):
        # The queue is read once, as its ids in order (a few thousand numbers at most):
        # counting and slicing them costs no second query. Only the page's rows are read in full.
        ids = list(queryset.values_list("pk", flat=True))
        paginator, page, object_list, is_paginated = super().paginate_queryset(ids, page_size)
        page.object_list = review_queue_rows(list(object_list))
        for state in page.object_list:
            importance = _importance(state.importance)
            state.importance_label = importance.label
            state.is_major = importance == Importance.MAJOR
        return paginator, page, page.object_list, is_paginated
