"""Who may act at a stage (R14, R15, R17, R20). Superusers get no shortcut here."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState

from cms.content.models.columns import owning_unit_id
from cms.organisation.access import holders_reaching, units_in_reach

from .models.records import Clearance, Countersignature
from .stages import (
    PROOF_STAGES,
    REVIEW_STAGES,
    STAGE_ORDER,
    STAGE_ROLES,
    Stage,
    co_issuing_unit_ids,
    skip_reason,
)

NOT_YOUR_STAGE = _("You hold no role that acts at this stage for this item's unit.")
AUTHOR_CANNOT_REVIEW = _("The author of an item cannot approve a review stage of it.")
ALREADY_APPROVED_A_STAGE = _(
    "You have already approved another review stage of this revision; a different person must "
    "approve this one."
)
ALREADY_COUNTERSIGNED = _("Your unit has already countersigned this item.")


def countersigning_units(user, co_issuing_unit_ids) -> list[int]:
    """The units among ``co_issuing_unit_ids`` in which ``user`` may countersign.

    At a 会签 stage the co-issuing units are those stored on the stage
    (``ReviewTaskState.co_issuing_unit_ids()``, read from the revision under review), never
    those of the saved page row, which a draft of a live item leaves as they were."""
    reached = units_in_reach(user, STAGE_ROLES[Stage.COUNTERSIGN])
    return [unit_id for unit_id in co_issuing_unit_ids if unit_id in reached]


def _writers_since_clearance(page) -> set[int]:
    """Everyone who saved a revision of ``page`` since it was last cleared for publication
    (every revision if it never was)."""
    since = Clearance.objects.filter(page_id=page.pk).aggregate(last=Max("cleared_at"))["last"]
    revisions = Revision.objects.filter(
        base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk)
    )
    if since is not None:
        revisions = revisions.filter(created_at__gt=since)
    return set(revisions.order_by().values_list("user_id", flat=True).distinct())


def authors_of(task_state) -> set[int]:
    """The people who wrote the item under review: its owner, who submitted it, who saved
    the revision under review, and everyone who saved any revision of the item since it was
    last cleared for publication (every revision if it never was).

    Who wrote a version that went through review before (a revision saved before the last
    ``Clearance`` of the page) may review what came after it."""
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object
    ids = {
        page.owner_id,
        workflow_state.requested_by_id,
        task_state.revision.user_id if task_state.revision_id else None,
        *_writers_since_clearance(page),
    }
    return {pk for pk in ids if pk is not None}


# Stages that apply to every item; the others depend on the item (``stages.skip_reason``).
ALWAYS_APPLYING = tuple(
    stage for stage in STAGE_ORDER if stage not in {Stage.COUNTERSIGN, Stage.SIGN_OFF}
)


def _roles_held(unit_id: int | None) -> dict[str, set[int]]:
    """Who holds each role reaching ``unit_id``: one query for every stage of the unit."""
    held: dict[str, set[int]] = {}
    for role, user_id in holders_reaching([unit_id]).values_list("role", "user_id"):
        held.setdefault(role, set()).add(user_id)
    return held


def _one_person_each(slots: list[set[int]]) -> bool:
    """Whether each slot can have a person of its own among its candidates (a matching)."""
    taken: dict[int, int] = {}  # person -> slot

    def place(slot: int, seen: set[int]) -> bool:
        for person in slots[slot]:
            if person not in seen:
                seen.add(person)
                if person not in taken or place(taken[person], seen):
                    taken[person] = slot
                    return True
        return False

    return all(place(slot, set()) for slot in range(len(slots)))


def unstaffed_stages(unit_id: int | None, authors: set[int], page=None) -> list[str]:
    """The stages nobody could take, in chain order, for an item of ``unit_id`` written by
    ``authors``: empty when the whole chain is staffed. With ``page`` (the version to submit),
    the stages that do not apply to it are left out; without, those that may not apply.

    This is :func:`refusal` asked ahead for every stage: the stage's role reaching the unit (for
    会签, each co-issuing unit), nobody who wrote the item at a review stage, and a person of
    its own for each review stage and each unit's 会签, one person approving one review stage of
    a revision (:func:`acted_at_another_review_stage`)."""
    stages = STAGE_ORDER if page is not None else ALWAYS_APPLYING
    slots: list[tuple[str, set[int]]] = []
    held: dict[int | None, dict[str, set[int]]] = {}
    for stage in stages:
        if page is not None and skip_reason(stage, page):
            continue
        units = co_issuing_unit_ids(page) if stage == Stage.COUNTERSIGN else [unit_id]
        for unit in units:
            if unit not in held:
                held[unit] = _roles_held(unit)
            people = set().union(*(held[unit].get(role, set()) for role in STAGE_ROLES[stage]))
            slots.append((stage, people - authors if stage in REVIEW_STAGES else people))
    unstaffed = [stage for stage, people in slots if not people]
    if not unstaffed:
        review = [(stage, people) for stage, people in slots if stage in REVIEW_STAGES]
        if not _one_person_each([people for _stage, people in review]):
            unstaffed = [stage for stage, _people in review]
    return list(dict.fromkeys(unstaffed))


def unstaffed_stages_for(page, submitter, version=None) -> list[str]:
    """:func:`unstaffed_stages` of ``page`` if ``submitter`` submitted ``version`` of it (by
    default what is saved now)."""
    authors = {page.owner_id, submitter.pk, *_writers_since_clearance(page)} - {None}
    version = version if version is not None else page.get_latest_revision_as_object()
    return unstaffed_stages(owning_unit_id(page), authors, version)


def acted_at_another_review_stage(user, task_state) -> bool:
    """``user`` approved a review stage other than ``task_state``'s of the same revision in the
    same workflow, or countersigned it (会签: every co-issuing unit's signer, not only the last,
    whom Wagtail records as the stage's ``finished_by``)."""
    other_stages = REVIEW_STAGES - {task_state.stage}
    approved = task_state.workflow_state.task_states.filter(
        status=TaskState.STATUS_APPROVED,
        revision_id=task_state.revision_id,
        finished_by=user,
        reviewtaskstate__stage__in=other_stages,
    )
    if approved.exists():
        return True
    if Stage.COUNTERSIGN not in other_stages:
        return False
    return Countersignature.objects.filter(
        task_state__workflow_state_id=task_state.workflow_state_id,
        task_state__revision_id=task_state.revision_id,
        user=user,
    ).exists()


def refusal(user, task_state) -> str | None:
    """Why ``user`` may not approve ``task_state`` now, or None.

    :func:`editorial.selectors.review_queue` states the same rule in SQL for a whole queue;
    ``tests/editorial/test_queue.py`` checks that both agree. Change them together."""
    if user is None or not user.is_authenticated or not user.is_active:
        return str(NOT_YOUR_STAGE)
    stage = task_state.stage
    if stage == Stage.COUNTERSIGN:
        signed = set(task_state.countersignatures.values_list("unit_id", flat=True))
        units = countersigning_units(user, task_state.co_issuing_unit_ids())
        if not units:
            return str(NOT_YOUR_STAGE)
        if not set(units) - signed:
            return str(ALREADY_COUNTERSIGNED)
    elif task_state.unit_id not in units_in_reach(user, STAGE_ROLES[stage]):
        return str(NOT_YOUR_STAGE)
    if stage in REVIEW_STAGES:
        if user.pk in authors_of(task_state):
            return str(AUTHOR_CANNOT_REVIEW)
        if acted_at_another_review_stage(user, task_state):
            return str(ALREADY_APPROVED_A_STAGE)
    return None


def may_act(user, task, page) -> bool:
    state = page.current_workflow_task_state
    if state is None or state.task_id != task.pk:
        return False
    return refusal(user, state.specific) is None


def actions_for(user, task, page) -> list[tuple[str, str, bool]]:
    if not may_act(user, task, page):
        return []
    approve = _("Countersign") if task.stage == Stage.COUNTERSIGN else _("Approve")
    return [("approve", approve, True), ("reject", _("Return with opinion"), True)]


def stage_kind(stage: str) -> str:
    return "proof" if stage in PROOF_STAGES else "review"
