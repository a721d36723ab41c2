"""Separation and accountability (R16, R17): who can never approve, and what must be answered."""

import pytest
from django.core.exceptions import PermissionDenied

from cms.content.models.mixins import Importance
from cms.organisation.models import Role, RoleAssignment
from editorial import rules
from editorial.models import Clearance, ReviewTaskState
from editorial.selectors import review_queue
from editorial.services import stage_act
from editorial.stages import STAGE_ROLES, Stage
from tests import factories

from .flow import act, answers, current_stage, fresh, submit, through_the_chain
from .test_queue import QUEUE_URL, _titles

pytestmark = pytest.mark.django_db


def _in_first_review(client, staffed_site):
    item = factories.news(
        staffed_site.column,
        "关于开展专项检查的通知",
        publish=False,
        owner=staffed_site.people.author,
    )
    submit(client, staffed_site.people.author, item)
    assert current_stage(item) == Stage.FIRST_REVIEW
    return item


def test_the_author_cannot_approve_a_review_stage_of_their_own_item(client, staffed_site):
    item = _in_first_review(client, staffed_site)
    factories.assert_admin_denied(act(client, staffed_site.people.author, item))
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_superusers_get_no_shortcut(client, staffed_site):
    item = _in_first_review(client, staffed_site)
    factories.assert_admin_denied(act(client, factories.superuser(), item))
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_a_chief_of_another_unit_has_no_power_here(client, staffed_site):
    item = _in_first_review(client, staffed_site)
    act(client, staffed_site.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    factories.assert_admin_denied(act(client, staffed_site.people.outsider_chief, item))
    assert current_stage(item) == Stage.SECOND_REVIEW


def test_one_person_never_approves_two_review_stages_of_the_same_revision(client, staffed_site):
    # The information officer is also made section chief of the same unit.
    RoleAssignment.objects.create(
        user=staffed_site.people.officer, unit=staffed_site.office, role=Role.SECTION_CHIEF
    )
    item = _in_first_review(client, staffed_site)
    act(client, staffed_site.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    factories.assert_admin_denied(act(client, staffed_site.people.officer, item))
    assert current_stage(item) == Stage.SECOND_REVIEW


@pytest.mark.parametrize("missing", ["no_state_secrets", "no_other_problem", "opinion"])
def test_the_checklist_and_opinion_cannot_be_skipped(client, staffed_site, missing):
    item = _in_first_review(client, staffed_site)
    data = answers(Stage.FIRST_REVIEW)
    del data[missing]
    act(client, staffed_site.people.officer, item, data=data)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_a_client_posting_raw_workflow_data_through_the_editor_cannot_skip_the_checklist(
    client, staffed_site
):
    """Wagtail's editor passes its extra JSON straight to the task: it is validated there."""
    item = _in_first_review(client, staffed_site)
    factories.login(client, staffed_site.people.officer)
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"opinion": "同意"}'
    client.post(url, data)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_any_change_after_an_approval_sends_the_item_back_to_the_first_review(client, staffed_site):
    item = _in_first_review(client, staffed_site)
    act(client, staffed_site.people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    # The author saves a new revision while the item is in review.
    page = fresh(item)
    page.title = "关于开展专项检查的通知（修改）"
    page.save_revision(user=staffed_site.people.author)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_an_in_place_overwrite_of_the_revision_under_review_is_caught(client, staffed_site):
    item = _in_first_review(client, staffed_site)
    act(client, staffed_site.people.officer, item)
    revision = fresh(item).get_latest_revision()
    revision.content["title"] = "被篡改的标题"
    revision.save(update_fields=["content"])
    factories.assert_admin_denied(act(client, staffed_site.people.chief, item))
    assert current_stage(item) == Stage.FIRST_REVIEW


# --- Issue 12, item 6: everyone who wrote, everyone who reviewed --------------------------------
# Authors are the owner, the submitter and everyone who saved a revision of the item since it was
# last cleared for publication; reviewers are everyone who acted at a review stage of the
# revision (会签: every co-issuing unit's signer, not only the last). Refused in the admin, in
# the service every client goes through, and absent from the person's queue.

REVIEW_ORDER = [Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.THIRD_REVIEW, Stage.SIGN_OFF]
REVIEWER = {
    Stage.FIRST_REVIEW: "officer",
    Stage.SECOND_REVIEW: "chief",
    Stage.THIRD_REVIEW: "deputy",
    Stage.SIGN_OFF: "principal",
}


def _save_draft(client, person, page, **changes):
    """``person`` opens the item in the editor, changes it and presses "save draft"."""
    factories.login(client, person)
    url = f"/admin/pages/{page.pk}/edit/"
    data = factories.page_form(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:300]
    assert fresh(page).get_latest_revision().user_id == person.pk


def _major_item(staffed_site, title="关于做好防汛工作的通知"):
    return factories.news(
        staffed_site.column,
        title,
        publish=False,
        owner=staffed_site.people.author,
        importance=Importance.MAJOR,
    )


def _reach(client, staffed_site, item, stage):
    """The stages before ``stage`` approved over HTTP by their usual people."""
    for earlier in REVIEW_ORDER:
        if current_stage(item) == stage:
            break
        assert current_stage(item) == earlier
        assert act(client, getattr(staffed_site.people, REVIEWER[earlier]), item).status_code == 302
    assert current_stage(item) == stage


def _in_queue_page(client, person, title) -> bool:
    factories.login(client, person)
    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    return title in _titles(response)


def _state(item):
    return fresh(item).current_workflow_task_state.specific


def assert_refused(client, person, item, message):
    """``person`` may not approve the stage waiting now: not in their queue (the selector and
    the page), refused by the workflow action view and by ``stage_act``; nothing moves."""
    state = _state(item)
    title = state.revision.object_str
    assert not review_queue(person).filter(pk=state.pk).exists()
    assert not _in_queue_page(client, person, title)
    factories.assert_admin_denied(act(client, person, item))
    with pytest.raises(PermissionDenied) as refused:
        stage_act(state, person, "approve", answers(state.stage))
    assert str(refused.value) == str(message)
    assert _state(item).pk == state.pk and current_stage(item) == state.stage


def assert_may_approve(client, person, item):
    """``person`` finds the stage waiting in their queue and approves (or countersigns) it."""
    state = _state(item)
    assert review_queue(person).filter(pk=state.pk).exists()
    assert _in_queue_page(client, person, state.revision.object_str)
    assert act(client, person, item).status_code == 302
    state.refresh_from_db()
    assert state.finished_by_id == person.pk or state.countersignatures.filter(user=person)


@pytest.mark.parametrize("stage", REVIEW_ORDER)
def test_a_colleague_who_wrote_an_earlier_revision_cannot_approve_a_review_stage(
    client, staffed_site, stage
):
    """The hole: a colleague writes the text, the owner saves once more and submits, and the
    colleague approves — only the owner, the submitter and the last revision's author counted."""
    people = staffed_site.people
    (role,) = STAGE_ROLES[stage]
    colleague = factories.user("colleague", unit=staffed_site.office, role=role)
    item = _major_item(staffed_site)
    _save_draft(client, colleague, item, title="关于做好防汛工作的通知（代拟稿）")
    assert submit(client, people.author, item).status_code == 302
    assert fresh(item).get_latest_revision().user_id == people.author.pk
    _reach(client, staffed_site, item, stage)

    assert_refused(client, colleague, item, rules.AUTHOR_CANNOT_REVIEW)
    assert_may_approve(client, getattr(people, REVIEWER[stage]), item)


def test_a_draft_written_after_publication_makes_its_writer_an_author_of_the_next_review(
    client, staffed_site
):
    people = staffed_site.people
    colleague = factories.user("colleague", unit=staffed_site.office, role=Role.INFO_OFFICER)
    item = factories.news(
        staffed_site.column, "城区道路施工公告", publish=False, owner=people.author
    )
    through_the_chain(client, staffed_site, item)
    assert fresh(item).live
    _save_draft(client, colleague, item, title="城区道路施工公告（更新）")
    assert submit(client, people.author, item).status_code == 302
    assert current_stage(item) == Stage.FIRST_REVIEW
    assert_refused(client, colleague, item, rules.AUTHOR_CANNOT_REVIEW)
    assert_may_approve(client, people.officer, item)


def test_who_wrote_a_version_that_was_cleared_may_review_the_next_one(client, staffed_site):
    """Authorship counts since the last clearance: the writer of a published version is not an
    author of a later edit they had no part in."""
    people = staffed_site.people
    colleague = factories.user("colleague", unit=staffed_site.office, role=Role.INFO_OFFICER)
    item = factories.news(
        staffed_site.column, "城区道路施工公告", publish=False, owner=people.author
    )
    _save_draft(client, colleague, item, title="城区道路施工公告（初稿）")
    through_the_chain(client, staffed_site, item)  # the colleague's draft went through review
    assert fresh(item).live and Clearance.objects.filter(page_id=item.pk).exists()
    assert (
        submit(client, people.author, item, title="城区道路施工公告（第二版）").status_code == 302
    )
    assert current_stage(item) == Stage.FIRST_REVIEW
    assert_may_approve(client, colleague, item)
    assert current_stage(item) == Stage.SECOND_REVIEW


@pytest.mark.parametrize("stage", [Stage.THIRD_REVIEW, Stage.SIGN_OFF])
def test_a_countersigner_who_was_not_the_last_to_sign_cannot_approve_a_later_review_stage(
    client, staffed_site, stage
):
    """The hole: at a 会签 of several units only the last signer is the stage's finished_by;
    an earlier signer who also holds the later stage's role in the owning unit approved it."""
    people = staffed_site.people
    (role,) = STAGE_ROLES[stage]
    both = factories.user("both", unit=staffed_site.office, role=role)
    RoleAssignment.objects.create(user=both, unit=staffed_site.education, role=role)
    item = _major_item(staffed_site, "两部门联合通知")
    co_issuers = [str(staffed_site.education.pk), str(staffed_site.health.pk)]
    assert submit(client, people.author, item, co_issuing_units=co_issuers).status_code == 302
    _reach(client, staffed_site, item, Stage.COUNTERSIGN)
    assert act(client, both, item).status_code == 302  # signs for education, first
    assert current_stage(item) == Stage.COUNTERSIGN
    assert act(client, people.health_head, item).status_code == 302  # the last to sign
    assert current_stage(item) == Stage.THIRD_REVIEW
    countersign = ReviewTaskState.objects.get(
        workflow_state__object_id=str(item.pk), stage=Stage.COUNTERSIGN
    )
    assert countersign.finished_by_id == people.health_head.pk
    assert countersign.countersignatures.get(unit=staffed_site.education).user_id == both.pk
    if stage == Stage.SIGN_OFF:
        assert act(client, people.deputy, item).status_code == 302
    assert current_stage(item) == stage

    assert_refused(client, both, item, rules.ALREADY_APPROVED_A_STAGE)
    assert_may_approve(client, getattr(people, REVIEWER[stage]), item)


def test_who_approved_an_earlier_review_stage_cannot_countersign(client, staffed_site):
    """The other direction. 会签 comes before 三审 and 签发, so over HTTP the earlier approval
    is 二审's (``tests/editorial/test_queue.py`` checks the rule for a 三审 approval too)."""
    people = staffed_site.people
    government = staffed_site.office.get_parent()
    # A chief of the government reaches the office (二审) and both co-issuing units (会签).
    gov_chief = factories.user("gov_chief", unit=government, role=Role.SECTION_CHIEF)
    item = _major_item(staffed_site, "两部门联合通知")
    co_issuers = [str(staffed_site.education.pk), str(staffed_site.health.pk)]
    assert submit(client, people.author, item, co_issuing_units=co_issuers).status_code == 302
    assert act(client, people.officer, item).status_code == 302
    assert_may_approve(client, gov_chief, item)
    assert current_stage(item) == Stage.COUNTERSIGN
    assert_refused(client, gov_chief, item, rules.ALREADY_APPROVED_A_STAGE)
    assert_may_approve(client, people.education_head, item)
    assert current_stage(item) == Stage.COUNTERSIGN
