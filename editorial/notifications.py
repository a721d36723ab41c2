"""Who is told what when the review moves (issue 3): e-mail through Wagtail's notifier machinery.

* A stage opens: the people who may act on it — holders of the stage's roles in the owning unit
  (for 会签, in a co-issuing unit) or a unit above it, less those :func:`editorial.rules.refusal`
  refuses (the author, a person who approved another review stage of the revision).
* An item is returned: its author (the page owner and whoever submitted it), with the stage,
  who returned it and the opinion.
* The last approval publishes the item: its author.

Wagtail's ``EmailNotificationMixin`` does the sending: each person's notification preferences
(``UserProfile``: opening → "submitted", return → "rejected", publication → "approved"), their
language, one mail connection. Mail goes out after the transaction commits; a failure is logged
and never undoes, nor fails, the approval that caused it.

Wagtail's own workflow notifiers would also write to the submitter on return and publication and
to every superuser on submission; for the review workflow they stand aside (see the end of the
module), so each person gets one message, from here.
"""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from wagtail.admin import mail as wagtail_mail
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from cms.content.models.columns import owning_unit_id
from cms.organisation.access import holders_reaching

from . import rules
from .audit import findings_counts, is_review_workflow
from .models import ReviewTaskState
from .stages import STAGE_ROLES, Stage

logger = logging.getLogger(__name__)


# --- Who ---------------------------------------------------------------------------------------


def stage_recipients(state: ReviewTaskState) -> list:
    """The people who may act on ``state`` now, as the rules decide."""
    if state.stage == Stage.COUNTERSIGN:
        unit_ids = state.co_issuing_unit_ids()
    else:
        unit_ids = [state.unit_id or owning_unit_id(state.workflow_state.content_object)]
    holders = holders_reaching(unit_ids, STAGE_ROLES[state.stage]).values("user_id")
    candidates = get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("pk")
    return [person for person in candidates if rules.refusal(person, state) is None]


def author_recipients(workflow_state: WorkflowState, *, excluding=None) -> list:
    """The item's author: its owner and whoever submitted it (not the person who acted)."""
    page = workflow_state.content_object
    ids = {page.owner_id, workflow_state.requested_by_id} - {None, getattr(excluding, "pk", None)}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


# --- What --------------------------------------------------------------------------------------


def admin_url(path: str) -> str:
    """An absolute admin link for a mail (``WAGTAILADMIN_BASE_URL``)."""
    return (get_admin_base_url() or "").rstrip("/") + path


class _ReviewNotifier(wagtail_mail.EmailNotificationMixin, wagtail_mail.Notifier):
    """Send after commit; a template set of our own under ``editorial/notifications/``."""

    template_name = ""

    def get_template_set(self, instance, **kwargs):
        base = f"editorial/notifications/{self.template_name}"
        return {"subject": f"{base}_subject.txt", "text": f"{base}.txt", "html": f"{base}.html"}

    def page_context(self, workflow_state: WorkflowState) -> dict:
        page = workflow_state.content_object.specific
        return {
            "page": page,
            "title": page.get_admin_display_title(),
            "edit_url": admin_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
            "history_url": admin_url(reverse("wagtailadmin_pages:history", args=[page.pk])),
        }

    def __call__(self, instance=None, **kwargs):
        """Connected to the signal: defer the work until the transaction commits."""
        if not self.can_handle(instance, **kwargs):
            return False
        user = kwargs.get("user")
        transaction.on_commit(
            partial(self.send_committed, type(instance), instance.pk, user), robust=True
        )
        return True

    def send_committed(self, model, pk, user) -> bool:
        """Read the record as committed and mail; never raise (the approval already stands)."""
        try:
            instance = model.objects.filter(pk=pk).first()
            if instance is None or not self.still_relevant(instance):
                return False
            return super().__call__(instance, user=user)
        except Exception:
            logger.exception(
                "Review notification %s for %s #%s failed", self.notification, model.__name__, pk
            )
            return False

    def still_relevant(self, instance) -> bool:
        return True


class StageOpenedNotifier(_ReviewNotifier):
    """A stage waits for a decision: tell the people who may make it."""

    notification = "submitted"
    template_name = "stage_opened"

    def __init__(self):
        super().__init__((ReviewTaskState,))

    def still_relevant(self, state: ReviewTaskState) -> bool:
        # A stage cancelled or replaced in the same transaction waits for nobody.
        return (
            state.status == TaskState.STATUS_IN_PROGRESS
            and state.workflow_state.current_task_state_id == state.pk
        )

    def get_recipient_users(self, state: ReviewTaskState, **kwargs):
        return stage_recipients(state)

    def get_context(self, state: ReviewTaskState, **kwargs):
        context = super().get_context(state, **kwargs)
        context.update(self.page_context(state.workflow_state))
        findings, blocking = findings_counts(state)
        context.update(
            {
                "stage": state.get_stage_display(),
                "task_state": state,
                "submitted_by": state.workflow_state.requested_by,
                "findings_count": findings,
                "blocking_count": blocking,
                "preview_url": admin_url(
                    reverse(
                        "wagtailadmin_pages:workflow_preview",
                        args=[state.workflow_state.object_id, state.task_id],
                    )
                ),
            }
        )
        return context


class ReturnedNotifier(_ReviewNotifier):
    """The item was returned: tell its author why."""

    notification = "rejected"
    template_name = "returned"

    def __init__(self):
        super().__init__((ReviewTaskState,))

    def still_relevant(self, state: ReviewTaskState) -> bool:
        return state.status == TaskState.STATUS_REJECTED

    def get_recipient_users(self, state: ReviewTaskState, **kwargs):
        return author_recipients(state.workflow_state, excluding=state.finished_by)

    def get_context(self, state: ReviewTaskState, **kwargs):
        context = super().get_context(state, **kwargs)
        context.update(self.page_context(state.workflow_state))
        context.update(
            {
                "stage": state.get_stage_display(),
                "returned_by": state.finished_by,
                "opinion": state.opinion or state.comment,
            }
        )
        return context


class PublishedNotifier(_ReviewNotifier):
    """The last approval published the item (or scheduled it): tell its author."""

    notification = "approved"
    template_name = "published"

    def __init__(self):
        super().__init__((WorkflowState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and is_review_workflow(instance)

    def still_relevant(self, workflow_state: WorkflowState) -> bool:
        return workflow_state.status == WorkflowState.STATUS_APPROVED

    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        return author_recipients(workflow_state, excluding=kwargs.get("user"))

    def get_context(self, workflow_state: WorkflowState, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        context.update(self.page_context(workflow_state))
        page = context["page"]
        revision = page.get_latest_revision()
        context.update(
            {
                "live": page.live and page.live_revision_id == revision.pk,
                "go_live_at": revision.approved_go_live_at,
                "approved_by": kwargs.get("user"),
            }
        )
        return context


stage_opened_notifier = StageOpenedNotifier()
returned_notifier = ReturnedNotifier()
published_notifier = PublishedNotifier()


@receiver(task_submitted, sender=ReviewTaskState, dispatch_uid="editorial_stage_opened_mail")
def mail_stage_opened(sender, instance, user=None, **kwargs):
    stage_opened_notifier(instance, user=user)


@receiver(task_rejected, sender=ReviewTaskState, dispatch_uid="editorial_returned_mail")
def mail_returned(sender, instance, user=None, **kwargs):
    returned_notifier(instance, user=user)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="editorial_published_mail")
def mail_published(sender, instance, user=None, **kwargs):
    published_notifier(instance, user=user)


# --- Wagtail's own workflow notifiers stand aside for the review workflow ----------------------


class _StockUnlessReview:
    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and not is_review_workflow(instance)


class _Submission(_StockUnlessReview, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class _Approval(_StockUnlessReview, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    pass


class _Rejection(_StockUnlessReview, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail connects its notifiers under these ids (wagtail/admin/signal_handlers.py). A receiver
# of the same id replaces it: disconnected here if Wagtail came first, ignored by Django's
# dispatcher if Wagtail comes later (our app is loaded before wagtail.admin).
for _signal, _notifier, _uid in (
    (workflow_submitted, _Submission(), "workflow_state_submitted_email_notification"),
    (workflow_approved, _Approval(), "workflow_state_approved_email_notification"),
    (workflow_rejected, _Rejection(), "workflow_state_rejected_email_notification"),
):
    _signal.disconnect(sender=WorkflowState, dispatch_uid=_uid)
    _signal.connect(_notifier, sender=WorkflowState, dispatch_uid=_uid, weak=False)
