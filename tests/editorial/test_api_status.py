"""Issue 19, item 10: the editorial API says where an item really is.

A published item was reported as ``"status": "draft"``. Each state an item can have — never
published, in review, returned, scheduled, live, live with changes saved, in review, returned
or scheduled, taken down — has its own status, read over HTTP, and the OpenAPI document lists them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.stages import Stage
from editorial.takedown import take_down
from tests import factories

from .flow import fresh
from .test_api import BASE, Client, _draft, _in_stage

pytestmark = pytest.mark.django_db


def status(client, person, item) -> str:
    response = Client(client, person).get(f"/items/{item.pk}")
    assert response.status_code == 200, response.content
    return response.json()["status"]


def _live(staffed_site):
    return factories.news(staffed_site.column, "已发布的稿件", owner=staffed_site.people.author)


def test_a_draft_and_a_draft_in_review_and_returned(client, staffed_site):
    people = staffed_site.people
    assert status(client, people.author, _draft(staffed_site)) == "draft"
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    assert status(client, people.author, item) == "in_review"
    response = Client(client, people.officer).give_back(item)
    assert response.status_code == 200 and response.json()["status"] == "returned"


def test_a_published_item_is_live_not_a_draft(client, staffed_site):
    item = _live(staffed_site)
    author = Client(client, staffed_site.people.author)
    detail = author.get(f"/items/{item.pk}").json()
    assert (detail["status"], detail["live"]) == ("live", True)


def test_a_live_item_with_changes_says_where_the_changes_are(client, staffed_site):
    people = staffed_site.people
    item = _live(staffed_site)
    page = fresh(item)
    page.title = "已发布的稿件（修改）"
    page.save_revision(user=people.author)
    assert status(client, people.author, item) == "live_with_draft"
    response = Client(client, people.author).submit(item)
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["live"]) == (
        "live_with_changes_in_review",
        True,
    )
    response = Client(client, people.officer).give_back(item)
    assert response.json()["status"] == "live_with_changes_returned"
    assert status(client, people.author, item) == "live_with_changes_returned"


def test_a_taken_down_item_is_neither_live_nor_a_draft(client, staffed_site):
    item = _live(staffed_site)
    take_down(fresh(item), user=staffed_site.people.webmaster, reason="内容有误，紧急撤下。")
    detail = Client(client, staffed_site.people.author).get(f"/items/{item.pk}").json()
    assert (detail["status"], detail["live"]) == ("taken_down", False)


def test_a_cleared_item_waiting_for_its_time_is_scheduled(client, staffed_site):
    soon = timezone.now() + timedelta(days=1)
    item = factories.news(
        staffed_site.column,
        "定时发布的稿件",
        publish=False,
        go_live_at=soon,
        owner=staffed_site.people.author,
    )
    factories.publish_reviewed(fresh(item).get_latest_revision())
    assert status(client, staffed_site.people.author, item) == "scheduled"

    live = _live(staffed_site)
    page = fresh(live)
    page.go_live_at = soon
    factories.publish_reviewed(page.save_revision())
    assert status(client, staffed_site.people.author, live) == "live_with_changes_scheduled"


def test_the_openapi_document_lists_every_status(client):
    document = client.get(f"{BASE}/openapi.json").json()
    for name in ("ItemDetail", "Outcome"):
        prop = document["components"]["schemas"][name]["properties"]["status"]
        assert set(prop["enum"]) >= {
            "draft",
            "in_review",
            "returned",
            "scheduled",
            "live",
            "live_with_draft",
            "live_with_changes_in_review",
            "live_with_changes_returned",
            "live_with_changes_scheduled",
            "taken_down",
            "expired",
        }
        assert "taken_down" in prop["description"]
