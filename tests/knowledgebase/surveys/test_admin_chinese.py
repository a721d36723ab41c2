"""The survey's admin pages speak Chinese (the rule of tests/test_admin_chinese.py, which does
not open these pages): the dashboard's warning, the results page, the editor of a survey, its
creation form and its history with an early close."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledgebase.surveys.services import survey_close_now, survey_response_submit
from tests import factories
from tests.test_admin_chinese import SITES_COLUMNS, WAGTAIL_DATA, english

from .conftest import ids, survey_draft

pytestmark = pytest.mark.django_db


def test_the_survey_pages_of_the_admin_speak_chinese(client, staffed_site):
    now = timezone.now()
    column = staffed_site.column
    closed = survey_draft(
        column, "已结束的调查", opens=now - timedelta(days=60), closes=now - timedelta(days=40)
    )
    factories.publish_reviewed(closed.get_latest_revision())
    survey = survey_draft(column)
    factories.publish_reviewed(survey.get_latest_revision())
    single, multiple, text = ids(survey)
    survey_response_submit(
        survey=survey, answers={single: "满意", multiple: ["网上"], text: "很好"}, sender="x"
    )
    people = staffed_site.people
    allowed = {person.get_username() for person in vars(people).values()}
    allowed |= WAGTAIL_DATA | SITES_COLUMNS
    found: dict[str, str] = {}
    factories.login(client, people.deputy)
    urls = [
        "/admin/",
        f"/admin/surveys/{survey.pk}/",
        f"/admin/pages/{closed.pk}/edit/",
        f"/admin/pages/{survey.pk}/edit/",
        f"/admin/pages/add/surveys/surveypage/{column.pk}/",
    ]
    pages = {url: client.get(url) for url in urls}
    survey_close_now(survey=survey, user=people.deputy, reason="样本已足够")
    history = f"/admin/pages/{survey.pk}/history/"
    pages[history] = client.get(history)
    for url, response in pages.items():
        assert response.status_code == 200, url
        for run in english(response.content.decode(), allowed):
            found.setdefault(run, url)
    assert "征集调查结果待发布" in pages["/admin/"].content.decode()
    assert "提前结束调查：样本已足够" in pages[history].content.decode()
    assert not found, f"English in the admin: {found}"
