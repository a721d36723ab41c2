"""The citizen's services on the public website, over HTTP against the real platform: asking
the knowledge base, the published replies and the year's figures, answering a survey."""

from datetime import datetime

import requests

from .conftest import api
from .platform import PORTAL_ID
from .test_http import assert_clean_chinese_page, page, path_of, soup


def test_a_question_the_knowledge_base_answers(platform):
    question = "法律援助怎么申请"
    asked = api(platform, f"/sites/{PORTAL_ID}/ask", q=question)
    assert asked["answered"]
    document = assert_clean_chinese_page(page(platform, "/ask/", params={"q": question}), 200)
    links = [path_of(a["href"]) for a in document.select("ol.answers h2 a[href]")]
    assert links == [answer["item"]["url_path"] for answer in asked["answers"]]


def test_a_question_it_cannot_answer_leads_to_the_mailboxes(platform):
    document = assert_clean_chinese_page(page(platform, "/ask/", params={"q": "火星移民签证"}), 200)
    box = document.select_one(".no-answer")
    assert box is not None
    assert any(path_of(a["href"]) == "/mailbox/" for a in box.select("a[href]"))
    # Nothing to ask, or too much: the page, with the API's own reason, never a fault.
    for q in ("", "问" * 300):
        assert_clean_chinese_page(page(platform, "/ask/", params={"q": q}), 200)


def test_published_replies_and_the_years_figures(platform):
    exchanges = api(platform, f"/sites/{PORTAL_ID}/exchanges")
    assert exchanges["count"] > 0, "the demo publishes exchanges"
    document = assert_clean_chinese_page(page(platform, "/mailbox/replies/"), 200)
    shown = [h.get_text(strip=True) for h in document.select("ol.exchanges h2")]
    assert shown == [exchange["subject"] for exchange in exchanges["items"]]
    text = document.get_text(" ", strip=True)
    assert exchanges["items"][0]["reply"] in text
    assert_clean_chinese_page(page(platform, "/mailbox/replies/", params={"page": "99"}), 404)
    figures = assert_clean_chinese_page(page(platform, "/mailbox/"), 200)
    received = figures.select_one(".mailbox-statistics .figures dd")
    assert received is not None and received.get_text(strip=True).isdigit()


def _closed_survey(platform) -> dict:
    now = datetime.now().astimezone()
    for survey in api(platform, f"/sites/{PORTAL_ID}/pages", type="survey")["items"]:
        if now >= datetime.fromisoformat(survey["closed_early_at"] or survey["closes_at"]):
            return survey
    raise AssertionError("the demo has a closed survey")


def test_a_survey_is_answered_from_its_page(platform, demo):
    survey = api(platform, f"/sites/{PORTAL_ID}/pages/{demo.open_survey['id']}")
    closed = _closed_survey(platform)
    closed_page = assert_clean_chinese_page(page(platform, closed["url_path"]), 200)
    assert closed_page.select_one(".survey-closed") is not None
    assert closed_page.select_one(".survey-form form") is None

    session = requests.Session()
    form_page = soup(session.get(platform.portal_url + survey["url_path"], timeout=15))
    form = form_page.select_one(".survey-form form")
    assert form is not None
    # Every question is a field, its radio and check boxes grouped under a legend.
    for question in survey["questions"]:
        assert form.select(f'[name="{question["id"]}"]'), question
    assert len(form.select("fieldset legend")) == sum(
        question["type"] != "free_text" for question in survey["questions"]
    )
    action = platform.portal_url + form["action"]
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    headers = {"Referer": platform.portal_url + survey["url_path"]}

    # A required question left out: the page again (400), the reason beside the question.
    refused = session.post(action, data={"csrfmiddlewaretoken": token}, headers=headers)
    document = assert_clean_chinese_page(refused, 400)
    assert document.select(".survey-form .field-error")

    answers = {"csrfmiddlewaretoken": token}
    for question in survey["questions"]:
        if question["type"] == "free_text":
            answers[question["id"]] = "希望延长周末的办事时间。"
        else:
            answers[question["id"]] = question["options"][0]
    accepted = session.post(action, data=answers, headers=headers)
    document = assert_clean_chinese_page(accepted, 200)
    assert document.select_one(".survey-form") is None
    receipt = document.select_one("p.sent[role=status]")
    assert receipt is not None and receipt.get_text(strip=True)
    assert accepted.headers["Cache-Control"] == "no-store"

    # Without the form's token the answer is refused in Chinese (403) and not sent.
    forged = requests.post(action, data=answers, timeout=15, headers=headers)
    assert_clean_chinese_page(forged, 403)
