"""The survey's results page in the admin: the tally and the written answers for staff in
reach (never the public), and closing early with a reason."""

import csv
import io

import pytest
from wagtail.models import PageLogEntry

from knowledgebase.surveys.models import SurveyClosure, SurveyPage
from knowledgebase.surveys.services import CLOSE_LOG_ACTION, survey_response_submit
from tests import factories

from .conftest import ids, survey_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(staffed_site):
    survey = survey_draft(staffed_site.column)
    factories.publish_reviewed(survey.get_latest_revision())
    single, multiple, text = ids(survey)
    for number, (choice, channels, words) in enumerate(
        [
            ("满意", ["窗口"], '=HYPERLINK("http://x.example")'),
            ("满意", ["窗口", "网上"], "希望增加夜间窗口。"),
            ("不满意", [], ""),
        ]
    ):
        answers = {single: choice, multiple: channels}
        if words:
            answers[text] = words
        survey_response_submit(survey=survey, answers=answers, sender=f"10.0.0.{number}")
    return survey


def test_staff_in_reach_read_the_tally(client, staffed_site, answered):
    factories.login(client, staffed_site.people.author)
    page = client.get(f"/admin/surveys/{answered.pk}/").content.decode()
    assert "3 份答卷" in page
    assert "您对政务服务中心的服务是否满意？" in page
    assert "<td>满意</td><td>2</td>" in page
    assert "<td>不满意</td><td>1</td>" in page
    assert "<td>网上</td><td>1</td>" in page
    assert "2 条文字回答" in page
    # An information officer does not close a survey early.
    assert "提前结束调查" not in page


def test_the_written_answers_export_as_csv_for_staff_only(client, staffed_site, answered):
    factories.login(client, staffed_site.people.chief)
    response = client.get(f"/admin/surveys/{answered.pk}/free-text.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == "您的意见和建议"
    # A formula is written inert; a response without text is left out.
    assert [row[2] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x.example")',
        "希望增加夜间窗口。",
    ]

    factories.login(client, staffed_site.people.outsider_chief)
    assert client.get(f"/admin/surveys/{answered.pk}/free-text.csv").status_code in (302, 403)
    assert client.get(f"/admin/surveys/{answered.pk}/").status_code in (302, 403)
    client.logout()
    assert client.get(f"/admin/surveys/{answered.pk}/free-text.csv").status_code == 302


def test_a_head_closes_early_from_the_results_page(client, staffed_site, answered):
    factories.login(client, staffed_site.people.deputy)
    url = f"/admin/surveys/{answered.pk}/"
    assert "提前结束调查" in client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "请填写提前结束调查的原因。" in refused.content.decode()
    assert not SurveyClosure.objects.exists()
    response = client.post(url, {"reason": "已达到样本量"})
    assert response.status_code == 302
    closure = SurveyClosure.objects.get(survey=answered)
    assert (closure.closed_by, closure.reason) == (staffed_site.people.deputy, "已达到样本量")
    assert PageLogEntry.objects.filter(page=answered, action=CLOSE_LOG_ACTION).count() == 1
    history = client.get(f"/admin/pages/{answered.pk}/history/").content.decode()
    assert "提前结束调查：已达到样本量" in history
    # Closed: the form is gone and a second post is refused.
    assert "提前结束调查" not in client.get(url).content.decode().split("调查结果", 1)[-1]
    assert client.post(url, {"reason": "再次"}).status_code in (302, 403)
    assert SurveyClosure.objects.get(survey=answered).reason == "已达到样本量"
    assert PageLogEntry.objects.filter(page=answered, action=CLOSE_LOG_ACTION).count() == 1


def test_an_author_creates_a_survey_in_the_admin(client, staffed_site):
    column = staffed_site.column
    factories.login(client, staffed_site.people.author)
    url = f"/admin/pages/add/surveys/surveypage/{column.pk}/"
    data = factories.page_form(client, url)
    data.update(
        {
            "title": "关于公共自行车站点布局的意见征集",
            "slug": "zixingche-zhengji",
            "source": "某区政府办公室",
            "survey_kind": "solicitation",
            "opens_at": "2026-05-01 09:00",
            "closes_at": "2026-05-31 18:00",
            "questions-count": "1",
            "questions-0-type": "free_text",
            "questions-0-deleted": "",
            "questions-0-order": "0",
            "questions-0-value-text": "您的意见",
            "questions-0-value-max_length": "1000",
            "questions-0-value-required": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = SurveyPage.objects.get(slug="zixingche-zhengji")
    assert not survey.live
    assert survey.question_list()[0]["type"] == "free_text"
    assert survey.question_list()[0]["max_length"] == 1000

    # Closing before it opens is refused in the editor, in Chinese.
    data.update({"slug": "zixingche-2", "closes_at": "2026-04-01 18:00"})
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "调查的结束时间不能早于开始时间。" in refused.content.decode()


def test_a_column_offers_surveys_only_when_ticked(staffed_site):
    column = staffed_site.column
    column.item_types = ["content.NewsPage"]
    assert not SurveyPage.can_create_at(column)
    column.item_types = ["content.NewsPage", "surveys.SurveyPage"]
    assert SurveyPage.can_create_at(column)
