"""Separation and accountability (R16, R17): who can never approve, and what must be answered."""

import pytest

from editorial.stages import Stage
from tests import factories

from .flow import act, answers, current_stage, fresh, submit

pytestmark = pytest.mark.django_db


def _in_first_review(client, county):
    item = factories.news(
        county.column, "关于开展专项检查的通知", publish=False, owner=county.people.author
    )
    submit(client, county.people.author, item)
    assert current_stage(item) == Stage.FIRST_REVIEW
    return item


def test_the_author_cannot_approve_a_review_stage_of_their_own_item(client, county):
    item = _in_first_review(client, county)
    factories.assert_admin_denied(act(client, county.people.author, item))
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_superusers_get_no_shortcut(client, county):
    item = _in_first_review(client, county)
    factories.assert_admin_denied(act(client, factories.superuser(), item))
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_a_chief_of_another_unit_has_no_power_here(client, county):
    item = _in_first_review(client, county)
    act(client, county.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    factories.assert_admin_denied(act(client, county.people.outsider_chief, item))
    assert current_stage(item) == Stage.SECOND_REVIEW


def test_one_person_never_approves_two_review_stages_of_the_same_revision(client, county):
    from cms.organisation.models import Role, RoleAssignment

    # The information officer is also made section chief of the same unit.
    RoleAssignment.objects.create(
        user=county.people.officer, unit=county.office, role=Role.SECTION_CHIEF
    )
    item = _in_first_review(client, county)
    act(client, county.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    factories.assert_admin_denied(act(client, county.people.officer, item))
    assert current_stage(item) == Stage.SECOND_REVIEW


@pytest.mark.parametrize("missing", ["no_state_secrets", "no_other_problem", "opinion"])
def test_the_checklist_and_opinion_cannot_be_skipped(client, county, missing):
    item = _in_first_review(client, county)
    data = answers(Stage.FIRST_REVIEW)
    del data[missing]
    act(client, county.people.officer, item, data=data)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_a_client_posting_raw_workflow_data_through_the_editor_cannot_skip_the_checklist(
    client, county
):
    """Wagtail's editor passes its extra JSON straight to the task: it is validated there."""
    item = _in_first_review(client, county)
    factories.login(client, county.people.officer)
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"opinion": "同意"}'
    client.post(url, data)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_any_change_after_an_approval_sends_the_item_back_to_the_first_review(client, county):
    item = _in_first_review(client, county)
    act(client, county.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    # The author saves a new revision while the item is in review.
    page = fresh(item)
    page.title = "关于开展专项检查的通知（修改）"
    page.save_revision(user=county.people.author)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_an_in_place_overwrite_of_the_revision_under_review_is_caught(client, county):
    item = _in_first_review(client, county)
    act(client, county.people.officer, item)
    revision = fresh(item).get_latest_revision()
    revision.content["title"] = "被篡改的标题"
    revision.save(update_fields=["content"])
    factories.assert_admin_denied(act(client, county.people.chief, item))
    assert current_stage(item) == Stage.FIRST_REVIEW
