"""Answering a survey through the public API: what is stored, what is refused and why."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from knowledgebase.surveys import answers as messages
from knowledgebase.surveys import services
from knowledgebase.surveys.models import SurveyClosure, SurveyPage, SurveyResponse
from publicapi import schemas
from publicapi.surveys import SurveyReceipt
from tests import factories
from tests.publicapi import builders
from tests.publicapi.contract import PublicApi, assert_valid

from .conftest import ids, respond, survey_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_survey(staffed_site, django_capture_on_commit_callbacks):
    """A survey published as a completed review publishes it (the chain: test_review.py)."""
    survey = survey_draft(staffed_site.column)
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish_reviewed(survey.get_latest_revision())
    return survey


def _refusal(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_valid_answers_are_stored_without_the_address(client, staffed_site, live_survey):
    single, multiple, text = ids(live_survey)
    answers = {single: "基本满意", multiple: ["网上", "窗口"], text: "  希望延长周末服务时间。 "}
    response = respond(client, staffed_site.site, live_survey, answers)
    assert response.status_code == 201
    assert_valid(response.content, SurveyReceipt)
    assert response.json()["message"] == "感谢参与，您的答卷已收到。"
    stored = SurveyResponse.objects.get()
    # Options in the question's order; text stripped; the address is nowhere.
    assert stored.answers == {
        single: "基本满意",
        multiple: ["窗口", "网上"],
        text: "希望延长周末服务时间。",
    }
    assert stored.revision_id == live_survey.get_latest_revision().pk
    assert "203.0.113.7" not in stored.fingerprint
    assert len(stored.fingerprint) == 64


def test_optional_questions_may_be_left_out(client, staffed_site, live_survey):
    single, _multiple, _text = ids(live_survey)
    assert respond(client, staffed_site.site, live_survey, {single: "满意"}).status_code == 201
    assert SurveyResponse.objects.get().answers == {single: "满意"}


@pytest.mark.parametrize(
    "make_answers, field, message",
    [
        (
            lambda s, m, t: {s: "满意", "no-such-question": "x"},
            "no-such-question",
            messages.UNKNOWN_QUESTION,
        ),
        (lambda s, m, t: {m: ["网上"]}, "s", messages.ANSWER_REQUIRED),
        (lambda s, m, t: {s: "   "}, "s", messages.ANSWER_REQUIRED),
        (
            lambda s, m, t: {s: "非常满意"},
            "s",
            messages.OPTION_NOT_OFFERED % {"option": "非常满意"},
        ),
        (lambda s, m, t: {s: ["满意"]}, "s", messages.ONE_OPTION),
        (lambda s, m, t: {s: "满意", m: "网上"}, "m", messages.OPTIONS_LIST),
        (lambda s, m, t: {s: "满意", m: ["网上", "网上"]}, "m", messages.OPTION_TWICE),
        (
            lambda s, m, t: {s: "满意", m: ["电话"]},
            "m",
            messages.OPTION_NOT_OFFERED % {"option": "电话"},
        ),
        (
            lambda s, m, t: {s: "满意", t: "很" * 201},
            "t",
            messages.TEXT_TOO_LONG % {"limit": 200, "length": 201},
        ),
        (lambda s, m, t: {s: "满意", t: "<script>alert(1)</script>"}, "t", messages.NO_MARKUP),
        (
            lambda s, m, t: {s: "满意", t: '好<a href="http://x.example">链接</a>'},
            "t",
            messages.NO_MARKUP,
        ),
        (lambda s, m, t: {s: "满意", t: "好\x00"}, "t", messages.NO_CONTROL),
        (lambda s, m, t: {s: "满意", t: 5}, "t", messages.TEXT_EXPECTED),
    ],
    ids=[
        "unknown-question",
        "required-missing",
        "required-blank",
        "option-not-offered",
        "list-for-single",
        "text-for-multiple",
        "option-twice",
        "multiple-not-offered",
        "text-too-long",
        "script",
        "link-markup",
        "control-character",
        "number-for-text",
    ],
)
def test_bad_answers_are_refused_in_chinese_and_nothing_is_stored(
    client, staffed_site, live_survey, make_answers, field, message
):
    single, multiple, text = ids(live_survey)
    names = {"s": single, "m": multiple, "t": text}
    response = respond(client, staffed_site.site, live_survey, make_answers(single, multiple, text))
    assert response.status_code == 400
    body = _refusal(response)
    assert_valid(response.content, schemas.Error)
    assert body["detail"] == "部分答案无效，本次提交未保存。"
    assert body["fields"] == {f"answers.{names.get(field, field)}": str(message)}
    assert not SurveyResponse.objects.exists()


def test_text_with_a_less_than_sign_is_plain_text(client, staffed_site, live_survey):
    single, _multiple, text = ids(live_survey)
    answers = {single: "满意", text: "等候时间 <5 分钟，3<4"}
    assert respond(client, staffed_site.site, live_survey, answers).status_code == 201


@pytest.mark.parametrize(
    "body, field",
    [(b"not json", "body"), (b"[1, 2]", "body"), (b'{"website": ""}', "answers")],
    ids=["not-json", "not-an-object", "no-answers"],
)
def test_a_malformed_body_is_refused_in_chinese(client, staffed_site, live_survey, body, field):
    url = f"/api/v1/sites/{staffed_site.site.pk}/surveys/{live_survey.pk}/responses"
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求参数无效。"
    assert field in response.json()["fields"]
    assert not SurveyResponse.objects.exists()


def test_the_honeypot_is_thanked_and_forgotten(client, staffed_site, live_survey):
    single, _multiple, _text = ids(live_survey)
    response = respond(
        client, staffed_site.site, live_survey, {single: "满意"}, website="http://spam.example"
    )
    assert response.status_code == 201
    assert not SurveyResponse.objects.exists()


def test_a_second_response_from_one_address_within_minutes_is_folded(
    client, staffed_site, live_survey
):
    single, _multiple, _text = ids(live_survey)
    site = staffed_site.site
    first = respond(client, site, live_survey, {single: "满意"})
    again = respond(client, site, live_survey, {single: "不满意"})
    assert first.status_code == again.status_code == 201
    assert first.json()["received_at"] == again.json()["received_at"]
    assert SurveyResponse.objects.get().answers == {single: "满意"}
    other = respond(client, site, live_survey, {single: "不满意"}, sender="198.51.100.20")
    assert other.status_code == 201
    assert SurveyResponse.objects.count() == 2


def test_the_fold_ends_after_its_window(staffed_site, live_survey):
    single, _multiple, _text = ids(live_survey)
    now = timezone.now()
    first = services.survey_response_submit(
        survey=live_survey, answers={single: "满意"}, sender="a", now=now
    )
    later = services.survey_response_submit(
        survey=live_survey,
        answers={single: "满意"},
        sender="a",
        now=now + services.FOLD_WINDOW + timedelta(seconds=1),
    )
    assert not first.folded and not later.folded
    assert SurveyResponse.objects.count() == 2


def test_one_address_is_throttled(client, staffed_site, live_survey, settings):
    settings.SURVEYS_SUBMIT_RATE = "3/600"
    single, _multiple, _text = ids(live_survey)
    statuses = [
        respond(client, staffed_site.site, live_survey, {single: "满意"}).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    refused = respond(client, staffed_site.site, live_survey, {single: "满意"})
    assert refused.json()["detail"] == "您的提交过于频繁，请几分钟后再试。"
    # Another address is not held back.
    other = respond(client, staffed_site.site, live_survey, {single: "满意"}, sender="192.0.2.1")
    assert other.status_code == 201


def test_a_draft_or_unreviewed_survey_cannot_be_answered(client, staffed_site):
    survey = survey_draft(staffed_site.column)
    single, _multiple, _text = ids(survey)
    response = respond(client, staffed_site.site, survey, {single: "满意"})
    assert response.status_code == 404
    assert response.json()["detail"] == "没有该调查，或该调查未公开。"
    # Nor through the service, whatever a caller passes.
    with pytest.raises(services.SurveyUnavailable):
        services.survey_response_submit(survey=survey, answers={single: "满意"}, sender="x")
    assert not SurveyResponse.objects.exists()


def test_a_survey_of_another_site_or_another_type_is_not_found(client, staffed_site, live_survey):
    single, _multiple, _text = ids(live_survey)
    other_site = factories.site("另一个站点")
    assert respond(client, other_site, live_survey, {single: "满意"}).status_code == 404
    news = factories.news(staffed_site.column, "一条新闻")
    assert respond(client, staffed_site.site, news, {single: "满意"}).status_code == 404
    url = f"/api/v1/sites/{staffed_site.site.pk}/surveys/{2**70}/responses"
    response = client.post(url, data=b'{"answers": {}}', content_type="application/json")
    assert response.status_code == 404


def test_before_it_opens_responses_are_refused(
    client, staffed_site, django_capture_on_commit_callbacks
):
    now = timezone.now()
    survey = survey_draft(
        staffed_site.column, opens=now + timedelta(days=2), closes=now + timedelta(days=9)
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish_reviewed(survey.get_latest_revision())
    single, _multiple, _text = ids(survey)
    response = respond(client, staffed_site.site, survey, {single: "满意"})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("该调查尚未开始，将于 ")
    assert not SurveyResponse.objects.exists()


def test_after_its_close_responses_are_refused(
    client, staffed_site, django_capture_on_commit_callbacks
):
    now = timezone.now()
    survey = survey_draft(
        staffed_site.column, opens=now - timedelta(days=9), closes=now - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish_reviewed(survey.get_latest_revision())
    single, _multiple, _text = ids(survey)
    response = respond(client, staffed_site.site, survey, {single: "满意"})
    assert response.status_code == 409
    assert response.json()["detail"] == "该调查已结束，不再接受答卷。"
    assert not SurveyResponse.objects.exists()


def test_closing_early_refuses_responses_is_logged_and_shown(
    client, staffed_site, live_survey, django_capture_on_commit_callbacks
):
    single, _multiple, _text = ids(live_survey)
    site = staffed_site.site
    assert respond(client, site, live_survey, {single: "满意"}).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        closure = services.survey_close_now(
            survey=live_survey, user=staffed_site.people.webmaster, reason="已收集到足够意见"
        )
    later = respond(client, site, live_survey, {single: "满意"}, sender="198.51.100.9")
    assert later.status_code == 409
    assert later.json()["detail"] == "该调查已结束，不再接受答卷。"
    assert SurveyResponse.objects.count() == 1
    entry = PageLogEntry.objects.get(page=live_survey, action=services.CLOSE_LOG_ACTION)
    assert entry.user == staffed_site.people.webmaster
    assert entry.data["reason"] == "已收集到足够意见"
    detail = PublicApi(client).detail(site.pk, live_survey.pk)
    assert detail["closed_early_at"] is not None
    assert detail["closed_early_at"][:16] == timezone.localtime(closure.closed_at).isoformat()[:16]
    # Closed once: closing again is refused.
    with pytest.raises(Exception) as refused:
        services.survey_close_now(
            survey=live_survey, user=staffed_site.people.webmaster, reason="再次结束"
        )
    assert str(services.NOT_OPEN_TO_CLOSE) in str(refused.value)


def test_only_the_owning_units_heads_close_early(staffed_site, live_survey):
    for person in (staffed_site.people.author, staffed_site.people.outsider_chief):
        with pytest.raises(Exception) as refused:
            services.survey_close_now(survey=live_survey, user=person, reason="想结束")
        assert str(services.CLOSE_NOT_ALLOWED) in str(refused.value)
    with pytest.raises(Exception) as no_reason:
        services.survey_close_now(survey=live_survey, user=staffed_site.people.deputy, reason=" ")
    assert str(services.CLOSE_REASON_REQUIRED) in str(no_reason.value)
    assert not SurveyClosure.objects.exists()


def test_answers_are_checked_against_the_live_revision_not_a_draft(
    client, staffed_site, live_survey
):
    single, _multiple, _text = ids(live_survey)
    draft = SurveyPage.objects.get(pk=live_survey.pk)
    raw = draft.questions.raw_data
    raw[0]["value"]["options"] = [*raw[0]["value"]["options"], "非常满意"]
    draft.questions = raw
    draft.save_revision()
    # And a row changed below save(): still not what review cleared.
    SurveyPage.objects.filter(pk=live_survey.pk).update(questions=draft.questions)
    assert "非常满意" in SurveyPage.objects.get(pk=live_survey.pk).question_list()[0]["options"]
    refused = respond(client, staffed_site.site, live_survey, {single: "非常满意"})
    assert refused.status_code == 400
    assert not SurveyResponse.objects.exists()
    assert respond(client, staffed_site.site, live_survey, {single: "满意"}).status_code == 201


def test_a_survey_behind_a_view_restriction_is_not_answered(
    client, staffed_site, live_survey, django_capture_on_commit_callbacks
):
    single, _multiple, _text = ids(live_survey)
    with django_capture_on_commit_callbacks(execute=True):
        builders.restrict(staffed_site.column)
    response = respond(client, staffed_site.site, live_survey, {single: "满意"})
    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_browser_posts_without_a_csrf_token(staffed_site, live_survey):
    """The public API keeps no session: a frontend on another origin posts plain JSON."""
    single, _multiple, _text = ids(live_survey)
    browser = Client(enforce_csrf_checks=True)
    assert respond(browser, staffed_site.site, live_survey, {single: "满意"}).status_code == 201
