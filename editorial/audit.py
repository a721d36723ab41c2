"""Accountability (issue 3): every step of the review in Wagtail's audit log, with its details.

Wagtail already logs the workflow's transitions (``wagtail.workflow.start/approve/reject/...``)
with the reviewer's comment; these entries add what a review record holds — stage, revision,
content hash, checklist answers, opinion, check findings, the reason blocking findings were
passed — so the page's history view, the site history report and the per-item export
(:mod:`editorial.audit_hooks`) show who decided what on which exact content.

Entries are written by the state change they record, in its transaction
(:mod:`editorial.services`: submit, decide, publish), from the records it wrote; each carries
the time of the step itself, so the log reads in the order things happened.
"""

from collections import OrderedDict

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page, PageLogEntry, Revision, Task, TaskState, WorkflowState

from cms.content.versions import version_number, version_of

from .checklist import PROOF_CONFIRMATIONS, REVIEW_QUESTIONS
from .models.records import Clearance, Countersignature, ReviewTaskState
from .prechecks.choices import Severity
from .stages import Stage

SUBMIT = "editorial.submit"
APPROVE = "editorial.approve"
RETURN = "editorial.return"
COUNTERSIGN = "editorial.countersign"
OVERRIDE = "editorial.override"
PUBLISH = "editorial.publish"

QUESTION_LABELS = dict(REVIEW_QUESTIONS + PROOF_CONFIRMATIONS)


# --- What an entry holds ----------------------------------------------------------------------


def findings_counts(state: ReviewTaskState) -> tuple[int, int]:
    """How many check findings the stage's reviewer is shown, and how many of them block."""
    findings = state.findings or []
    blocking = sum(1 for finding in findings if finding.get("severity") == Severity.BLOCKING)
    return len(findings), blocking


def stage_details(state: ReviewTaskState) -> dict:
    findings, blocking = findings_counts(state)
    return {
        "stage": state.stage,
        "task_state_id": state.pk,
        "workflow_state_id": state.workflow_state_id,
        "revision_id": state.revision_id,
        "version": version_number(state.revision),
        "content_hash": state.content_hash,
        "findings_count": findings,
        "blocking_count": blocking,
    }


def is_review_workflow(workflow_state: WorkflowState) -> bool:
    """The workflow is 三审三校 (made of our stages), not some other workflow of the site."""
    return Task.objects.filter(
        workflow_tasks__workflow_id=workflow_state.workflow_id, reviewstagetask__isnull=False
    ).exists()


def _page(workflow_state: WorkflowState):
    return workflow_state.content_object.specific


def opened_by_approval(state: ReviewTaskState) -> bool:
    """The stage opened because the one before it was approved (not a submission, a
    resubmission or a restart after a change)."""
    previous = (
        TaskState.objects.filter(
            workflow_state_id=state.workflow_state_id, finished_at__isnull=False
        )
        .exclude(pk=state.pk)
        .exclude(status=TaskState.STATUS_SKIPPED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return previous is not None and previous.status == TaskState.STATUS_APPROVED


# --- Recording --------------------------------------------------------------------------------


def record_submission(state: ReviewTaskState, *, user=None) -> PageLogEntry:
    """The item entered review (or re-entered it after a return or a change) at ``state``."""
    return log(
        instance=_page(state.workflow_state),
        action=SUBMIT,
        user=user,
        revision=state.revision,
        timestamp=state.started_at,
        data=stage_details(state),
    )


def record_decision(state: ReviewTaskState, *, user=None) -> list[PageLogEntry]:
    """A stage approved or returned the item; a deputy head's passing of blocking findings is
    its own entry."""
    page = _page(state.workflow_state)
    details = stage_details(state)
    if state.status == TaskState.STATUS_REJECTED:
        return [
            log(
                instance=page,
                action=RETURN,
                user=user,
                revision=state.revision,
                timestamp=state.finished_at,
                data={**details, "opinion": state.opinion or state.comment},
            )
        ]
    entries = []
    if state.override_reason.strip():
        entries.append(
            log(
                instance=page,
                action=OVERRIDE,
                user=user,
                revision=state.revision,
                timestamp=state.finished_at,
                data={**details, "override_reason": state.override_reason},
            )
        )
    entries.append(
        log(
            instance=page,
            action=APPROVE,
            user=user,
            revision=state.revision,
            timestamp=state.finished_at,
            data={
                **details,
                "checklist": state.checklist,
                "opinion": state.opinion or state.comment,
                "override_reason": state.override_reason,
            },
        )
    )
    return entries


def record_countersignature(consent: Countersignature) -> PageLogEntry:
    """One co-issuing unit consented (会签); the stage itself is approved with the last one."""
    state = consent.task_state
    return log(
        instance=_page(state.workflow_state),
        action=COUNTERSIGN,
        user=consent.user,
        revision=state.revision,
        timestamp=consent.signed_at,
        data={
            **stage_details(state),
            "content_hash": consent.content_hash,
            "unit_id": consent.unit_id,
            "unit": consent.unit.name,
            "checklist": consent.checklist,
            "opinion": consent.opinion,
        },
    )


def record_publication(workflow_state: WorkflowState, *, user=None) -> PageLogEntry:
    """The last approval cleared the revision and published it (or scheduled it)."""
    # Read back: the publication happened in this transaction, after the page was loaded.
    page = Page.objects.get(pk=workflow_state.object_id).specific
    revision = page.get_latest_revision()
    clearance = Clearance.objects.filter(revision=revision).first()
    return log(
        instance=page,
        action=PUBLISH,
        user=user,
        revision=revision,
        data={
            "workflow_state_id": workflow_state.pk,
            "revision_id": revision.pk,
            "version": version_number(revision),
            "content_hash": clearance.content_hash if clearance else "",
            "clearance_id": clearance.pk if clearance else None,
            "live": bool(page.live and page.live_revision_id == revision.pk),
            "go_live_at": revision.approved_go_live_at.isoformat()
            if revision.approved_go_live_at
            else None,
        },
    )


# --- How entries read (registered in editorial.audit_hooks) -----------------------------------


def stage_label(data: dict) -> str:
    stage = data.get("stage")
    return str(Stage(stage).label) if stage in Stage.values else ""


def version(data: dict) -> int | str:
    """The item's version an entry is about (:mod:`cms.content.versions`); entries written
    before versions were recorded are counted now."""
    return data.get("version") or version_of(data.get("revision_id")) or ""


def short_hash(value: str | None) -> str:
    return (value or "")[:12]


def checklist_text(answers: dict | None) -> str:
    """The answers as a reader sees them: each question with ✓ (confirmed) or ✗."""
    return "；".join(
        f"{'✓' if confirmed else '✗'} {QUESTION_LABELS.get(name, name)}"
        for name, confirmed in (answers or {}).items()
    )


class _EditorialFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return log_entry.data.get("opinion", "")


class SubmitFormatter(_EditorialFormatter):
    label = _("Submit for review")

    def format_message(self, log_entry):
        data = log_entry.data
        return _(
            "Submitted for review; %(stage)s opened (version %(version)s, content %(hash)s, "
            "%(findings)s check findings, %(blocking)s blocking)"
        ) % {
            "stage": stage_label(data),
            "version": version(data),
            "hash": short_hash(data.get("content_hash")),
            "findings": data.get("findings_count", 0),
            "blocking": data.get("blocking_count", 0),
        }


class ApproveFormatter(_EditorialFormatter):
    label = _("Approve a review stage")

    def format_message(self, log_entry):
        data = log_entry.data
        answers = data.get("checklist") or {}
        return _(
            "%(stage)s approved (version %(version)s, content %(hash)s, %(confirmed)s of "
            "%(questions)s checklist items confirmed, %(findings)s check findings)"
        ) % {
            "stage": stage_label(data),
            "version": version(data),
            "hash": short_hash(data.get("content_hash")),
            "confirmed": sum(1 for value in answers.values() if value),
            "questions": len(answers),
            "findings": data.get("findings_count", 0),
        }


class ReturnFormatter(_EditorialFormatter):
    label = _("Return with opinion")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Returned to the author at %(stage)s (version %(version)s)") % {
            "stage": stage_label(data),
            "version": version(data),
        }


class CountersignFormatter(_EditorialFormatter):
    label = _("Countersign")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Countersigned for %(unit)s (version %(version)s, content %(hash)s)") % {
            "unit": data.get("unit", ""),
            "version": version(data),
            "hash": short_hash(data.get("content_hash")),
        }


class OverrideFormatter(_EditorialFormatter):
    label = _("Pass blocking findings")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("%(count)s blocking check findings passed at %(stage)s (version %(version)s)") % {
            "count": data.get("blocking_count", 0),
            "stage": stage_label(data),
            "version": version(data),
        }

    def format_comment(self, log_entry):
        return log_entry.data.get("override_reason", "")


class PublishFormatter(_EditorialFormatter):
    label = _("Publish after review")

    def format_message(self, log_entry):
        data = log_entry.data
        values = {
            "version": version(data),
            "hash": short_hash(data.get("content_hash")),
        }
        if data.get("live"):
            return (
                _("Published after every stage approved it (version %(version)s, content %(hash)s)")
                % values
            )
        if data.get("go_live_at"):
            return (
                _(
                    "Cleared after every stage approved it, to go live as scheduled (version "
                    "%(version)s, content %(hash)s)"
                )
                % values
            )
        return (
            _(
                "Cleared after every stage approved it, to go live with related content (version "
                "%(version)s, content %(hash)s)"
            )
            % values
        )


class TakedownFormatter(LogFormatter):
    """``editorial.takedown`` (:mod:`editorial.takedown`): the reason shows as the comment."""

    label = _("Take down")
    message = _("Taken down without review")

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


FORMATTERS: dict[str, type[LogFormatter]] = {
    SUBMIT: SubmitFormatter,
    APPROVE: ApproveFormatter,
    RETURN: ReturnFormatter,
    COUNTERSIGN: CountersignFormatter,
    OVERRIDE: OverrideFormatter,
    PUBLISH: PublishFormatter,
}


# --- The trail of one item, for export --------------------------------------------------------


def page_audit_trail(page) -> "list[PageLogEntry]":
    """Every log entry of ``page``, in the order things happened."""
    return list(
        PageLogEntry.objects.filter(page_id=page.pk)
        .select_related("user", "user__wagtail_userprofile", "revision")
        .order_by("timestamp", "pk")
    )


def _field_label(name: str) -> str:
    return ReviewTaskState._meta.get_field(name).verbose_name


EXPORT_COLUMNS: "OrderedDict[str, object]" = OrderedDict(
    [
        ("timestamp", _("Time of the action")),
        ("action", _("Kind of action")),
        ("message", _("What was done")),
        ("user", _("Done by")),
        ("stage", _field_label("stage")),
        ("revision", Revision._meta.verbose_name),
        ("version", _("Version of the item")),
        ("content_hash", _field_label("content_hash")),
        ("checklist", _field_label("checklist")),
        ("opinion", _field_label("opinion")),
        ("findings", _field_label("findings")),
        ("override_reason", _field_label("override_reason")),
        ("comment", _("Remarks")),
    ]
)


def _action_label(action: str) -> str:
    from wagtail.log_actions import registry

    return str(registry.get_action_label(action)) if registry.action_exists(action) else action


def export_row(entry: PageLogEntry) -> "OrderedDict[str, object]":
    """One log entry as a row of the audit export (values in the active language)."""
    data = entry.data or {}
    workflow = data.get("workflow") or {}
    stage = stage_label(data) or (workflow.get("task") or {}).get("title", "")
    findings = data.get("findings_count")
    opinion = data.get("opinion") or data.get("comment") or ""
    override_reason = data.get("override_reason") or ""
    comment = str(entry.comment or "")
    return OrderedDict(
        [
            ("timestamp", date_format(localtime(entry.timestamp), "Y-m-d H:i:s")),
            ("action", _action_label(entry.action)),
            ("message", str(entry.message)),
            ("user", entry.user_display_name),
            ("stage", stage),
            ("revision", entry.revision_id or data.get("revision_id") or ""),
            ("version", data.get("version") or version_of(entry.revision_id) or version(data)),
            ("content_hash", data.get("content_hash", "")),
            ("checklist", checklist_text(data.get("checklist"))),
            ("opinion", opinion),
            ("findings", "" if findings is None else findings),
            ("override_reason", override_reason),
            # What the columns before do not already say (a takedown's reason, for one).
            ("comment", "" if comment in (opinion, override_reason) else comment),
        ]
    )


def may_see_audit_trail(user, page) -> bool:
    """Whoever may open the page's history in the admin (Wagtail's rule for that view): those
    who may edit it — including a reviewer the current stage lets into the editor."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


__all__ = [
    "APPROVE",
    "COUNTERSIGN",
    "EXPORT_COLUMNS",
    "FORMATTERS",
    "OVERRIDE",
    "PUBLISH",
    "RETURN",
    "SUBMIT",
    "TakedownFormatter",
    "export_row",
    "findings_counts",
    "is_review_workflow",
    "may_see_audit_trail",
    "page_audit_trail",
    "record_countersignature",
    "record_decision",
    "record_publication",
    "record_submission",
]
