"""A survey goes live, and its result is published, only through the review chain (R24, R18)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from wagtail.models import Page

from editorial import dbguards
from knowledgebase.surveys.models import SurveyPage
from tests.editorial import flow
from tests.publicapi.contract import PublicApi

from .conftest import draftail, question_form_data, respond, survey_draft, tally_url

pytestmark = pytest.mark.django_db


def test_a_survey_goes_live_through_review_and_its_result_too(
    client, staffed_site, django_capture_on_commit_callbacks
):
    site = staffed_site.site
    survey = survey_draft(staffed_site.column)
    api = PublicApi(client)
    api.detail(site.pk, survey.pk, status=404)

    with django_capture_on_commit_callbacks(execute=True):
        flow.through_the_chain(client, staffed_site, survey, **question_form_data(survey))
    client.logout()

    detail = api.detail(site.pk, survey.pk)
    assert detail["type"] == "survey"
    assert detail["survey_kind"] == {"code": "survey", "label": "调查"}
    assert detail["result_published"] is False
    assert detail["result_summary"] is None
    assert [q["type"] for q in detail["questions"]] == [
        "single_choice",
        "multiple_choice",
        "free_text",
    ]
    assert detail["questions"][0]["options"] == ["满意", "基本满意", "不满意"]
    listed = api.listing(site.pk, type="survey")["items"]
    assert [item["id"] for item in listed] == [survey.pk]
    # The question ids the public answers by are those of the live revision.
    single = detail["questions"][0]["id"]
    assert respond(client, site, survey, {single: "满意"}).status_code == 201
    api.get(tally_url(site, survey), status=404)

    # The result summary is a new version: not public while it is reviewed.
    result = draftail("共收到有效问卷1份，满意率100%。")
    changes = {**question_form_data(survey), "result_summary": result}
    assert flow.submit(client, staffed_site.people.author, survey, **changes).status_code == 302
    client.logout()
    assert api.detail(site.pk, survey.pk)["result_published"] is False
    api.get(tally_url(site, survey), status=404)
    flow.act(client, staffed_site.people.officer, survey, "reject")
    with django_capture_on_commit_callbacks(execute=True):
        flow.through_the_chain(client, staffed_site, survey, **changes)
    client.logout()

    detail = api.detail(site.pk, survey.pk)
    assert detail["result_published"] is True
    assert "满意率100%" in detail["result_summary"]
    # The questions kept their ids through the edits.
    assert detail["questions"][0]["id"] == single
    tally = api.json(tally_url(site, survey))
    assert tally["responses"] == 1
    assert tally["questions"][0]["options"] == [
        {"option": "满意", "count": 1},
        {"option": "基本满意", "count": 0},
        {"option": "不满意", "count": 0},
    ]
    # Choice questions only: free text is never public.
    assert [question["type"] for question in tally["questions"]] == [
        "single_choice",
        "multiple_choice",
    ]
    assert tally["questions"][1]["answered"] == 0
    assert SurveyPage.objects.get(pk=survey.pk).result_published


def test_nothing_puts_an_unreviewed_survey_live(staffed_site):
    """The gate refuses a publish without review; the database refuses an update that skips
    Python (editorial/dbguards.py knows the survey table)."""
    survey = survey_draft(staffed_site.column)
    revision = survey.get_latest_revision()
    with pytest.raises((PermissionDenied, DatabaseError)), transaction.atomic():
        revision.publish()
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        Page.objects.filter(pk=survey.pk).update(live=True, live_revision=revision)
    assert dbguards.is_refusal(caught.value)
    stored = Page.objects.get(pk=survey.pk)
    assert (stored.live, stored.live_revision_id) == (False, None)
