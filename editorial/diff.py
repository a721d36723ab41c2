"""What changed between what was approved and what is now under review (issue 3, integrity).

Any change after an approval sends an item back to the first review; the reviewers who see it
again need to know what changed since a stage last approved it. Wagtail's revision compare view
shows it; this module finds the two revisions to compare.
"""

from django.urls import reverse
from wagtail.models import Page, Revision, TaskState

from .integrity import content_hash
from .models import ReviewTaskState


def approved_and_current(page) -> tuple[int | None, int | None]:
    """``(approved revision id, current revision id)`` of ``page``.

    *Approved*: the last revision any stage approved in the item's current review, or, when no
    stage has approved anything in it (or it is not in review), the live revision; None when
    neither exists. *Current*: the latest revision — the only one a stage may approve.
    """
    # From the stored row: a page rebuilt from a revision (as the editor holds it) keeps the
    # live revision it had when that revision was saved.
    live, latest = (
        Page.objects.filter(pk=page.pk).values_list("live_revision_id", "latest_revision_id").get()
    )
    approved = None
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        approved = (
            ReviewTaskState.objects.filter(
                workflow_state=workflow_state, status=TaskState.STATUS_APPROVED
            )
            .order_by("-finished_at", "-pk")
            .values_list("revision_id", flat=True)
            .first()
        )
    if approved is None:
        approved = live
    return approved, latest


def changed_since_approval(page) -> tuple[int, int] | None:
    """The revisions to compare when the content under review differs from what was approved."""
    approved, current = approved_and_current(page)
    if approved is None or current is None or approved == current:
        return None
    revisions = {
        revision.pk: revision for revision in Revision.objects.filter(pk__in=[approved, current])
    }
    if len(revisions) != 2 or content_hash(revisions[approved]) == content_hash(revisions[current]):
        return None
    return approved, current


def changes_since_approval_url(page) -> str | None:
    """Wagtail's compare view of the approved revision against the current one, if they differ."""
    pair = changed_since_approval(page)
    if pair is None:
        return None
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, *pair])
