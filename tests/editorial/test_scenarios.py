"""Items driven through every stage of 三审三校 by real users over HTTP (R14, R15, R19, R20)."""

import pytest
from wagtail.models import TaskState

from cms.content.models import NewsPage
from cms.content.models.mixins import Importance
from editorial.models import Clearance, Countersignature, ReviewTaskState
from editorial.stages import Stage
from publicapi.models import PublicPage
from tests import factories

from .flow import act, current_stage, fresh, submit

pytestmark = pytest.mark.django_db


def _draft(staffed_site, **fields):
    return factories.news(
        staffed_site.column,
        "区政府召开专题会议",
        publish=False,
        owner=staffed_site.people.author,
        **fields,
    )


def _approve(client, person, page, expected_stage):
    assert current_stage(page) == expected_stage
    response = act(client, person, page)
    assert response.status_code in (200, 302), response.content[:500]


def _stages_recorded(page) -> dict[str, str]:
    return dict(
        ReviewTaskState.objects.filter(workflow_state__object_id=str(page.pk)).values_list(
            "stage", "status"
        )
    )


def test_ordinary_item_goes_through_every_stage_and_the_last_approval_publishes(
    client, staffed_site, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    assert submit(client, people.author, item).status_code == 302
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    _approve(client, people.deputy, item, Stage.THIRD_REVIEW)
    _approve(client, people.webmaster, item, Stage.FIRST_PROOF)
    _approve(client, people.chief, item, Stage.SECOND_PROOF)
    assert not fresh(item).live
    with django_capture_on_commit_callbacks(execute=True):
        _approve(client, people.deputy, item, Stage.THIRD_PROOF)

    item = fresh(item)
    assert item.live and item.live_revision_id == item.latest_revision_id
    assert Clearance.objects.filter(revision_id=item.live_revision_id).exists()
    assert PublicPage.objects.filter(page_id=item.pk).exists()
    recorded = _stages_recorded(item)
    assert recorded[Stage.COUNTERSIGN] == TaskState.STATUS_SKIPPED
    assert recorded[Stage.SIGN_OFF] == TaskState.STATUS_SKIPPED
    approvals = ReviewTaskState.objects.filter(
        workflow_state__object_id=str(item.pk), status=TaskState.STATUS_APPROVED
    )
    assert approvals.count() == 6
    for approval in approvals:
        assert approval.opinion and approval.content_hash and approval.finished_by_id
        assert all(approval.checklist.values()) and approval.checklist


def test_major_item_needs_the_principal_heads_sign_off(client, staffed_site):
    people = staffed_site.people
    item = _draft(staffed_site, importance=Importance.MAJOR)
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    _approve(client, people.deputy, item, Stage.THIRD_REVIEW)
    assert current_stage(item) == Stage.SIGN_OFF
    # The deputy head cannot sign in the principal head's place.
    factories.assert_admin_denied(act(client, people.deputy, item))
    assert current_stage(item) == Stage.SIGN_OFF
    _approve(client, people.principal, item, Stage.SIGN_OFF)
    assert current_stage(item) == Stage.FIRST_PROOF


def test_joint_item_needs_every_co_issuing_units_consent_before_the_third_review(
    client, staffed_site
):
    people = staffed_site.people
    item = _draft(staffed_site)
    page = NewsPage.objects.get(pk=item.pk)
    page.co_issuing_units.set([staffed_site.education, staffed_site.health])
    page.save_revision()
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    assert current_stage(item) == Stage.COUNTERSIGN
    # The item's own deputy head is not a co-issuing unit's head.
    factories.assert_admin_denied(act(client, people.deputy, item))
    _approve(client, people.education_head, item, Stage.COUNTERSIGN)
    assert current_stage(item) == Stage.COUNTERSIGN  # still waiting for health
    factories.assert_admin_denied(act(client, people.education_head, item))  # no second consent
    _approve(client, people.health_head, item, Stage.COUNTERSIGN)
    assert current_stage(item) == Stage.THIRD_REVIEW
    assert set(Countersignature.objects.values_list("unit_id", flat=True)) == {
        staffed_site.education.pk,
        staffed_site.health.pk,
    }


def test_returned_item_goes_back_to_its_author_with_the_opinion(client, staffed_site):
    people = staffed_site.people
    item = _draft(staffed_site)
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    response = act(client, people.chief, item, "reject", {"opinion": "数据需核实。"})
    assert response.status_code in (200, 302)
    state = fresh(item).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    returned = ReviewTaskState.objects.get(workflow_state=state, stage=Stage.SECOND_REVIEW)
    assert returned.status == TaskState.STATUS_REJECTED and returned.opinion == "数据需核实。"


# --- 会签 of a live item edited afterwards -------------------------------------------------------
# Wagtail keeps a draft of a live page in its revision: the saved page row keeps the co-issuers
# of the live version. The 会签 stage needs those of the revision under review, whoever asks.


def _live(staffed_site, *co_issuers):
    item = factories.news(
        staffed_site.column, "两部门联合通知", owner=staffed_site.people.author, publish=False
    )
    # Set on the draft: a live row changed in place is refused (editorial/gate.py).
    item.co_issuing_units.set(co_issuers)
    item.save()
    factories.publish_reviewed(item.save_revision(user=staffed_site.people.author))
    return fresh(item)


def _row_co_issuers(item) -> set[int]:
    return set(NewsPage.objects.get(pk=item.pk).co_issuing_units.values_list("pk", flat=True))


def _in_queue(person, item) -> bool:
    from editorial.selectors import review_queue

    return review_queue(person).filter(workflow_state__object_id=str(item.pk)).exists()


def test_a_live_item_edited_to_add_a_co_issuing_unit_is_countersigned_by_it_and_published(
    client, staffed_site
):
    people = staffed_site.people
    item = _live(staffed_site)
    health = str(staffed_site.health.pk)
    assert submit(client, people.author, item, co_issuing_units=[health]).status_code == 302
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    assert current_stage(item) == Stage.COUNTERSIGN
    assert _row_co_issuers(item) == set()  # the live row does not know the new co-issuer
    state = ReviewTaskState.objects.get(
        workflow_state__object_id=str(item.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    assert state.co_issuing_unit_ids() == [staffed_site.health.pk]
    assert _in_queue(people.health_head, item)
    assert not _in_queue(people.education_head, item) and not _in_queue(people.deputy, item)
    factories.assert_admin_denied(act(client, people.education_head, item))
    factories.assert_admin_denied(act(client, people.deputy, item))
    _approve(client, people.health_head, item, Stage.COUNTERSIGN)
    assert not _in_queue(people.health_head, item)
    _approve(client, people.deputy, item, Stage.THIRD_REVIEW)
    _approve(client, people.webmaster, item, Stage.FIRST_PROOF)
    _approve(client, people.chief, item, Stage.SECOND_PROOF)
    _approve(client, people.deputy, item, Stage.THIRD_PROOF)

    item = fresh(item)
    assert item.live and item.live_revision_id == item.latest_revision_id
    assert Clearance.objects.filter(revision_id=item.live_revision_id).exists()
    assert _row_co_issuers(item) == {staffed_site.health.pk}
    consent = Countersignature.objects.get(task_state=state)
    assert (consent.unit_id, consent.user_id) == (staffed_site.health.pk, people.health_head.pk)


def test_a_live_joint_item_whose_draft_changes_its_co_issuer_needs_the_new_ones_consent(
    client, staffed_site
):
    people = staffed_site.people
    item = _live(staffed_site, staffed_site.education)
    submit(client, people.author, item, co_issuing_units=[str(staffed_site.health.pk)])
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    assert current_stage(item) == Stage.COUNTERSIGN
    assert _row_co_issuers(item) == {staffed_site.education.pk}
    # The live version's co-issuer no longer co-issues what is under review.
    assert not _in_queue(people.education_head, item)
    factories.assert_admin_denied(act(client, people.education_head, item))
    assert current_stage(item) == Stage.COUNTERSIGN
    assert _in_queue(people.health_head, item)
    _approve(client, people.health_head, item, Stage.COUNTERSIGN)
    assert current_stage(item) == Stage.THIRD_REVIEW


def test_a_live_joint_item_whose_draft_drops_its_co_issuers_skips_countersigning(
    client, staffed_site
):
    people = staffed_site.people
    item = _live(staffed_site, staffed_site.education)
    data_without_co_issuers = {"co_issuing_units": []}
    submit(client, people.author, item, **data_without_co_issuers)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    assert current_stage(item) == Stage.THIRD_REVIEW
    assert _stages_recorded(item)[Stage.COUNTERSIGN] == TaskState.STATUS_SKIPPED
    assert _row_co_issuers(item) == {staffed_site.education.pk}
