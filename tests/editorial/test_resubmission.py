"""A returned item, corrected and submitted again, starts the chain again at 一审."""

import pytest

from editorial.stages import Stage

from .flow import act, current_stage, fresh, submit
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
