"""Reads of the review: whose turn it is."""

from wagtail.models import TaskState

from . import rules
from .models import ReviewTaskState


def review_queue(user):
    """The stages waiting for ``user``'s decision, oldest first (a ``ReviewTaskState`` queryset)."""
    candidates = ReviewTaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    allowed = [
        state.pk
        for state in candidates.select_related("workflow_state", "revision")
        if rules.refusal(user, state) is None
    ]
    return ReviewTaskState.objects.filter(pk__in=allowed).order_by("started_at", "pk")


def task_states_user_can_moderate(task, user):
    """In-progress states of ``task`` that ``user`` may act on (a base ``TaskState`` queryset,
    as Wagtail ORs those of every task)."""
    return TaskState.objects.filter(pk__in=review_queue(user).filter(task=task).values("pk"))
