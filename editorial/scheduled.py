"""Scheduled publishing and expiry, one row at a time (R18: 先审后发).

Wagtail's ``publish_scheduled`` publishes every due revision in one loop: the first refusal of
the review gate stops every row after it. Here each expiry and each due revision runs in its own
transaction. A revision the gate or the database guard refuses (it was never cleared by the
review) is reported and left as it is, still scheduled, for a person to deal with; the others
go live. Expiry is Wagtail's: live objects whose ``expire_at`` has passed are unpublished and
marked expired, before the due revisions are published.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import swapper
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import DraftStateMixin, Revision

from . import dbguards

logger = logging.getLogger(__name__)

# The database guard speaks SQL-side English; this is what people read.
NOT_CLEARED_BY_DATABASE = gettext_lazy(
    "The database refused to publish it: this exact revision has not been cleared by the "
    "review, or it has gone live since it was cleared."
)

EXPIRED = "expired"
PUBLISHED = "published"
REFUSED = "refused"
FAILED = "failed"
GONE = "gone"  # published, rescheduled or expired by someone else meanwhile


@dataclass(frozen=True)
class Outcome:
    kind: str
    model: str
    object_id: str
    title: str
    when: datetime | None
    revision_id: int | None = None
    reason: str = ""


@dataclass
class ScheduledRun:
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, kind: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.kind == kind]

    @property
    def needs_attention(self) -> bool:
        return any(outcome.kind in {REFUSED, FAILED} for outcome in self.outcomes)


def draft_state_models() -> list[type]:
    """Pages and every other model with drafts, as Wagtail's command lists them."""
    page = swapper.load_model("wagtailcore", "Page")
    return [
        page,
        *(
            model
            for model in apps.get_models()
            if issubclass(model, DraftStateMixin) and not issubclass(model, page)
        ),
    ]


def due_expiries(now: datetime) -> list:
    due = []
    for model in draft_state_models():
        due += list(model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"))
    return due


def due_revisions(now: datetime):
    return Revision.objects.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at", "pk"
    )


def _object_base(obj) -> dict:
    specific_class = getattr(obj, "specific_class", None) or type(obj)
    return {
        "model": specific_class._meta.label,
        "object_id": str(obj.pk),
        "title": str(obj),
        "when": obj.expire_at,
    }


def _revision_base(revision: Revision) -> dict:
    model_class = revision.content_type.model_class()
    return {
        "model": model_class._meta.label if model_class else str(revision.content_type),
        "object_id": revision.object_id,
        "title": (revision.content or {}).get("title") or revision.object_str,
        "when": revision.approved_go_live_at,
        "revision_id": revision.pk,
    }


def expire(obj, now: datetime) -> Outcome:
    """Unpublish one expired object in its own transaction, as Wagtail's command does."""
    base = _object_base(obj)
    try:
        with transaction.atomic():
            current = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
            if current is None or not current.live or not current.expire_at:
                return Outcome(GONE, **base)
            if current.expire_at >= now:
                return Outcome(GONE, **base)
            current.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    except Exception as error:
        logger.exception("Scheduled expiry failed: %s pk=%s", base["model"], obj.pk)
        return Outcome(FAILED, reason=str(error), **base)
    logger.info("Expired on schedule: %s pk=%s", base["model"], obj.pk)
    return Outcome(EXPIRED, **base)


def publish_due_revision(revision: Revision, now: datetime) -> Outcome:
    """Publish one due revision in its own transaction; a refusal is reported, not raised."""
    base = _revision_base(revision)
    try:
        with transaction.atomic():
            # A second run at the same time finds the row locked, then no longer due.
            current = (
                Revision.objects.select_for_update()
                .filter(pk=revision.pk, approved_go_live_at__lt=now)
                .first()
            )
            if current is None:
                return Outcome(GONE, **base)
            current.publish(log_action="wagtail.publish.scheduled")
    except PermissionDenied as refusal:
        reason = str(refusal) or _("Refused by the review gate.")
        logger.warning("Scheduled publish refused: revision=%s: %s", revision.pk, reason)
        return Outcome(REFUSED, reason=reason, **base)
    except DatabaseError as error:
        if not dbguards.is_refusal(error):
            logger.exception("Scheduled publish failed: revision=%s", revision.pk)
            return Outcome(FAILED, reason=str(error), **base)
        logger.warning("Scheduled publish refused by the database: revision=%s", revision.pk)
        return Outcome(REFUSED, reason=str(NOT_CLEARED_BY_DATABASE), **base)
    except Exception as error:
        logger.exception("Scheduled publish failed: revision=%s", revision.pk)
        return Outcome(FAILED, reason=str(error), **base)
    logger.info(
        "Published on schedule: %s pk=%s revision=%s",
        base["model"],
        revision.object_id,
        revision.pk,
    )
    return Outcome(PUBLISHED, **base)


def scheduled_publish(*, dry_run: bool = False, now: datetime | None = None) -> ScheduledRun:
    """Expire what is due, then publish every due revision, each on its own."""
    now = now or timezone.now()
    run = ScheduledRun(dry_run=dry_run)
    expiries = due_expiries(now)
    revisions = list(due_revisions(now).select_related("content_type"))
    if dry_run:  # what would happen: due to expire, due to go live
        run.outcomes += [Outcome(EXPIRED, **_object_base(obj)) for obj in expiries]
        run.outcomes += [Outcome(PUBLISHED, **_revision_base(rev)) for rev in revisions]
        return run
    for obj in expiries:
        run.outcomes.append(expire(obj, now))
    for revision in revisions:
        run.outcomes.append(publish_due_revision(revision, now))
    return run
