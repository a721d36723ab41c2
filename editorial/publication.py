"""What goes live when a review chain completes: by default the cleared revision alone.

Another app may plan otherwise for its types (policy documents and their interpretations go
live together, interpretation/bundles.py): a planner returns the revisions to publish
together, in order, or an empty list to hold the cleared revision back for now. Everything
planned is published in one transaction: all of it goes live, or none.
"""

from collections.abc import Callable, Sequence

from django.db import transaction
from wagtail.models import Revision

Planner = Callable[[Revision], Sequence[Revision] | None]
_planners: list[Planner] = []


def add_publication_planner(planner: Planner) -> Planner:
    """``planner`` returns None when it has no say about ``revision``."""
    if planner not in _planners:
        _planners.append(planner)
    return planner


def publication_plan(revision: Revision) -> list[Revision]:
    for planner in _planners:
        plan = planner(revision)
        if plan is not None:
            return list(plan)
    return [revision]


@transaction.atomic
def publish_cleared(revision: Revision, user=None) -> list[Revision]:
    """Publish ``revision`` (cleared by the whole chain) with whatever must go live with it."""
    plan = publication_plan(revision)
    for planned in plan:
        planned.publish(user=user, skip_permission_checks=True)
    return plan
