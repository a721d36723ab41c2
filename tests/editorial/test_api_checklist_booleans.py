"""Issue 19, item 11: the editorial API's checklist takes JSON booleans only.

A string such as "yes", a number or null is not an answer to a question of 三审三校: the request is
refused with a Chinese 400 naming the question, and nothing is decided.
"""

import pytest
from django.utils.translation import gettext

from editorial.checklist import REVIEW_QUESTIONS
from editorial.stages import Stage
from editorialapi import api as editorial_api

from .test_api import Client, _in_stage, _review_records, approval, said

pytestmark = pytest.mark.django_db

LABELS = dict(REVIEW_QUESTIONS)


@pytest.mark.parametrize("answer", ["yes", "true", "on", "1", 1, 0, None, [], {}])
def test_an_answer_that_is_not_a_json_boolean_is_refused_naming_the_question(
    client, staffed_site, answer
):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    payload = approval(Stage.FIRST_REVIEW)
    payload["checklist"]["lawful"] = answer
    response = Client(client, staffed_site.people.officer).post(
        f"/items/{item.pk}/approval", payload
    )
    assert response.status_code == 400, response.content
    assert said(response) == gettext("Invalid request parameters.")
    message = response.json()["fields"]["lawful"]
    assert message == str(editorial_api.NOT_A_BOOLEAN_ANSWER) % {"question": LABELS["lawful"]}
    assert str(LABELS["lawful"]) in message and "true" in message
    assert "必须" in message  # in Chinese
    assert list(response.json()["fields"]) == ["lawful"]
    assert _review_records(item) == before


def test_json_booleans_are_still_the_answers(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    officer = Client(client, staffed_site.people.officer)
    payload = approval(Stage.FIRST_REVIEW)
    payload["checklist"]["lawful"] = False
    assert officer.post(f"/items/{item.pk}/approval", payload).status_code == 422
    response = officer.approve(item)
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.SECOND_REVIEW
