"""The state changes of review, one callable each: submit, start a stage, approve or return
(countersigning and passing blocking findings included), restart, clear and publish.

Each checks its rule first, makes the change through Wagtail's own workflow records (whose
signals the notifications follow) and writes its audit entries (:mod:`editorial.audit`), in one
transaction. Wagtail's admin reaches them through the task (:mod:`editorial.models.tasks`) and
the finish action; the editorial API, the importer, the demo and the commands call them
directly. Wagtail's editor submits through ``Workflow.start`` itself, behind the same
permission tester, lock and database guards that :func:`submission_refusal` asks.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_cancelled, task_submitted

from cms.content import holds
from cms.content.models.columns import owning_unit_id
from cms.content.releases import freeze

from . import audit, findings, gate, rules
from .checklist import ProofApprovalForm, ReturnForm, ReviewApprovalForm
from .integrity import content_hash
from .models.records import Clearance, Countersignature, ReviewTaskState
from .publication import publish_cleared
from .stages import PROOF_STAGES, STAGE_ORDER, Stage, co_issuing_unit_ids, skip_reason

CHANGED_SINCE_REVIEW = _(
    "The item changed after it entered review; it has gone back to the first review."
)
NOT_IN_PROGRESS = _("This stage is no longer waiting for a decision.")
UNKNOWN_ACTION = _("Unknown review action.")
INCOMPLETE_CHAIN = _("Not every required stage approved this exact content.")
ALREADY_IN_REVIEW = _("This item is already in review.")
NOT_EDITABLE = _("You may not edit this item, so you may not submit it.")
CANNOT_SUBMIT = _("This item cannot be submitted now (it is locked or has no review).")
NOTHING_SAVED = _("This item has no saved version to submit.")
NOTHING_NEW = _(
    "This item is live and says exactly what was published: there is nothing new to review. "
    "Change it, then submit it."
)
NOBODY_TO_REVIEW = _(
    "Nobody could take this item through the first review (一审): every information officer of "
    "its unit wrote it or is submitting it. Ask another information officer of the unit to "
    "submit it, or the website administrator to give the unit one more."
)


UNSTAFFED = _(
    "Nobody could act at %(stages)s for this item: its unit has nobody in the role, or only "
    "its authors, or not enough different people to take one stage each. Ask the website "
    "administrator to assign the roles, then submit it."
)


def staffing_message(unstaffed: list[str]) -> str | None:
    """Why an item whose chain has ``unstaffed`` stages (:func:`rules.unstaffed_stages`) may not
    be submitted, or None: it would wait there for nobody."""
    if not unstaffed:
        return None
    if list(unstaffed) == [Stage.FIRST_REVIEW]:
        return str(NOBODY_TO_REVIEW)
    return str(UNSTAFFED) % {"stages": "、".join(str(Stage(stage).label) for stage in unstaffed)}


@dataclass(frozen=True)
class Refusal:
    message: str
    # Refused because of the item's state (a conflict), not because of who asks.
    conflict: bool = True


def submission_refusal(page, user) -> Refusal | None:
    """Why ``user`` may not submit what is saved of ``page`` for review now, or None."""
    if page.workflow_in_progress:
        return Refusal(str(ALREADY_IN_REVIEW))
    try:
        holds.refuse_change(page)  # a filed page (archive/)
    except ValidationError as held:
        return Refusal(held.messages[0])
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        return Refusal(str(NOT_EDITABLE), conflict=False)
    if not permissions.can_submit_for_moderation() or page.get_workflow() is None:
        return Refusal(str(CANNOT_SUBMIT))
    latest = page.get_latest_revision()
    if latest is None:
        return Refusal(str(NOTHING_SAVED))
    if page.live and gate.shows_what_is_live(latest.as_object()):
        return Refusal(str(NOTHING_NEW))
    unstaffed = staffing_message(rules.unstaffed_stages_for(page, user))
    if unstaffed:
        return Refusal(unstaffed)
    return None


@transaction.atomic
def submit(page, user) -> WorkflowState:
    """Submit the latest revision of ``page`` for review, as Wagtail's editor does: a returned
    item's review is closed and a new one opened, which starts again at the first review."""
    refusal = submission_refusal(page, user)
    if refusal:
        raise PermissionDenied(refusal.message)
    current = page.current_workflow_state
    if current is not None and current.status == WorkflowState.STATUS_NEEDS_CHANGES:
        current.cancel(user=user)
    return page.get_workflow().start(page, user)


def form_for(stage: str, action: str):
    if action == "reject":
        return ReturnForm
    return ProofApprovalForm if stage in PROOF_STAGES else ReviewApprovalForm


def stage_start(task, workflow_state: WorkflowState, user=None) -> ReviewTaskState:
    """Open ``task`` for the latest revision; a stage that does not apply is recorded skipped.

    A stage that opens scans the revision (R13): its reviewer is shown the findings, and
    whether they block decides what the stage may do (:mod:`editorial.findings`).
    """
    revision = _newest_revision(workflow_state)
    if task.stage != Stage.FIRST_REVIEW and not _earlier_stages_passed(
        workflow_state, task.stage, revision
    ):
        # Wagtail resumes a returned item at the stage that returned it; what was approved
        # before is not what is submitted now, so the chain starts again.
        first = workflow_state.workflow.tasks.get(reviewstagetask__stage=Stage.FIRST_REVIEW)
        return first.specific.start(workflow_state, user=user)
    page = revision.as_object()
    reason = skip_reason(task.stage, page)
    state = ReviewTaskState.objects.create(
        workflow_state=workflow_state,
        unit_id=owning_unit_id(page),
        task=task,
        revision=revision,
        stage=task.stage,
        status=TaskState.STATUS_SKIPPED if reason else TaskState.STATUS_IN_PROGRESS,
        content_hash=content_hash(revision),
        skip_reason=reason or "",
        finished_at=timezone.now() if reason else None,
        findings=[] if reason else findings.scan_object(page),
    )
    if task.stage == Stage.COUNTERSIGN and not reason:
        # Whose consent this stage needs is decided here, from the revision, once.
        state.co_issuing_units.set(co_issuing_unit_ids(page))
    if not reason:
        if not audit.opened_by_approval(state):
            audit.record_submission(state, user=user)
        task_submitted.send(sender=ReviewTaskState, instance=state, user=user)
    return state


def _earlier_stages_passed(workflow_state: WorkflowState, stage: str, revision) -> bool:
    """Every stage before ``stage`` approved (or skipped) exactly ``revision``."""
    earlier = set(STAGE_ORDER[: STAGE_ORDER.index(stage)])
    current = content_hash(revision)
    passed = set(
        ReviewTaskState.objects.filter(
            workflow_state=workflow_state,
            revision=revision,
            stage__in=earlier,
            content_hash=current,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_SKIPPED],
        ).values_list("stage", flat=True)
    )
    return passed == earlier


def _newest_revision(workflow_state: WorkflowState):
    """The item's newest revision row. While a revision is being saved (a restart started by
    its ``post_save``), the item's ``latest_revision`` still names the one before it."""
    obj = workflow_state.content_object
    return obj.revisions.order_by("-created_at", "-pk").first() or obj.get_latest_revision()


def _validated(form_class, data: dict, state: ReviewTaskState):
    form = form_class(data=data, review_state=state)
    if not form.is_valid():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        raise PermissionDenied(" ".join(dict.fromkeys(messages)))
    return form


def _content_unchanged(state: ReviewTaskState) -> bool:
    """The item under review is still exactly what entered this workflow's stages."""
    latest = state.workflow_state.content_object.get_latest_revision()
    if latest.pk != state.revision_id:
        return False
    current = content_hash(latest)
    hashes = set(
        ReviewTaskState.objects.filter(workflow_state=state.workflow_state, revision=latest)
        .exclude(status=TaskState.STATUS_CANCELLED)
        .values_list("content_hash", flat=True)
    )
    return hashes <= {current}


@transaction.atomic
def review_restart(workflow_state: WorkflowState, user=None) -> None:
    """Send the item back to the first review, on its latest revision."""
    workflow_state = WorkflowState.objects.select_for_update().get(pk=workflow_state.pk)
    for state in workflow_state.task_states.filter(status=TaskState.STATUS_IN_PROGRESS):
        _cancel_in_place(state.specific, user)
    first = workflow_state.workflow.tasks.filter(reviewstagetask__stage=Stage.FIRST_REVIEW).first()
    workflow_state.current_task_state = first.specific.start(workflow_state, user=user)
    workflow_state.save()


def _cancel_in_place(state: ReviewTaskState, user) -> None:
    """``TaskState.cancel`` without its ``workflow_state.update()``, which would open the
    cancelled stage again beside the restart (a stray stage left in progress)."""
    state.status = TaskState.STATUS_CANCELLED
    state.finished_at = timezone.now()
    state.finished_by = user
    state.save(update_fields=["status", "finished_at", "finished_by"])
    task_cancelled.send(sender=state.__class__, instance=state, user=user)


def stage_act(state: ReviewTaskState, user, action: str, data: dict):
    """Approve or return ``state`` as ``user``; ``data`` is whatever the client sent.

    A change of content found here sends the item back to the first review, and that restart
    is kept although the action itself is refused.
    """
    if not _content_unchanged(state) and state.status == TaskState.STATUS_IN_PROGRESS:
        review_restart(state.workflow_state, user=user)
        raise PermissionDenied(CHANGED_SINCE_REVIEW)
    return _stage_act(state, user, action, data)


@transaction.atomic
def _stage_act(state: ReviewTaskState, user, action: str, data: dict):
    state = ReviewTaskState.objects.select_for_update().get(pk=state.pk)
    if state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied(NOT_IN_PROGRESS)
    if action not in {"approve", "reject"}:
        raise PermissionDenied(UNKNOWN_ACTION)
    refusal = rules.refusal(user, state)
    if refusal:
        raise PermissionDenied(refusal)
    form = _validated(form_for(state.stage, action), data, state)
    opinion = form.cleaned_data["opinion"]
    if action == "reject":
        state.opinion = opinion
        state.save(update_fields=["opinion"])
        state.reject(user=user, comment=opinion)
        audit.record_decision(state, user=user)
        return None
    override_reason = form.cleaned_data.get("override_reason", "")
    refusal = findings.approval_refusal(state, user, override_reason)
    if refusal:
        raise PermissionDenied(refusal)
    answers = form.answers()
    if state.stage == Stage.COUNTERSIGN:
        required = state.co_issuing_unit_ids()
        signed = set(state.countersignatures.values_list("unit_id", flat=True))
        for unit_id in rules.countersigning_units(user, required):
            if unit_id not in signed:
                consent = Countersignature.objects.create(
                    task_state=state,
                    unit_id=unit_id,
                    user=user,
                    opinion=opinion,
                    checklist=answers,
                    content_hash=state.content_hash,
                )
                audit.record_countersignature(consent)
        if set(required) - set(state.countersignatures.values_list("unit_id", flat=True)):
            return None  # other co-issuing units have yet to consent
    state.checklist = answers
    state.opinion = opinion
    state.override_reason = findings.reason_to_record(state, override_reason)
    state.save(update_fields=["checklist", "opinion", "override_reason"])
    state.approve(user=user, comment=opinion)
    audit.record_decision(state, user=user)
    return None


def chain_complete(workflow_state: WorkflowState, revision, current: str | None = None) -> bool:
    """Every stage approved (or, where it does not apply, skipped) this exact revision, whose
    hash is ``current`` (by default, with the library as it is now)."""
    current = current or content_hash(revision)
    done = {
        state.stage: state
        for state in ReviewTaskState.objects.filter(
            workflow_state=workflow_state,
            revision=revision,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_SKIPPED],
        )
    }
    return all(stage in done and done[stage].content_hash == current for stage in STAGE_ORDER)


def clearance_record(revision, release=None, workflow_state: WorkflowState | None = None):
    """Record that ``revision`` passed review, with what it showed of the library frozen
    (``release``, frozen now if not given): the one thing that lets it go live
    (:mod:`editorial.gate`)."""
    release = release or freeze(revision)
    clearance, _ = Clearance.objects.update_or_create(
        revision=revision,
        defaults={
            "page_id": revision.object_id,
            "content_hash": content_hash(revision, release.data),
            "workflow_state": workflow_state,
        },
    )
    return clearance


@transaction.atomic
def finish_and_publish(workflow_state: WorkflowState, user=None) -> None:
    """Wagtail's finish action for our workflow: clear the approved revision and publish it.

    Nobody holds a publish permission (R17): the last approval publishes, through the same
    publish action as everything else, and the gate lets it through because of the clearance.
    Blocking check findings not passed by the third review for this content are refused here
    too, on a fresh scan, whoever calls.
    """
    revision = workflow_state.content_object.get_latest_revision()
    # What the public will be given is frozen first; the stages must have approved exactly it.
    release = freeze(revision)
    if not chain_complete(workflow_state, revision, content_hash(revision, release.data)):
        raise PermissionDenied(INCOMPLETE_CHAIN)
    refusal = findings.publication_refusal(workflow_state, revision)
    if refusal:
        raise PermissionDenied(refusal)
    clearance_record(revision, release, workflow_state)
    # With whatever must go live with it (三同步), or held until then: editorial/publication.py.
    try:
        publish_cleared(revision, user=user)
    except ValidationError as invalid:
        # What review cleared can stop holding by the day it goes live (a notice's minimum pin
        # counts from its publication, R7): the model's own words refuse it, with the approval;
        # the author edits, and the chain runs again.
        raise PermissionDenied(" ".join(invalid.messages)) from invalid
    audit.record_publication(workflow_state, user=user)
