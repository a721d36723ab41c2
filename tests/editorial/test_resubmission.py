"""A returned item, corrected and submitted again, starts the chain again at 一审."""

import json

import pytest
from django.contrib.messages import get_messages
from wagtail.models import WorkflowState

from editorial import services
from editorial.stages import Stage
from tests import factories

from .flow import act, current_stage, fresh, submit
from .test_api import Client
from .test_scenarios import _approve, _draft

pytestmark = pytest.mark.django_db


def _to_third_review(client, staffed_site):
    page = _draft(staffed_site)
    submit(client, staffed_site.people.author, page)
    _approve(client, staffed_site.people.officer, page, Stage.FIRST_REVIEW)
    _approve(client, staffed_site.people.chief, page, Stage.SECOND_REVIEW)
    assert current_stage(page) == Stage.THIRD_REVIEW
    return page


def test_a_corrected_item_goes_back_to_the_first_review(client, staffed_site):
    page = _to_third_review(client, staffed_site)
    response = act(client, staffed_site.people.deputy, page, "reject", {"opinion": "数据需核实。"})
    assert response.status_code in (200, 302)
    assert current_stage(page) is None  # back with the author
    submit(client, staffed_site.people.author, page, title="区政府召开专题会议（修订）")
    assert current_stage(page) == Stage.FIRST_REVIEW
    assert fresh(page).current_workflow_task_state.revision_id == fresh(page).latest_revision_id


def test_an_item_submitted_again_unchanged_also_starts_again(client, staffed_site):
    page = _to_third_review(client, staffed_site)
    act(client, staffed_site.people.deputy, page, "reject", {"opinion": "请补充材料。"})
    submit(client, staffed_site.people.author, page)
    assert current_stage(page) == Stage.FIRST_REVIEW


def test_the_restarted_chain_runs_to_publication(
    client, staffed_site, django_capture_on_commit_callbacks
):
    page = _to_third_review(client, staffed_site)
    act(client, staffed_site.people.deputy, page, "reject", {"opinion": "数据需核实。"})
    submit(client, staffed_site.people.author, page, title="区政府召开专题会议（修订）")
    with django_capture_on_commit_callbacks(execute=True):
        for person, stage in [
            (staffed_site.people.officer, Stage.FIRST_REVIEW),
            (staffed_site.people.chief, Stage.SECOND_REVIEW),
            (staffed_site.people.deputy, Stage.THIRD_REVIEW),
            (staffed_site.people.webmaster, Stage.FIRST_PROOF),
            (staffed_site.people.chief, Stage.SECOND_PROOF),
            (staffed_site.people.deputy, Stage.THIRD_PROOF),
        ]:
            _approve(client, person, page, stage)
    assert fresh(page).live
    assert fresh(page).title == "区政府召开专题会议（修订）"


# A live item that says exactly what is live has nothing new to review (issue 19, item 9).


def _live(staffed_site):
    return factories.news(
        staffed_site.column, "区政府召开专题会议", owner=staffed_site.people.author
    )


def test_the_editor_refuses_to_resubmit_an_unchanged_live_item(client, staffed_site):
    page = _live(staffed_site)
    revisions = fresh(page).revisions.count()

    response = submit(client, staffed_site.people.author, page)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert [str(message).strip() for message in get_messages(response.wsgi_request)] == [
        str(services.NOTHING_NEW)
    ]
    assert current_stage(page) is None and not WorkflowState.objects.exists()
    assert fresh(page).revisions.count() == revisions  # nothing was saved either
    assert not fresh(page).has_unpublished_changes


def test_the_editor_submits_a_changed_live_item(client, staffed_site):
    page = _live(staffed_site)

    submit(client, staffed_site.people.author, page, title="区政府召开专题会议（更正）")

    assert current_stage(page) == Stage.FIRST_REVIEW


def test_the_api_refuses_to_resubmit_an_unchanged_live_item(client, staffed_site):
    page = _live(staffed_site)
    fresh(page).save_revision(user=staffed_site.people.author)  # saved again, unchanged

    api = Client(client, staffed_site.people.author)
    response = api.submit(page)

    assert response.status_code == 409
    assert json.loads(response.content)["detail"] == str(services.NOTHING_NEW)
    assert not WorkflowState.objects.exists()

    changed = fresh(page).get_latest_revision_as_object()
    changed.summary = "更正了会议时间。"
    changed.save_revision(user=staffed_site.people.author)
    assert api.submit(page).status_code == 201
    assert current_stage(page) == Stage.FIRST_REVIEW
