"""Reads about surveys: whether one is open, which results are due (R24), and the tallies.

What counts is what the public was shown: the survey's live revision (its questions, its period
and its result summary), never a draft under review.
"""

import calendar
import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.utils import timezone

from cms.content import holds
from cms.content.models.columns import owning_unit_id, pages_in_reach
from cms.content.wagtail_internals import as_revision_says
from cms.organisation.access import units_in_reach
from cms.organisation.models import Role

from .models import SurveyClosure, SurveyPage, SurveyResponse
from .models.pages import CHOICE_TYPES, FREE_TEXT

# Who closes a survey before its time: those who answer for its column's content.
CLOSE_ROLES = frozenset(
    {Role.SITE_ADMIN, Role.SECTION_CHIEF, Role.DEPUTY_HEAD, Role.PRINCIPAL_HEAD}
)


class SurveyStatus(StrEnum):
    NOT_PUBLIC = "not_public"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def survey_live_version(*, survey: SurveyPage) -> SurveyPage | None:
    """``survey`` as its live revision says, or None when it is not live."""
    if not survey.live or survey.live_revision_id is None:
        return None
    return as_revision_says(survey, survey.live_revision.content)


def survey_closes_at(*, version: SurveyPage) -> datetime:
    """When ``version``'s survey closes or closed: its announced close, or an earlier close."""
    closure = SurveyClosure.objects.filter(survey_id=version.pk).first()
    if closure is not None and closure.closed_at < version.closes_at:
        return closure.closed_at
    return version.closes_at


def survey_status(*, survey: SurveyPage, now: datetime | None = None) -> SurveyStatus:
    """Whether the public may answer ``survey`` at ``now``; a filed survey (R22) is closed."""
    version = survey_live_version(survey=survey)
    if version is None:
        return SurveyStatus.NOT_PUBLIC
    now = now or timezone.now()
    if now < version.opens_at:
        return SurveyStatus.NOT_YET_OPEN
    if now >= survey_closes_at(version=version) or holds.is_held(survey):
        return SurveyStatus.CLOSED
    return SurveyStatus.OPEN


def one_month_after(day: date) -> date:
    """The same day a month later, or that month's last day (31 January → 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


@dataclass(frozen=True)
class ResultDue:
    """A closed survey whose result is not published, and how its month stands on ``today``."""

    survey: SurveyPage
    closed_on: date
    due_on: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def _results_due(today: date | None, user) -> list[ResultDue]:
    today = today or timezone.localdate()
    surveys = SurveyPage.objects.live().select_related("live_revision").order_by("path")
    if user is not None:
        surveys = surveys.filter(pages_in_reach(user))
    due = []
    for survey in surveys:
        version = survey_live_version(survey=survey)
        if version is None or version.result_published or holds.is_held(survey):
            continue
        closed_on = timezone.localdate(survey_closes_at(version=version))
        if closed_on > today:
            continue
        due_on = one_month_after(closed_on)
        due.append(ResultDue(version, closed_on, due_on, (due_on - today).days))
    return sorted(due, key=lambda entry: (entry.due_on, entry.survey.pk))


def surveys_awaiting_result(*, today: date | None = None, user=None) -> list[ResultDue]:
    """Every live survey closed on or before ``today`` (Asia/Shanghai) whose live revision has
    no result summary, soonest due first; overdue ones included (``days_left`` below zero).

    The result is due one calendar month after the close (R24); ``user`` limits the list to
    the surveys whose column's unit the user reaches. Filed surveys are left out: they are read
    only and can no longer publish anything."""
    return _results_due(today, user)


def surveys_result_overdue(*, today: date | None = None, user=None) -> list[ResultDue]:
    """Those of :func:`surveys_awaiting_result` past their month: ``today`` is after the day
    a month from the close. For monitoring (the veto lists of issue 20)."""
    return [entry for entry in _results_due(today, user) if entry.overdue]


def may_see_results(user, survey: SurveyPage) -> bool:
    """Staff whose roles reach the survey's column's unit read its responses (never public)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or owning_unit_id(survey) in units_in_reach(user)


def may_close(user, survey: SurveyPage) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return owning_unit_id(survey) in units_in_reach(user, CLOSE_ROLES)


@dataclass(frozen=True)
class Tally:
    responses: int
    questions: list[dict[str, Any]]


def survey_tally(*, version: SurveyPage) -> Tally:
    """Counts per option of each choice question of ``version`` (a survey as a revision says),
    and how many answered each free-text question; answers to options no longer offered are
    not counted."""
    questions = version.question_list()
    counts = {question["id"]: Counter() for question in questions}
    answered = Counter()
    total = 0
    for answers in SurveyResponse.objects.filter(survey_id=version.pk).values_list(
        "answers", flat=True
    ):
        total += 1
        for question_id, value in answers.items():
            if question_id not in counts:
                continue
            answered[question_id] += 1
            for option in value if isinstance(value, list) else [value]:
                counts[question_id][option] += 1
    tallied = []
    for question in questions:
        entry = {
            "id": question["id"],
            "type": question["type"],
            "text": question["text"],
            "answered": answered[question["id"]],
        }
        if question["type"] in CHOICE_TYPES:
            entry["options"] = [
                {"option": option, "count": counts[question["id"]][option]}
                for option in question["options"]
            ]
        tallied.append(entry)
    return Tally(responses=total, questions=tallied)


def survey_free_text_csv(*, version: SurveyPage) -> str:
    """The free-text answers of every response, one row per response, for staff (CSV).

    A cell that a spreadsheet would read as a formula is written with a leading apostrophe."""
    texts = [q for q in version.question_list() if q["type"] == FREE_TEXT]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "submitted_at", *[question["text"] for question in texts]])
    rows = SurveyResponse.objects.filter(survey_id=version.pk).order_by("submitted_at", "pk")
    for response in rows:
        cells = [str(response.answers.get(question["id"], "")) for question in texts]
        if not any(cells):
            continue
        when = timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow([response.pk, when, *[_inert(cell) for cell in cells]])
    return out.getvalue()


def _inert(cell: str) -> str:
    return "'" + cell if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else cell
