"""The review's part of a handover when a person leaves (R35): the stages waiting on them.

A stage is addressed to the roles of the item's unit, never to a person, so nothing is moved
here: the successor takes the leaver's roles (``cms.leavers.parts.RolesPart``) and with them
every stage that waited on the leaver; the items the leaver owns become the successor's
(``PagesPart``). What this part decides is that no stage is left waiting on nobody by it: the
successor may be unable to act where the leaver could (they wrote the item, or approved
another review stage of it), and an item's new owner is one of its authors, who never review
it. So once everything has moved and the account is inactive, each stage in progress that
waited on the leaver, or belongs to an item the leaver owned or submitted, and that someone
could act on before, must still have someone (:func:`editorial.notifications.stage_recipients`,
the rule of :func:`editorial.rules.refusal`); otherwise the handover is refused and undone,
naming the items: choose another successor, or give the unit another reviewer first.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, TaskState

from cms.leavers.registry import HandoverRefused, Part

from .models import ReviewTaskState
from .notifications import stage_recipients
from .selectors import review_queue

NOBODY_AFTER = _(
    "After this handover nobody could act on these items in review: %(items)s. Choose another "
    "successor, or first give their unit another person for the stage."
)


class ReviewStagesPart(Part):
    key = "review_stages"
    label = _("Review stages waiting on them")
    order = 5  # before the pages change owner: the leaver's items are read as they were

    def count(self, person) -> int:
        return review_queue(person).count()

    def _touched(self, person) -> list[ReviewTaskState]:
        owned = Page.objects.filter(owner=person).values_list("pk", flat=True)
        theirs = ReviewTaskState.objects.filter(
            Q(workflow_state__requested_by=person)
            | Q(workflow_state__object_id__in=[str(pk) for pk in owned]),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        pks = set(review_queue(person).values_list("pk", flat=True))
        pks |= set(theirs.values_list("pk", flat=True))
        return list(ReviewTaskState.objects.filter(pk__in=pks).order_by("pk"))

    def hand_over(self, person, successor, record) -> int:
        waiting = self.count(person)
        record.__dict__["review_stages_to_check"] = [
            state.pk for state in self._touched(person) if stage_recipients(state)
        ]
        return waiting

    def verify(self, person, successor, record) -> None:
        pks = record.__dict__.get("review_stages_to_check", [])
        stranded = [
            state
            for state in ReviewTaskState.objects.filter(
                pk__in=pks, status=TaskState.STATUS_IN_PROGRESS
            ).select_related("revision")
            if not stage_recipients(state)
        ]
        if stranded:
            titles = "、".join(f"《{state.revision.object_str}》" for state in stranded)
            raise HandoverRefused(str(NOBODY_AFTER % {"items": titles}), code="stranded")
