"""Reads of the review: whose turn it is."""

from wagtail.models import TaskState

from . import rules


def task_states_user_can_moderate(task, user):
    """In-progress states of ``task`` that ``user`` may act on (a base ``TaskState`` queryset,
    as Wagtail ORs those of every task)."""
    candidates = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
    allowed = [
        state.pk
        for state in candidates.select_related("workflow_state", "revision")
        if rules.refusal(user, state.specific) is None
    ]
    return TaskState.objects.filter(pk__in=allowed)
