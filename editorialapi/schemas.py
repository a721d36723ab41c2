"""The contract of the editorial API (:mod:`editorialapi.api`): what a headless editorial client
sends and receives. Its OpenAPI document is snapshot-tested (``tests/editorial/test_api.py``)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool

from editorial.stages import Stage
from publicapi.schemas import ColumnRef, PageDetail, SiteRef

# Where an item really is, from Wagtail's ``live``, ``has_unpublished_changes``, the approved
# schedule (a revision's ``approved_go_live_at``), ``expired``, whether it was ever published, and
# its review (the active workflow state). Computed in ``editorialapi.api._status``.
ItemStatus = Literal[
    "draft",
    "in_review",
    "returned",
    "scheduled",
    "expired",
    "taken_down",
    "live",
    "live_with_draft",
    "live_with_changes_in_review",
    "live_with_changes_returned",
    "live_with_changes_scheduled",
]
STATUS_DESCRIPTION = (
    "Where the item is. Not live: `draft` (never published, not in review), `in_review` "
    "(submitted, a stage is waiting for a decision), `returned` (returned to its author with an "
    "opinion), `scheduled` (cleared by review, goes live at its scheduled time), `expired` "
    "(taken off at its expiry time), `taken_down` (was published, no longer live, not in "
    "review). Live: `live` (what is saved is what the public reads), `live_with_draft` (saved "
    "changes not yet submitted), `live_with_changes_in_review`, `live_with_changes_returned`, "
    "`live_with_changes_scheduled` (cleared changes go live at their scheduled time). "
    "`live` below tells whether the public reads the item now."
)


class Person(Schema):
    id: int
    name: str = Field(description="Display name only: no e-mail address or other contact data.")


class UnitRef(Schema):
    id: int
    name: str


# --- Requests ------------------------------------------------------------------------------------


class _Decision(Schema):
    model_config = ConfigDict(extra="forbid")

    stage: Stage = Field(
        description="The stage the client is deciding, as it read it; another stage answers 409."
    )
    revision_id: int | None = Field(
        None,
        description="The revision the client read; if given and no longer under review, 409.",
    )
    opinion: str = Field(description="The written opinion (at least 2 characters).")


class ApprovalIn(_Decision):
    # Strict: a JSON boolean only. pydantic's lax mode would read "yes", "1" or 1 as true, and
    # an answer to the checklist of 三审三校 is not to be guessed from a string.
    checklist: dict[str, StrictBool] = Field(
        default_factory=dict,
        description=(
            "Every question of the stage's checklist (see `review.checklist.questions` of the "
            "item) answered `true`: the eleven review questions, or the three proofreading "
            "confirmations. Only JSON booleans are accepted; anything else answers 400."
        ),
    )
    override_reason: str = Field(
        "",
        description="Why blocking check findings are passed; only the deputy head may do so.",
    )


class ReturnIn(_Decision):
    pass


class QueueQuery(Schema):
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


# --- Responses -----------------------------------------------------------------------------------


class QueueItem(Schema):
    task_state_id: int
    page_id: int
    revision_id: int = Field(description="The revision under review.")
    title: str = Field(description="Title of the revision under review.")
    site: SiteRef | None
    column: ColumnRef | None
    stage: Stage
    stage_label: str
    importance: str
    importance_label: str
    submitted_by: Person | None
    waiting_since: datetime = Field(description="When this stage opened.")
    findings_count: int = Field(description="Pre-publication check findings on this revision.")


class QueuePage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    items: list[QueueItem] = Field(description="Oldest first.")


class Finding(Schema):
    kind: str
    field: str = Field(description="The field, or the path of a text inside a StreamField.")
    start: int = Field(description="Offset into `texts[field]` where the finding starts.")
    end: int = Field(description="Offset into `texts[field]` where the finding ends.")
    excerpt: str
    message: str
    severity: Literal["warning", "blocking"]
    suggestion: str = ""


class Question(Schema):
    name: str
    label: str


class Checklist(Schema):
    kind: Literal["review", "proof"]
    questions: list[Question]
    opinion_min_length: int


class Review(Schema):
    task_state_id: int
    stage: Stage
    stage_label: str
    revision_id: int
    started_at: datetime
    checklist: Checklist = Field(description="What an approval of this stage must answer.")
    may_decide: bool = Field(description="Whether the caller may approve or return it now.")
    refusal: str | None = Field(description="Why the caller may not, when they may not.")
    blocking_findings: int = Field(description="How many findings block publication.")
    may_pass_blocking: bool = Field(
        description=(
            "Whether the caller may pass blocking findings with an `override_reason` "
            "(the deputy head in charge, at the third review)."
        )
    )


class Countersignature(Schema):
    unit: UnitRef
    signed_by: Person
    opinion: str
    checklist: dict[str, bool]
    signed_at: datetime


class StageRecord(Schema):
    task_state_id: int
    stage: Stage
    stage_label: str
    status: str = Field(description="in_progress, approved, rejected, skipped or cancelled.")
    status_label: str
    revision_id: int | None
    content_hash: str
    started_at: datetime
    finished_at: datetime | None
    finished_by: Person | None
    opinion: str
    checklist: dict[str, bool]
    skip_reason: str
    override_reason: str
    findings_count: int
    countersignatures: list[Countersignature]


class ReviewRound(Schema):
    """One submission of the item and the stages it went through."""

    workflow_state_id: int
    status: str = Field(description="in_progress, needs_changes, approved or cancelled.")
    status_label: str
    requested_by: Person | None
    requested_at: datetime
    stages: list[StageRecord]


class History(Schema):
    page_id: int
    rounds: list[ReviewRound] = Field(description="Oldest first.")


class DraftContent(PageDetail):
    """The revision under review as the public API will show it once published."""

    published_at: datetime | None = None
    updated_at: datetime | None = None


class ItemDetail(Schema):
    page_id: int
    title: str
    status: ItemStatus = Field(description=STATUS_DESCRIPTION)
    live: bool = Field(description="Whether the public reads the item now.")
    importance: str
    importance_label: str
    revision_id: int = Field(description="The revision under review, or else the latest one.")
    review: Review | None = Field(description="The stage waiting for a decision, if any.")
    content: DraftContent
    findings: list[Finding]
    texts: dict[str, str] = Field(
        description="The plain text of every field a finding points into, by field."
    )
    history: list[ReviewRound]


class Outcome(Schema):
    page_id: int
    status: ItemStatus = Field(description=STATUS_DESCRIPTION)
    live: bool = Field(description="Whether the public reads the item now.")
    stage: Stage | None = Field(description="The stage now waiting for a decision, if any.")
    stage_label: str | None
