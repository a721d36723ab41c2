"""A staffed county site (tests/editorial/conftest.py) and surveys in its column."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page

from knowledgebase.surveys.models import SurveyPage
from tests.editorial.conftest import staffed_site  # noqa: F401  (a fixture)

SENDER = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail's site roots and the submission counters: nothing carried between tests."""
    cache.clear()
    yield
    cache.clear()


def questions(*, required_text: bool = False) -> list[dict]:
    """Three questions, one of each kind, as stored (block ids fixed by the test)."""
    return [
        {
            "type": "single_choice",
            "id": str(uuid.uuid4()),
            "value": {
                "text": "您对政务服务中心的服务是否满意？",
                "options": ["满意", "基本满意", "不满意"],
                "required": True,
            },
        },
        {
            "type": "multiple_choice",
            "id": str(uuid.uuid4()),
            "value": {
                "text": "您通过哪些渠道办事？",
                "options": ["窗口", "网上", "自助终端"],
                "required": False,
            },
        },
        {
            "type": "free_text",
            "id": str(uuid.uuid4()),
            "value": {"text": "您的意见和建议", "max_length": 200, "required": required_text},
        },
    ]


def survey_draft(column, title: str = "政务服务满意度调查", *, opens=None, closes=None, **fields):
    """A survey saved as a draft in ``column``, open from yesterday for a week by default."""
    now = timezone.now()
    page = SurveyPage(
        title=title,
        slug=f"survey-{Page.objects.count()}",
        live=False,
        source="某区政府办公室",
        body="<p>请参与调查。</p>",
        opens_at=opens or now - timedelta(days=1),
        closes_at=closes or now + timedelta(days=7),
        questions=json.dumps(questions()),
        **fields,
    )
    column.add_child(instance=page)
    page.save_revision()
    return page


def ids(survey) -> tuple[str, str, str]:
    """The ids of the single-choice, multiple-choice and free-text questions."""
    survey = SurveyPage.objects.get(pk=survey.pk)
    return tuple(block.id for block in survey.questions)


def responses_url(site, survey) -> str:
    return f"/api/v1/sites/{site.pk}/surveys/{survey.pk}/responses"


def tally_url(site, survey) -> str:
    return f"/api/v1/sites/{site.pk}/surveys/{survey.pk}/tally"


def respond(client, site, survey, answers, *, sender: str = SENDER, **extra):
    body = {"answers": answers, **extra}
    return client.post(
        responses_url(site, survey),
        data=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        REMOTE_ADDR=sender,
    )


def question_form_data(survey, **overrides) -> dict[str, str]:
    """What the editor posts for the survey's questions, ids kept (as the browser does)."""
    survey = SurveyPage.objects.get(pk=survey.pk)
    data = {"questions-count": str(len(survey.questions))}
    for index, block in enumerate(survey.questions):
        prefix = f"questions-{index}"
        data.update(
            {
                f"{prefix}-type": block.block_type,
                f"{prefix}-id": block.id,
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(index),
                f"{prefix}-value-text": block.value["text"],
            }
        )
        if block.value["required"]:
            data[f"{prefix}-value-required"] = "on"
        if block.block_type == "free_text":
            data[f"{prefix}-value-max_length"] = str(block.value["max_length"])
        else:
            options = list(block.value["options"])
            data[f"{prefix}-value-options-count"] = str(len(options))
            for number, option in enumerate(options):
                item = f"{prefix}-value-options-{number}"
                data.update(
                    {
                        f"{item}-value": option,
                        f"{item}-deleted": "",
                        f"{item}-order": str(number),
                        f"{item}-id": str(uuid.uuid4()),
                    }
                )
    data.update(overrides)
    return data


def draftail(text: str) -> str:
    """A rich text as Draftail posts it."""
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}}, ensure_ascii=False)
