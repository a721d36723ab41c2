"""The pre-publication checks in the review chain (R13): when an item is scanned, what blocks,
who may pass it.

* Every stage scans the revision it opens on (:func:`scan_object`, from ``stage_start``): at
  submission, at each stage and at every restart. The findings are stored on the stage's
  record, as its reviewer is shown them.
* Findings never stop the author from submitting, nor the first and second reviews (and
  countersigning units) from passing the item up or returning it: they see them and decide.
* At the third review (三审) the deputy head in charge may approve an item with blocking findings
  only with a recorded reason (the *override*); nobody else, at no other stage, may give one.
* After the third review (签发, 一校, 二校, 三校) an approval is refused while blocking findings are
  present, unless the third review's override covers them: the same content (content hash) and
  no blocking finding it did not see. The final publication checks again, on a fresh scan.
* A scan that fails on an internal error does not make the stage fail: it is logged and recorded
  as a blocking finding, so the item is checked by hand and passed only with a reason.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState

from cms.content.models.columns import owning_unit_id
from cms.organisation.access import units_in_reach
from cms.organisation.models import Role

from .integrity import content_hash
from .models.records import ReviewTaskState
from .prechecks.choices import Severity
from .prechecks.finding import message
from .prechecks.scan import scan_page
from .stages import STAGE_ORDER, Stage

logger = logging.getLogger(__name__)

OVERRIDE_REASON_MIN_LENGTH = 5
# Who may pass blocking findings, and where.
OVERRIDE_ROLES = frozenset({Role.DEPUTY_HEAD})
OVERRIDE_STAGE = Stage.THIRD_REVIEW
# The stages after the one that may pass blocking findings: they need its override.
STAGES_NEEDING_OVERRIDE = frozenset(STAGE_ORDER[STAGE_ORDER.index(OVERRIDE_STAGE) + 1 :])

SCAN_FAILED_KIND = "scan_failed"
# The workflow action form carries the id of the record it was opened for.
REVIEW_STATE_FIELD = "review_state"

OVERRIDE_REASON_REQUIRED = message(
    _(
        "This item has blocking check findings. To approve it anyway, write your reason for "
        "passing them (at least %(min)s characters); otherwise return it."
    ),
    min=OVERRIDE_REASON_MIN_LENGTH,
)
OVERRIDE_NOT_ALLOWED = _(
    "Only the deputy head in charge, at the third review, may pass blocking check findings with "
    "a reason. Leave the reason empty."
)
BLOCKING_NOT_PASSED = _(
    "This item has blocking check findings that the third review has not passed for this exact "
    "content. It cannot be approved: return it for correction."
)
SCAN_FAILED = _(
    "The automatic check could not be completed. Check the whole item by hand; the deputy head "
    "may pass it only with a reason."
)
OVERRIDE_ASKED = _(
    "You decide on the blocking findings: return the item, or approve it and write your reason "
    "for passing them."
)
PASS_UP_NOTE = _(
    "You may pass the item up with these findings: the deputy head in charge decides on the "
    "blocking ones at the third review."
)
OVERRIDE_RECORDED = _("Passed at the third review by %(person)s, for this reason: “%(reason)s”")
FOUND_BLOCKING = _("The automatic checks found blocking problems.")
FOUND_WARNINGS = _("The automatic checks found points to look at; none of them blocks.")
NOTHING_FOUND = _("The automatic checks found nothing to look at.")
SUBMIT_NOTE = _(
    "You may still submit the item: the reviewers see these findings, and only the deputy head "
    "in charge may pass blocking ones, with a recorded reason. Correcting them first is faster."
)
CHECKED_ON_LOAD = _(
    "Checked when this page was loaded; save the draft to check your latest changes."
)
WHOLE_ITEM = _("The whole item")
STREAM_ITEM = _("%(field)s, item %(number)s")
CHARACTER = _("character %(number)s")


# --- Scanning --------------------------------------------------------------------------------


def scan_failure() -> dict[str, Any]:
    return {
        "kind": SCAN_FAILED_KIND,
        "field": "",
        "start": 0,
        "end": 0,
        "excerpt": "",
        "message": str(SCAN_FAILED),
        "severity": str(Severity.BLOCKING),
        "suggestion": "",
    }


def scan_object(obj) -> list[dict[str, Any]]:
    """The findings of ``obj`` (a page, or a revision's object) as stored data.

    Messages are written in the platform's language whoever triggers the scan. An internal
    error of the scan is logged and becomes a blocking finding: it neither breaks the caller
    (a submission, an approval) nor lets the item pass unchecked.
    """
    try:
        # A savepoint: a database error inside the scan leaves the caller's transaction usable.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            return [finding.as_dict() for finding in scan_page(obj)]
    except Exception:
        logger.exception("Pre-publication check of %r failed", obj)
        with translation.override(settings.LANGUAGE_CODE):
            return [scan_failure()]


def scan_revision(revision) -> list[dict[str, Any]]:
    return scan_object(revision.as_object())


def blocking(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [finding for finding in findings if finding.get("severity") == Severity.BLOCKING]


def _keys(findings: list[dict[str, Any]]) -> set[tuple]:
    """What identifies a finding in one content, whatever the language of its message."""
    return {(f.get("kind"), f.get("field"), f.get("start"), f.get("end")) for f in findings}


# --- Who may pass blocking findings ----------------------------------------------------------


def may_override(user, state) -> bool:
    """``user`` is a deputy head of the item's unit (or above) and ``state`` the third review."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if state.stage != OVERRIDE_STAGE:
        return False
    unit_id = state.unit_id
    if unit_id is None:
        unit_id = owning_unit_id(state.workflow_state.content_object)
    return unit_id in units_in_reach(user, OVERRIDE_ROLES)


def override_covering(state, findings: list[dict[str, Any]] | None = None, revision=None):
    """The approved third review whose override covers the blocking findings of ``state``
    (by default those stored on it) for its revision's current content, or None."""
    revision = revision or state.revision
    findings = state.findings if findings is None else findings
    return _covering(state.workflow_state, revision, findings)


def _covering(workflow_state, revision, findings):
    third = (
        ReviewTaskState.objects.filter(
            workflow_state=workflow_state,
            stage=OVERRIDE_STAGE,
            status=TaskState.STATUS_APPROVED,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if third is None or not third.override_reason.strip():
        return None
    if third.content_hash != content_hash(revision):
        return None
    if not _keys(blocking(findings)) <= _keys(blocking(third.findings)):
        return None  # something blocks that the deputy head did not see
    return third


def override_problem(state, reason: str) -> str | None:
    """What is wrong with the override ``reason`` given for approving ``state`` (any user):
    a reason where none may be given, or none (or too short) where blocking findings need it."""
    reason = (reason or "").strip()
    if state.stage != OVERRIDE_STAGE:
        return str(OVERRIDE_NOT_ALLOWED) if reason else None
    if blocking(state.findings) and len(reason) < OVERRIDE_REASON_MIN_LENGTH:
        return str(OVERRIDE_REASON_REQUIRED)
    return None


def approval_refusal(state, user, reason: str) -> str | None:
    """Why ``user`` may not approve ``state`` given its findings and ``reason``, or None."""
    problem = override_problem(state, reason)
    if problem:
        return problem
    if (reason or "").strip() and not may_override(user, state):
        return str(OVERRIDE_NOT_ALLOWED)
    if state.stage in STAGES_NEEDING_OVERRIDE and blocking(state.findings):
        if override_covering(state) is None:
            return str(BLOCKING_NOT_PASSED)
    return None


def reason_to_record(state, reason: str) -> str:
    """The override reason kept on the record: only where it passed something."""
    reason = (reason or "").strip()
    return reason if state.stage == OVERRIDE_STAGE and blocking(state.findings) else ""


def publication_refusal(workflow_state, revision) -> str | None:
    """The last check before an approved revision goes live, on a fresh scan: blocking
    findings must have been passed by the third review for this content."""
    findings = scan_revision(revision)
    if blocking(findings) and _covering(workflow_state, revision, findings) is None:
        return str(BLOCKING_NOT_PASSED)
    return None


def state_from_form_data(data) -> Any:
    """The in-progress review record named by a workflow form (the modal carries its id), for
    telling the reviewer at once what the rule needs. The services check again on the real
    record whatever was posted."""
    value = data.get(REVIEW_STATE_FIELD) if data is not None else None
    if not value or not str(value).isdigit():
        return None
    return (
        ReviewTaskState.objects.filter(pk=int(value), status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state")
        .first()
    )


# --- What reviewers are shown ----------------------------------------------------------------

# The workflow action modal: Wagtail's own, with the findings above the form.
ACTION_MODAL_TEMPLATE = "editorial/findings_action_modal.html"


def _field_label(model, field: str) -> str:
    if not field:
        return str(WHOLE_ITEM)
    name, _dot, rest = field.partition(".")
    try:
        label = str(model._meta.get_field(name).verbose_name) if model is not None else name
    except FieldDoesNotExist:  # a field since removed from the type
        label = name
    index = rest.split(".", 1)[0] if rest else ""
    if index.isdigit():
        return str(STREAM_ITEM % {"field": label, "number": int(index) + 1})
    return label


def _severity_label(value: str) -> str:
    try:
        return str(Severity(value).label)
    except ValueError:
        return value


def presented(findings: list[dict[str, Any]], model=None) -> list[dict[str, Any]]:
    """``findings`` with what a reviewer reads: the field's name, the place in its text, and
    whether it blocks; blocking ones first."""
    shown = []
    for finding in findings:
        start, end = finding.get("start", 0), finding.get("end", 0)
        shown.append(
            {
                **finding,
                "field_label": _field_label(model, finding.get("field", "")),
                "place": str(CHARACTER % {"number": start + 1}) if end > start else "",
                "is_blocking": finding.get("severity") == Severity.BLOCKING,
                "severity_label": _severity_label(finding.get("severity", "")),
            }
        )
    shown.sort(key=lambda finding: not finding["is_blocking"])
    return shown


def _headline(findings: list[dict[str, Any]]) -> str:
    if blocking(findings):
        return str(FOUND_BLOCKING)
    return str(FOUND_WARNINGS if findings else NOTHING_FOUND)


def review_summary(state, action: str) -> dict[str, Any]:
    """What the workflow action form shows above the checklist for ``state``: the findings
    stored when the stage opened, and what they mean for this decision."""
    model = state.revision.content_type.model_class() if state.revision_id else None
    findings = state.findings or []
    has_blocking = bool(blocking(findings))
    ask_reason = action == "approve" and state.stage == OVERRIDE_STAGE and has_blocking
    notice, critical = "", False
    if has_blocking and action == "approve":
        if ask_reason:
            notice, critical = str(OVERRIDE_ASKED), True
        elif state.stage in STAGES_NEEDING_OVERRIDE:
            third = override_covering(state)
            if third is None:
                notice, critical = str(BLOCKING_NOT_PASSED), True
            else:
                person = third.finished_by.get_full_name() or third.finished_by.get_username()
                notice = str(
                    OVERRIDE_RECORDED % {"person": person, "reason": third.override_reason}
                )
        else:
            notice = str(PASS_UP_NOTE)
    return {
        "findings": presented(findings, model),
        "headline": _headline(findings),
        "has_blocking": has_blocking,
        "ask_reason": ask_reason,
        "notice": notice,
        "notice_is_critical": critical,
        "state_field": REVIEW_STATE_FIELD,
    }


def draft_summary(page) -> dict[str, Any]:
    """What the editor shows: the findings of the draft as it stands now."""
    findings = scan_object(page)
    return {
        "findings": presented(findings, type(page)),
        "headline": _headline(findings),
        "has_blocking": bool(blocking(findings)),
        "submit_note": str(SUBMIT_NOTE) if blocking(findings) else "",
        "checked_on_load": str(CHECKED_ON_LOAD),
    }
