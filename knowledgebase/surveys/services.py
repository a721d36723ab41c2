"""The state changes of surveys: a response received, a survey closed early.

A response is a citizen's act and is not in the audit log (there would be thousands, and
they hold nothing staff did); closing early is staff's and is.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from cms.reasons import checked_reason

from .answers import answers_check
from .models import SurveyClosure, SurveyPage, SurveyResponse
from .selectors import (
    SurveyStatus,
    may_close,
    survey_closes_at,
    survey_live_version,
    survey_status,
)
from .signals import survey_closed

CLOSE_LOG_ACTION = "surveys.close"
NOT_PUBLIC = _("No such survey, or it is not public.")
NOT_YET_OPEN = _("This survey is not open yet; it opens at %(opens_at)s.")
CLOSED = _("This survey is closed and no longer accepts responses.")
CLOSE_NOT_ALLOWED = _(
    "Only the website administrator or a head of the unit that owns this survey's column can "
    "close it early."
)
CLOSE_REASON_REQUIRED = _("Give the reason for closing the survey early.")
NOT_OPEN_TO_CLOSE = _("Only an open survey can be closed early.")
# Answers from the same sender to the same survey within this time are one response.
FOLD_WINDOW = timedelta(minutes=10)


class SurveyUnavailable(Exception):
    """The survey cannot be answered now; ``status`` is what it is (not public, not open…)."""

    def __init__(self, message: str, status: SurveyStatus):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Submission:
    response: SurveyResponse
    folded: bool


def sender_fingerprint(*, survey_id: int, sender: str) -> str:
    """A keyed hash of the sender's address and the survey: the same sender is recognised on
    one survey, not across surveys, and the address itself is not kept (R26)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey:{survey_id}:{sender}".encode(), hashlib.sha256).hexdigest()


def _refuse_unless_open(survey: SurveyPage, version: SurveyPage | None, now: datetime) -> None:
    status = survey_status(survey=survey, now=now)
    if status == SurveyStatus.NOT_PUBLIC or version is None:
        raise SurveyUnavailable(str(NOT_PUBLIC), SurveyStatus.NOT_PUBLIC)
    if status == SurveyStatus.NOT_YET_OPEN:
        opens_at = timezone.localtime(version.opens_at).strftime("%Y-%m-%d %H:%M")
        raise SurveyUnavailable(str(NOT_YET_OPEN) % {"opens_at": opens_at}, status)
    if status == SurveyStatus.CLOSED:
        raise SurveyUnavailable(str(CLOSED), status)


def _locked(survey: SurveyPage) -> SurveyPage:
    """``survey`` read again under a lock on its page row: its submissions and its closing are
    decided one after another (the lock is on the base row: a joined one would be refused)."""
    list(Page.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True))
    return SurveyPage.objects.select_related("live_revision").get(pk=survey.pk)


@transaction.atomic
def survey_response_submit(
    *, survey: SurveyPage, answers: Any, sender: str, now: datetime | None = None
) -> Submission:
    """Store ``answers`` to ``survey`` from ``sender`` (an address), checked against the live
    revision's questions; a second submission from the same sender within ``FOLD_WINDOW`` is
    folded into the first (nothing stored). Raises ``SurveyUnavailable`` or
    ``ValidationError`` (by question id) and then stores nothing."""
    now = now or timezone.now()
    # One sender's submissions to one survey are decided one after another.
    survey = _locked(survey)
    version = survey_live_version(survey=survey)
    _refuse_unless_open(survey, version, now)
    cleaned = answers_check(questions=version.question_list(), answers=answers)
    fingerprint = sender_fingerprint(survey_id=survey.pk, sender=sender)
    earlier = (
        SurveyResponse.objects.filter(
            survey=survey, fingerprint=fingerprint, submitted_at__gte=now - FOLD_WINDOW
        )
        .order_by("-submitted_at")
        .first()
    )
    if earlier is not None:
        return Submission(earlier, folded=True)
    response = SurveyResponse.objects.create(
        survey=survey,
        revision_id=survey.live_revision_id,
        submitted_at=now,
        answers=cleaned,
        fingerprint=fingerprint,
    )
    return Submission(response, folded=False)


@transaction.atomic
def survey_close_now(
    *, survey: SurveyPage, user, reason: str, now: datetime | None = None
) -> SurveyClosure:
    """Close an open survey before its announced close: responses are refused from now on, its
    public detail says so, and its result is due a month from today (R24). Logged with the
    reason in the page's history."""
    reason = checked_reason(reason, CLOSE_REASON_REQUIRED)
    if not may_close(user, survey):
        raise PermissionDenied(CLOSE_NOT_ALLOWED)
    now = now or timezone.now()
    survey = _locked(survey)
    if survey_status(survey=survey, now=now) != SurveyStatus.OPEN:
        raise ValidationError(NOT_OPEN_TO_CLOSE, code="not_open")
    version = survey_live_version(survey=survey)
    announced = survey_closes_at(version=version)
    closure, _created = SurveyClosure.objects.update_or_create(
        survey=survey, defaults={"closed_at": now, "closed_by": user, "reason": reason}
    )
    log(
        instance=survey,
        action=CLOSE_LOG_ACTION,
        user=user,
        data={
            "reason": reason,
            "closed_at": now.isoformat(),
            "announced_close": announced.isoformat(),
        },
    )
    survey_closed.send(sender=SurveyPage, page_ids=[survey.pk])
    return closure
