"""Surveys and solicitations (征集调查, R24) for the public: answering one, and its tally once
the result is published. The survey itself — its questions, period and result summary — is a
page of the read model, served by the page routes. Joined to the public API at start-up."""

import json
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema
from pydantic import ValidationError as PydanticValidationError
from wagtail.models import Page

from knowledgebase.surveys import services as survey_services
from knowledgebase.surveys.models import SurveyPage
from knowledgebase.surveys.selectors import SurveyStatus, survey_live_version, survey_tally
from knowledgebase.surveys.signals import survey_closed

from . import schemas, selectors, services
from .api import READ, error_response
from .errors import field_messages
from .models import PublicPage
from .representation import iso_time
from .throttling import AddressRate, client_address

router = Router(tags=["surveys"])

NO_SUCH_SURVEY = gettext_lazy("No such survey, or it is not public.")
RESULT_NOT_PUBLISHED = gettext_lazy(
    "The result of this survey is not published yet; the tally is shown with it."
)
TOO_MANY = gettext_lazy("Too many submissions from your address; try again in a few minutes.")
INVALID_ANSWERS = gettext_lazy("Some answers are not valid; nothing was stored.")
NOT_JSON = gettext_lazy("The body must be a JSON object.")
RECEIVED = gettext_lazy("Thank you: your response was received.")
MAX_BODY = 200_000


class SurveyAnswers(Schema):
    answers: dict[str, Any] = Field(
        description="By question id (``questions[].id`` of the survey's detail): the option "
        "chosen (single choice, a string), the options chosen (multiple choice, a list of "
        "strings) or the text (free text, plain text without HTML). Optional questions may be "
        "left out."
    )
    website: str = Field(
        "", max_length=200, description="Leave empty: a field for robots, which fill in all."
    )


class SurveyReceipt(Schema):
    received_at: datetime
    message: str


class OptionCount(Schema):
    option: str
    count: int


class TallyQuestion(Schema):
    id: str
    type: Literal["single_choice", "multiple_choice"]
    text: str
    answered: int = Field(description="Responses that answered this question.")
    options: list[OptionCount]


class SurveyTally(Schema):
    survey: int
    responses: int
    questions: list[TallyQuestion] = Field(description="Choice questions only; free text never.")


def _survey_row(site_id: int, page_id: int) -> PublicPage | None:
    if not selectors.storable(site_id, page_id):
        return None
    return PublicPage.objects.filter(site_id=site_id, page_id=page_id, type="survey").first()


def _receipt(when: datetime) -> HttpResponse:
    payload = {"received_at": iso_time(when), "message": str(RECEIVED)}
    return JsonResponse(payload, status=201, json_dumps_params={"ensure_ascii": False})


def _read_body(request) -> tuple[SurveyAnswers | None, HttpResponse | None]:
    if len(request.body) > MAX_BODY:
        return None, error_response(_("Invalid request parameters."), 400, {"body": str(NOT_JSON)})
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return None, error_response(_("Invalid request parameters."), 400, {"body": str(NOT_JSON)})
    try:
        return SurveyAnswers.model_validate(data), None
    except PydanticValidationError as exc:
        return None, error_response(
            _("Invalid request parameters."), 400, field_messages(exc.errors())
        )


BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": SurveyAnswers.model_json_schema()}},
    }
}


@router.post(
    "/sites/{site_id}/surveys/{page_id}/responses",
    response={
        201: SurveyReceipt,
        400: schemas.Error,
        404: schemas.Error,
        409: schemas.Error,
        429: schemas.Error,
    },
    openapi_extra=BODY,
    throttle=AddressRate("survey-submit", "SURVEYS_SUBMIT_RATE", TOO_MANY),
)
def survey_respond(request, site_id: int, page_id: int):
    """Answer a survey that is open (201). Answers are checked against its questions: an
    unknown question, a required one left out, an option not offered, text too long or holding
    HTML — 400 naming each question (``answers.<id>``), nothing stored. A survey not yet open or
    closed: 409. One address may submit a few times in some minutes (429 beyond); a second
    response from it to one survey within minutes is the same response."""
    sender = client_address(request)
    body, refusal = _read_body(request)
    if refusal is not None:
        return refusal
    row = _survey_row(site_id, page_id)
    if row is None:
        return error_response(str(NO_SUCH_SURVEY), 404)
    if body.website:
        # A robot: thanked as anyone, and nothing is kept.
        return _receipt(timezone.now())
    survey = SurveyPage.objects.filter(pk=page_id).first()
    try:
        submission = survey_services.survey_response_submit(
            survey=survey, answers=body.answers, sender=sender
        )
    except survey_services.SurveyUnavailable as refused:
        status = 404 if refused.status == SurveyStatus.NOT_PUBLIC else 409
        return error_response(refused.message, status)
    except ValidationError as invalid:
        fields = {
            f"answers.{key}" if key != "answers" else key: str(messages[0])
            for key, messages in invalid.message_dict.items()
        }
        return error_response(str(INVALID_ANSWERS), 400, fields)
    return _receipt(submission.response.submitted_at)


@router.api_operation(
    READ,
    "/sites/{site_id}/surveys/{page_id}/tally",
    response={200: SurveyTally, 404: schemas.Error},
)
def survey_result_tally(request, site_id: int, page_id: int):
    """The counts per option of each choice question, once the result is published with the
    survey's reviewed result summary; before that, 404 saying so. Free-text answers are never
    public."""
    row = _survey_row(site_id, page_id)
    survey = SurveyPage.objects.filter(pk=page_id).first() if row is not None else None
    version = survey_live_version(survey=survey) if survey is not None else None
    if version is None:
        return error_response(str(NO_SUCH_SURVEY), 404)
    if not version.result_published:
        return error_response(str(RESULT_NOT_PUBLISHED), 404)
    tally = survey_tally(version=version)
    payload = {
        "survey": version.pk,
        "responses": tally.responses,
        "questions": [question for question in tally.questions if question["type"] != "free_text"],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@receiver(survey_closed)
def on_survey_closed(sender, page_ids, **kwargs):
    """A survey closed early says so in its public detail from the commit on."""

    def refresh():
        for page in Page.objects.filter(pk__in=list(page_ids)):
            services.public_page_refresh(page)

    transaction.on_commit(refresh)
