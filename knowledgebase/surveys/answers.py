"""Checking a sender's answers against a survey's questions, before anything is stored.

The questions are those of the survey's live revision (``SurveyPage.question_list``). Every
problem is reported, one message per question, so a form can show them all at once.
"""

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models.pages import CHOICE_TYPES, FREE_TEXT, MULTIPLE_CHOICE, SINGLE_CHOICE

ANSWERS_NOT_AN_OBJECT = _("The answers must be an object naming each question by its id.")
UNKNOWN_QUESTION = _("This survey has no such question.")
ANSWER_REQUIRED = _("This question must be answered.")
ONE_OPTION = _("Choose one of the options offered.")
OPTIONS_LIST = _("Give the options chosen as a list.")
OPTION_NOT_OFFERED = _("“%(option)s” is not one of the options offered.")
OPTION_TWICE = _("An option is chosen twice.")
TEXT_EXPECTED = _("Answer in text.")
TEXT_TOO_LONG = _("At most %(limit)d characters (this answer has %(length)d).")
NO_MARKUP = _("Write plain text: HTML tags and scripts are not accepted.")
NO_CONTROL = _("The text holds control characters; write plain text.")

# A tag, a comment or a declaration: ``<p>``, ``</a>``, ``<!--``, ``<script`` (not ``< 5`` or
# ``<5岁``, which citizens write).
MARKUP = re.compile(r"<\s*[/!?]?\s*[A-Za-z]")
KEEP = {"\n", "\r", "\t"}


def _is_control(char: str) -> bool:
    return char not in KEEP and unicodedata.category(char) in {"Cc", "Cs", "Co"}


def _text_problem(value: Any, limit: int):
    if not isinstance(value, str):
        return TEXT_EXPECTED
    if len(value) > limit:
        return TEXT_TOO_LONG % {"limit": limit, "length": len(value)}
    if MARKUP.search(value):
        return NO_MARKUP
    if any(_is_control(char) for char in value):
        return NO_CONTROL
    return None


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def answers_check(*, questions: list[dict[str, Any]], answers: Any) -> dict[str, Any]:
    """``answers`` cleaned (text stripped, unanswered optional questions left out), or a
    ``ValidationError`` whose ``message_dict`` names each question by its id."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [ANSWERS_NOT_AN_OBJECT]})
    by_id = {question["id"]: question for question in questions}
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for key in answers:
        if key not in by_id:
            errors[str(key)[:64]] = [UNKNOWN_QUESTION]
    for question_id, question in by_id.items():
        value = answers.get(question_id)
        if _blank(value):
            if question["required"]:
                errors[question_id] = [ANSWER_REQUIRED]
            continue
        problem, value = _problem(question, value)
        if problem is not None:
            errors[question_id] = [problem]
        else:
            cleaned[question_id] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _problem(question: dict[str, Any], value: Any):
    kind = question["type"]
    if kind == SINGLE_CHOICE:
        if not isinstance(value, str):
            return ONE_OPTION, value
        if value not in question["options"]:
            return OPTION_NOT_OFFERED % {"option": value[:50]}, value
        return None, value
    if kind == MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return OPTIONS_LIST, value
        missing = next((item for item in value if item not in question["options"]), None)
        if missing is not None:
            return OPTION_NOT_OFFERED % {"option": missing[:50]}, value
        if len(set(value)) != len(value):
            return OPTION_TWICE, value
        # In the order the question offers them: the same choice is stored the same way.
        return None, [option for option in question["options"] if option in value]
    if kind == FREE_TEXT:
        problem = _text_problem(value, question["max_length"])
        return problem, value.strip() if problem is None else value
    return UNKNOWN_QUESTION, value


__all__ = ["CHOICE_TYPES", "answers_check"]
