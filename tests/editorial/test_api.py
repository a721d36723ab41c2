"""The editorial API (editorialapi/api.py): what a reviewer does in the admin, for headless clients,
over real HTTP with real Wagtail API tokens, governed by the same rules."""

import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import APIToken, Page, TaskState

from cms.accounts.middleware import PASSWORD_EXPIRED_MESSAGE
from cms.accounts.models import PasswordRecord
from cms.content.models import NewsPage
from cms.content.models.mixins import Importance
from cms.organisation.models import Role, RoleAssignment
from editorial import findings, rules, services
from editorial.checklist import (
    ALL_QUESTIONS_REQUIRED,
    OPINION_REQUIRED,
    PROOF_CONFIRMATIONS,
    RETURN_OPINION_REQUIRED,
    REVIEW_QUESTIONS,
)
from editorial.models import Clearance, Countersignature, ReviewTaskState
from editorial.stages import PROOF_STAGES, Stage
from editorialapi import api as editorial_api
from publicapi.models import PublicPage
from tests import factories

from .flow import current_stage, fresh

pytestmark = pytest.mark.django_db

BASE = "/api/editorial/v1"
SNAPSHOT = Path(__file__).parent / "snapshots" / "editorial_openapi.json"
UPDATE_SNAPSHOT = "EDITORIAL_OPENAPI_SNAPSHOT_UPDATE"


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    """Wagtail caches the sites' root paths; a rolled-back test must not leave its sites there."""
    cache.clear()
    yield
    cache.clear()


class Client:
    """A headless editorial client holding one person's API token."""

    def __init__(self, client, person=None, token: str | None = None):
        self.client = client
        if token is None and person is not None:
            _instance, token = APIToken.create_token(user=person, name="编审客户端")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, payload=None, *, raw: str | None = None):
        body = raw if raw is not None else json.dumps(payload or {})
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self.headers
        )

    def submit(self, item):
        return self.post(f"/items/{item.pk}/submission")

    def approve(self, item, stage=None, **overrides):
        stage = stage or current_stage(item)
        return self.post(f"/items/{item.pk}/approval", {**approval(stage), **overrides})

    def give_back(self, item, opinion="请核实数据后再报。", stage=None):
        stage = stage or current_stage(item)
        return self.post(f"/items/{item.pk}/return", {"stage": stage, "opinion": opinion})


def approval(stage: str, opinion: str = "同意发布。") -> dict:
    questions = PROOF_CONFIRMATIONS if stage in PROOF_STAGES else REVIEW_QUESTIONS
    return {
        "stage": stage,
        "checklist": {name: True for name, _label in questions},
        "opinion": opinion,
    }


def said(response) -> str:
    return response.json()["detail"]


def _draft(staffed_site, title="区政府召开专题会议", **fields):
    return factories.news(
        staffed_site.column, title, publish=False, owner=staffed_site.people.author, **fields
    )


def _review_records(item) -> list[tuple]:
    """Everything a decision could change, to show that a refused one changed nothing."""
    return list(
        ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk))
        .order_by("pk")
        .values_list("pk", "stage", "status", "opinion", "checklist", "finished_by_id")
    ) + [(fresh(item).live, fresh(item).latest_revision_id)]


def _in_stage(client, staffed_site, stage, **fields):
    """An item submitted through the API and approved up to ``stage`` by the right people."""
    people = staffed_site.people
    item = _draft(staffed_site, **fields)
    assert Client(client, people.author).submit(item).status_code == 201
    deciders = {
        Stage.FIRST_REVIEW: people.officer,
        Stage.SECOND_REVIEW: people.chief,
        Stage.THIRD_REVIEW: people.deputy,
        Stage.SIGN_OFF: people.principal,
        Stage.FIRST_PROOF: people.webmaster,
        Stage.SECOND_PROOF: people.chief,
    }
    while current_stage(item) != stage:
        response = Client(client, deciders[current_stage(item)]).approve(item)
        assert response.status_code == 200, response.content
    return item


# --- The chain, through the API alone ------------------------------------------------------------


def test_an_ordinary_item_goes_through_every_stage_by_api_and_the_last_approval_publishes_it(
    client, staffed_site, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    response = Client(client, people.author).submit(item)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "page_id": item.pk,
        "status": "in_review",
        "live": False,
        "stage": Stage.FIRST_REVIEW,
        "stage_label": str(Stage.FIRST_REVIEW.label),
    }
    chain = [
        (Stage.FIRST_REVIEW, people.officer),
        (Stage.SECOND_REVIEW, people.chief),
        (Stage.THIRD_REVIEW, people.deputy),
        (Stage.FIRST_PROOF, people.webmaster),
        (Stage.SECOND_PROOF, people.chief),
        (Stage.THIRD_PROOF, people.deputy),
    ]
    for stage, person in chain:
        reviewer = Client(client, person)
        queue = reviewer.get("/queue").json()
        assert [entry["page_id"] for entry in queue["items"]] == [item.pk]
        assert queue["items"][0]["stage"] == stage
        detail = reviewer.get(f"/items/{item.pk}").json()
        assert detail["review"]["stage"] == stage and detail["review"]["may_decide"]
        expected = PROOF_CONFIRMATIONS if stage in PROOF_STAGES else REVIEW_QUESTIONS
        assert [q["name"] for q in detail["review"]["checklist"]["questions"]] == [
            name for name, _label in expected
        ]
        assert not fresh(item).live
        with django_capture_on_commit_callbacks(execute=True):
            response = reviewer.approve(item, stage, revision_id=detail["revision_id"])
        assert response.status_code == 200, response.content

    assert response.json() == {
        "page_id": item.pk,
        "status": "live",
        "live": True,
        "stage": None,
        "stage_label": None,
    }
    item = fresh(item)
    assert item.live and item.live_revision_id == item.latest_revision_id
    assert Clearance.objects.filter(revision_id=item.live_revision_id).exists()
    assert PublicPage.objects.filter(page_id=item.pk).exists()

    history = Client(client, people.author).get(f"/items/{item.pk}/history").json()
    [round_] = history["rounds"]
    assert round_["status"] == "approved"
    assert round_["requested_by"] == {"id": people.author.pk, "name": "author"}
    stages = {record["stage"]: record for record in round_["stages"]}
    assert list(stages) == list(Stage.values)
    for stage, person in chain:
        record = stages[stage]
        assert record["status"] == TaskState.STATUS_APPROVED
        assert record["finished_by"] == {"id": person.pk, "name": person.username}
        assert record["opinion"] == "同意发布。" and all(record["checklist"].values())
        assert record["content_hash"] and record["finished_at"]
    for stage in (Stage.COUNTERSIGN, Stage.SIGN_OFF):
        assert stages[stage]["status"] == TaskState.STATUS_SKIPPED
        assert stages[stage]["skip_reason"]


def test_a_major_item_needs_the_principal_heads_sign_off(client, staffed_site):
    people = staffed_site.people
    item = _in_stage(client, staffed_site, Stage.SIGN_OFF, importance=Importance.MAJOR)
    before = _review_records(item)
    # The deputy head cannot sign in the principal head's place.
    response = Client(client, people.deputy).approve(item)
    assert response.status_code == 403
    assert said(response) == str(rules.NOT_YOUR_STAGE)
    assert _review_records(item) == before
    response = Client(client, people.principal).approve(item)
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.FIRST_PROOF
    record = ReviewTaskState.objects.get(
        workflow_state__object_id=str(item.pk), stage=Stage.SIGN_OFF
    )
    assert record.status == TaskState.STATUS_APPROVED and record.finished_by == people.principal


def test_a_joint_item_is_countersigned_by_each_co_issuing_unit(client, staffed_site):
    people = staffed_site.people
    other = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)  # not a joint item
    joint = NewsPage.objects.get(pk=_draft(staffed_site, "两局联合发布的通知").pk)
    joint.co_issuing_units.set([staffed_site.education, staffed_site.health])
    joint.save_revision()
    joint.save()
    assert Client(client, people.author).submit(joint).status_code == 201
    assert Client(client, people.officer).approve(joint).status_code == 200
    assert Client(client, people.chief).approve(joint).status_code == 200
    assert current_stage(joint) == Stage.COUNTERSIGN
    education = Client(client, people.education_head)
    # A co-issuing unit's head sees the joint item in their queue, and only it.
    assert [e["page_id"] for e in education.get("/queue").json()["items"]] == [joint.pk]
    assert education.get(f"/items/{other.pk}").status_code == 404
    assert education.approve(joint).status_code == 200
    assert current_stage(joint) == Stage.COUNTERSIGN
    again = education.approve(joint)
    assert again.status_code == 403 and said(again) == str(rules.ALREADY_COUNTERSIGNED)
    assert Client(client, people.health_head).approve(joint).status_code == 200
    assert current_stage(joint) == Stage.THIRD_REVIEW
    history = education.get(f"/items/{joint.pk}/history").json()
    [countersign] = [s for s in history["rounds"][0]["stages"] if s["stage"] == Stage.COUNTERSIGN]
    assert {c["unit"]["id"] for c in countersign["countersignatures"]} == {
        staffed_site.education.pk,
        staffed_site.health.pk,
    }
    assert Countersignature.objects.count() == 2


def test_a_co_issuer_named_only_in_the_draft_of_a_live_item_reads_and_countersigns_it(
    client, staffed_site
):
    """Wagtail keeps a draft of a live page in its revision: the page row still has no
    co-issuer, yet the unit the draft names reads the item and gives its consent."""
    people = staffed_site.people
    item = NewsPage.objects.get(pk=factories.news(staffed_site.column, "改为联合发文").pk)
    item.co_issuing_units.set([staffed_site.health])  # the edit, in the revision only
    item.save_revision(user=people.author)
    assert not NewsPage.objects.get(pk=item.pk).co_issuing_units.exists()
    health = Client(client, people.health_head)
    assert health.get(f"/items/{item.pk}").status_code == 200
    assert Client(client, people.author).submit(item).status_code == 201
    assert Client(client, people.officer).approve(item).status_code == 200
    assert Client(client, people.chief).approve(item).status_code == 200
    assert current_stage(item) == Stage.COUNTERSIGN
    assert [e["page_id"] for e in health.get("/queue").json()["items"]] == [item.pk]
    education = Client(client, people.education_head)
    assert education.get(f"/items/{item.pk}").status_code == 404
    assert health.approve(item).status_code == 200
    assert current_stage(item) == Stage.THIRD_REVIEW


def test_a_returned_item_goes_back_to_its_author_and_a_resubmission_starts_at_the_first_review(
    client, staffed_site
):
    people = staffed_site.people
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    response = Client(client, people.chief).give_back(item, "数据需核实。")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned" and response.json()["stage"] is None
    author = Client(client, people.author)
    detail = author.get(f"/items/{item.pk}").json()
    assert detail["status"] == "returned" and detail["review"] is None
    returned = detail["history"][0]["stages"][-1]
    assert returned["stage"] == Stage.SECOND_REVIEW
    assert returned["status"] == TaskState.STATUS_REJECTED
    assert returned["opinion"] == "数据需核实。"
    # The author corrects the item and submits it again: the review starts over.
    page = fresh(item)
    page.title = "区政府召开专题会议（已核实）"
    page.save_revision(user=people.author)
    response = author.submit(item)
    assert response.status_code == 201, response.content
    assert response.json()["stage"] == Stage.FIRST_REVIEW
    rounds = author.get(f"/items/{item.pk}/history").json()["rounds"]
    assert [r["status"] for r in rounds] == ["cancelled", "in_progress"]
    assert author.get(f"/items/{item.pk}").json()["title"] == "区政府召开专题会议（已核实）"


# --- Every refusal of the admin applies here, with its message, and changes nothing --------------


def test_the_author_cannot_approve_their_own_item(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    response = Client(client, staffed_site.people.author).approve(item)
    assert response.status_code == 403
    assert said(response) == str(rules.AUTHOR_CANNOT_REVIEW) == "信息的作者不能审核通过自己的信息。"
    assert _review_records(item) == before


def test_one_person_never_approves_two_review_stages_of_one_revision(client, staffed_site):
    officer = staffed_site.people.officer
    RoleAssignment.objects.create(user=officer, unit=staffed_site.office, role=Role.SECTION_CHIEF)
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    before = _review_records(item)
    response = Client(client, officer).approve(item)
    assert response.status_code == 403
    assert said(response) == str(rules.ALREADY_APPROVED_A_STAGE)
    assert _review_records(item) == before


def test_a_role_that_does_not_act_at_this_stage_is_refused(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    before = _review_records(item)
    response = Client(client, staffed_site.people.deputy).approve(item)
    assert response.status_code == 403 and said(response) == str(rules.NOT_YOUR_STAGE)
    response = Client(client, staffed_site.people.deputy).give_back(item)
    assert response.status_code == 403 and said(response) == str(rules.NOT_YOUR_STAGE)
    assert _review_records(item) == before


@pytest.mark.parametrize("who", ["outsider_chief", "superuser"])
def test_people_without_a_role_on_the_item_find_nothing_to_decide(client, staffed_site, who):
    """A chief of another unit, and a superuser holding no role: the item does not exist for
    them (404, not 403: not even its existence leaks)."""
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    person = factories.superuser() if who == "superuser" else staffed_site.people.outsider_chief
    before = _review_records(item)
    outsider = Client(client, person)
    for response in (outsider.approve(item), outsider.give_back(item), outsider.submit(item)):
        assert response.status_code == 404
        assert said(response) == str(editorial_api.NO_SUCH_ITEM)
    assert _review_records(item) == before
    assert outsider.get("/queue").json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("drop:no_state_secrets", "no_state_secrets", ALL_QUESTIONS_REQUIRED),
        ("false:no_other_problem", "no_other_problem", ALL_QUESTIONS_REQUIRED),
        ("opinion:", "opinion", OPINION_REQUIRED),
        ("opinion:好", "opinion", OPINION_REQUIRED),
    ],
)
def test_the_checklist_and_the_opinion_cannot_be_skipped(
    client, staffed_site, change, field, message
):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    payload = approval(Stage.FIRST_REVIEW)
    what, _colon, value = change.partition(":")
    if what == "drop":
        del payload["checklist"][value]
    elif what == "false":
        payload["checklist"][value] = False
    else:
        payload["opinion"] = value
    response = Client(client, staffed_site.people.officer).post(
        f"/items/{item.pk}/approval", payload
    )
    assert response.status_code == 422, response.content
    assert said(response) == str(editorial_api.DECISION_INCOMPLETE)
    assert response.json()["fields"][field] == str(message)
    assert str(ALL_QUESTIONS_REQUIRED) == "审核清单的每一项都必须确认后才能通过。"
    assert _review_records(item) == before


def test_a_proofreading_stage_needs_its_own_confirmations(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_PROOF)
    webmaster = Client(client, staffed_site.people.webmaster)
    before = _review_records(item)
    review_answers = approval(Stage.THIRD_REVIEW)["checklist"]
    response = webmaster.approve(item, Stage.FIRST_PROOF, checklist=review_answers)
    assert response.status_code == 400
    assert response.json()["fields"]["no_state_secrets"] == str(editorial_api.UNKNOWN_QUESTION)
    response = webmaster.approve(item, Stage.FIRST_PROOF, checklist={"text_checked": True})
    assert response.status_code == 422
    assert response.json()["fields"]["images_checked"] == str(ALL_QUESTIONS_REQUIRED)
    assert _review_records(item) == before


def test_a_return_needs_an_opinion(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    response = Client(client, staffed_site.people.officer).give_back(item, opinion=" ")
    assert response.status_code == 422
    assert response.json()["fields"]["opinion"] == str(RETURN_OPINION_REQUIRED)
    assert _review_records(item) == before


# --- Conflicts: the item is not where the client thinks it is ------------------------------------


def test_deciding_a_stage_the_item_is_not_at_is_a_conflict(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    before = _review_records(item)
    chief = Client(client, staffed_site.people.chief)
    response = chief.approve(item, Stage.FIRST_REVIEW)
    assert response.status_code == 409
    assert said(response) == str(editorial_api.OTHER_STAGE) % {"stage": Stage.SECOND_REVIEW.label}
    assert response.json()["fields"] == {"stage": Stage.SECOND_REVIEW}
    old_revision = fresh(item).latest_revision_id - 1
    response = chief.approve(item, revision_id=old_revision)
    assert response.status_code == 409 and said(response) == str(editorial_api.OTHER_REVISION)
    assert _review_records(item) == before


def test_deciding_an_item_that_is_not_in_review_is_a_conflict(client, staffed_site):
    item = _draft(staffed_site)
    before = _review_records(item)
    response = Client(client, staffed_site.people.officer).approve(item, Stage.FIRST_REVIEW)
    assert response.status_code == 409 and said(response) == str(editorial_api.NOT_IN_REVIEW)
    assert _review_records(item) == before


def test_submitting_an_item_already_in_review_is_a_conflict(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    before = _review_records(item)
    response = Client(client, staffed_site.people.author).submit(item)
    assert response.status_code == 409 and said(response) == str(services.ALREADY_IN_REVIEW)
    assert _review_records(item) == before


def test_a_new_revision_during_review_sends_the_client_back_to_the_first_review(
    client, staffed_site
):
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    revision = fresh(item).get_latest_revision()
    # Overwritten in place: same revision id, other content.
    revision.content["title"] = "被篡改的标题"
    revision.save(update_fields=["content"])
    response = Client(client, staffed_site.people.chief).approve(item, revision_id=revision.pk)
    assert response.status_code == 409
    assert said(response) == str(services.CHANGED_SINCE_REVIEW)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_only_people_who_may_edit_an_item_submit_it(client, staffed_site):
    """A co-issuing unit's head sees the joint item but may not edit, so may not submit it."""
    item = _draft(staffed_site)
    page = NewsPage.objects.get(pk=item.pk)
    page.co_issuing_units.set([staffed_site.education])
    page.save_revision()
    page.save()
    head = Client(client, staffed_site.people.education_head)
    assert head.get(f"/items/{item.pk}").status_code == 200
    response = head.submit(item)
    assert response.status_code == 403 and said(response) == str(services.NOT_EDITABLE)
    assert current_stage(item) is None


# --- Reads ---------------------------------------------------------------------------------------


def test_the_queue_is_oldest_first_and_paginated(client, staffed_site):
    items = [_in_stage(client, staffed_site, Stage.FIRST_REVIEW) for _ in range(3)]
    officer = Client(client, staffed_site.people.officer)
    first = officer.get("/queue", page_size=2).json()
    assert (first["count"], first["page"], first["num_pages"]) == (3, 1, 2)
    second = officer.get("/queue", page_size=2, page=2).json()
    ids = [e["page_id"] for e in first["items"] + second["items"]]
    assert ids == [item.pk for item in items]
    entry = first["items"][0]
    assert entry == {
        "task_state_id": fresh(items[0]).current_workflow_task_state.pk,
        "page_id": items[0].pk,
        "revision_id": fresh(items[0]).latest_revision_id,
        "title": "区政府召开专题会议",
        "site": {"id": staffed_site.site.pk, "name": staffed_site.site.site_name},
        "column": {"id": staffed_site.column.pk, "title": "政务要闻"},
        "stage": Stage.FIRST_REVIEW,
        "stage_label": str(Stage.FIRST_REVIEW.label),
        "importance": Importance.ORDINARY,
        "importance_label": str(Importance.ORDINARY.label),
        "submitted_by": {"id": staffed_site.people.author.pk, "name": "author"},
        "waiting_since": entry["waiting_since"],
        "findings_count": 0,
    }
    assert entry["waiting_since"] <= second["items"][0]["waiting_since"]
    bad = officer.get("/queue", page_size=1000)
    assert bad.status_code == 400
    assert bad.json()["fields"]["page_size"] == gettext("Must be at most %(limit)s.") % {
        "limit": 100
    }
    # Nobody else's turn: the chief has nothing to decide yet.
    assert Client(client, staffed_site.people.chief).get("/queue").json()["count"] == 0


def test_the_item_shows_its_content_findings_and_their_place_in_the_text(client, staffed_site):
    number = "11010519491231002X"  # a valid check digit
    item = _draft(staffed_site, body=f"<p>联系人身份证号{number}，请核实。</p>")
    author = Client(client, staffed_site.people.author)
    detail = author.get(f"/items/{item.pk}").json()
    assert detail["status"] == "draft" and detail["review"] is None
    assert detail["content"]["title"] == "区政府召开专题会议"
    assert detail["content"]["column"] == {"id": staffed_site.column.pk, "title": "政务要闻"}
    assert detail["content"]["site"] == {
        "id": staffed_site.site.pk,
        "name": staffed_site.site.site_name,
    }
    assert number in detail["content"]["body"]
    [finding] = [f for f in detail["findings"] if f["kind"] == "id_number"]
    assert finding["severity"] == "blocking"
    assert detail["texts"][finding["field"]][finding["start"] : finding["end"]] == number


def test_reviewers_see_the_findings_and_only_the_deputy_head_passes_blocking_ones_with_a_reason(
    client, staffed_site
):
    people = staffed_site.people
    number = "11010519491231002X"
    item = _draft(staffed_site, body=f"<p>联系人身份证号{number}，请核实。</p>")
    assert Client(client, people.author).submit(item).status_code == 201
    officer = Client(client, people.officer)
    [entry] = officer.get("/queue").json()["items"]
    assert entry["findings_count"] >= 1
    detail = officer.get(f"/items/{item.pk}").json()
    [finding] = [f for f in detail["findings"] if f["kind"] == "id_number"]
    assert detail["texts"][finding["field"]][finding["start"] : finding["end"]] == number
    assert detail["review"]["blocking_findings"] >= 1
    assert not detail["review"]["may_pass_blocking"]
    # Nobody but the deputy head at the third review may pass them.
    before = _review_records(item)
    response = officer.approve(item, override_reason="身份证号系公开信息。")
    assert response.status_code == 422
    assert said(response) == str(findings.OVERRIDE_NOT_ALLOWED)
    assert _review_records(item) == before
    # The first and second reviews pass the item up with its findings.
    assert officer.approve(item).status_code == 200
    assert Client(client, people.chief).approve(item).status_code == 200
    deputy = Client(client, people.deputy)
    assert deputy.get(f"/items/{item.pk}").json()["review"]["may_pass_blocking"]
    before = _review_records(item)
    response = deputy.approve(item)
    assert response.status_code == 422
    assert response.json()["fields"]["override_reason"] == str(findings.OVERRIDE_REASON_REQUIRED)
    assert _review_records(item) == before
    response = deputy.approve(item, override_reason="当事人书面同意公开，已核实。")
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.FIRST_PROOF
    stages = deputy.get(f"/items/{item.pk}/history").json()["rounds"][0]["stages"]
    [third] = [s for s in stages if s["stage"] == Stage.THIRD_REVIEW]
    assert third["override_reason"] == "当事人书面同意公开，已核实。"
    assert third["findings_count"] >= 1


def test_no_draft_leaks_to_people_without_a_role_on_it(client, staffed_site):
    item = _draft(staffed_site, body="<p>联系电话13912345678。</p>")
    Client(client, staffed_site.people.author).submit(item)
    missing = Page.objects.order_by("-pk").first().pk + 1000
    for person in (
        staffed_site.people.outsider_chief,
        staffed_site.people.education_head,  # a head of a unit that is not a co-issuer
        factories.superuser(),
        factories.user("nobody"),
    ):
        outsider = Client(client, person)
        for path in (f"/items/{item.pk}", f"/items/{item.pk}/history"):
            response = outsider.get(path)
            assert response.status_code == 404
            assert response.json() == outsider.get(f"/items/{missing}").json()
        queue = outsider.get("/queue")
        assert queue.status_code == 200 and queue.json()["items"] == []
    # Structural pages are not items of this API.
    assert (
        Client(client, staffed_site.people.officer)
        .get(f"/items/{staffed_site.column.pk}")
        .status_code
        == 404
    )
    # Reviewers get names of people, never their contact data.
    officer = Client(client, staffed_site.people.officer)
    for response in (officer.get("/queue"), officer.get(f"/items/{item.pk}")):
        assert response.status_code == 200
        assert "@example.gov.cn" not in response.content.decode()
    assert "13912345678" not in officer.get("/queue").content.decode()


# --- Authentication ------------------------------------------------------------------------------


def _unauthorised(response, message):
    assert response.status_code == 401, response.content
    assert said(response) == str(message)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_made_by_wagtails_command_works(client, staffed_site):
    out = io.StringIO()
    call_command("api_tokens", "create", "--user", "officer", "--name", "编审客户端", stdout=out)
    response = Client(client, token=out.getvalue().strip()).get("/queue")
    assert response.status_code == 200, response.content


def test_requests_without_a_valid_token_are_refused(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    officer = staffed_site.people.officer
    _unauthorised(Client(client).get("/queue"), editorial_api.TOKEN_REQUIRED)
    _unauthorised(
        client.get(f"{BASE}/queue", headers={"Authorization": "Basic b2ZmaWNlcjp4"}),
        editorial_api.TOKEN_REQUIRED,
    )
    _unauthorised(Client(client, token="not-a-token").get("/queue"), editorial_api.TOKEN_INVALID)
    well_formed = APIToken.generate_token()  # never stored
    _unauthorised(Client(client, token=well_formed).get("/queue"), editorial_api.TOKEN_INVALID)
    _unauthorised(
        Client(client, token="not-a-token").approve(item, Stage.FIRST_REVIEW),
        editorial_api.TOKEN_INVALID,
    )
    # A session cookie is no authentication here (and so no CSRF hole).
    client.force_login(officer)
    _unauthorised(Client(client).get("/queue"), editorial_api.TOKEN_REQUIRED)
    _unauthorised(
        Client(client).post(f"/items/{item.pk}/approval", approval(Stage.FIRST_REVIEW)),
        editorial_api.TOKEN_REQUIRED,
    )
    client.logout()
    assert _review_records(item) == before


@pytest.mark.parametrize("problem", ["revoked", "expired", "inactive", "password"])
def test_a_token_that_no_longer_holds_is_refused(client, staffed_site, problem):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    officer = staffed_site.people.officer
    instance, token = APIToken.create_token(user=officer, name="编审客户端")
    assert Client(client, token=token).get("/queue").status_code == 200
    if problem == "revoked":
        instance.revoke()
        expected = editorial_api.TOKEN_REVOKED
    elif problem == "expired":
        created = timezone.now() - timedelta(days=editorial_api.TOKEN_MAX_AGE_DAYS + 1)
        APIToken.objects.filter(pk=instance.pk).update(created=created)
        expected = editorial_api.TOKEN_EXPIRED
    elif problem == "inactive":
        officer.is_active = False
        officer.save(update_fields=["is_active"])
        expected = editorial_api.ACCOUNT_INACTIVE
    else:
        # Last set 200 days ago (counted from the record, or else from joining).
        long_ago = timezone.now() - timedelta(days=200)
        PasswordRecord.objects.update_or_create(user=officer, defaults={"changed_at": long_ago})
        expected = PASSWORD_EXPIRED_MESSAGE
    stale = Client(client, token=token)
    _unauthorised(stale.get("/queue"), expected)
    _unauthorised(stale.get(f"/items/{item.pk}"), expected)
    _unauthorised(stale.approve(item, Stage.FIRST_REVIEW), expected)
    assert _review_records(item) == before


# --- Methods and requests ------------------------------------------------------------------------


def test_reads_are_get_and_head_only_and_decisions_post_only(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    officer = Client(client, staffed_site.people.officer)
    headers = officer.headers
    for path in ("/queue", f"/items/{item.pk}", f"/items/{item.pk}/history"):
        assert client.head(BASE + path, headers=headers).status_code == 200
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(BASE + path, headers=headers)
            assert response.status_code == 405, (method, path)
    for path in ("submission", "approval", "return"):
        for method in ("get", "put", "patch", "delete"):
            response = getattr(client, method)(f"{BASE}/items/{item.pk}/{path}", headers=headers)
            assert response.status_code == 405, (method, path)
    assert current_stage(item) == Stage.FIRST_REVIEW


def test_malformed_requests_are_refused_in_chinese(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.FIRST_REVIEW)
    before = _review_records(item)
    officer = Client(client, staffed_site.people.officer)
    url = f"/items/{item.pk}/approval"
    response = officer.post(url, raw="{not json")
    assert response.status_code == 400 and said(response) == str(editorial_api.INVALID_JSON)
    response = officer.post(url, {**approval(Stage.FIRST_REVIEW), "opinon": "拼错的字段"})
    assert response.status_code == 400
    assert response.json()["fields"]["opinon"] == str(editorial_api.UNKNOWN_FIELD)
    response = officer.post(url, {**approval(Stage.FIRST_REVIEW), "stage": "一审"})
    assert response.status_code == 400 and "first_review" in response.json()["fields"]["stage"]
    payload = approval(Stage.FIRST_REVIEW)
    del payload["stage"]
    response = officer.post(url, payload)
    assert response.status_code == 400 and response.json()["fields"]["stage"] == "缺少此参数。"
    assert _review_records(item) == before


# --- The contract --------------------------------------------------------------------------------


def test_the_openapi_document_matches_its_snapshot(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    if os.environ.get(UPDATE_SNAPSHOT):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(
            json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    assert document == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        f"The editorial API's contract changed. If on purpose, run "
        f"`{UPDATE_SNAPSHOT}=1 pytest tests/editorial/test_api.py -k openapi` and commit "
        f"{SNAPSHOT.name}; otherwise undo the change."
    )
    assert {path: sorted(ops) for path, ops in document["paths"].items()} == {
        f"{BASE}/queue": ["get", "head"],
        f"{BASE}/items/{{page_id}}": ["get", "head"],
        f"{BASE}/items/{{page_id}}/history": ["get", "head"],
        f"{BASE}/items/{{page_id}}/submission": ["post"],
        f"{BASE}/items/{{page_id}}/approval": ["post"],
        f"{BASE}/items/{{page_id}}/return": ["post"],
        f"{BASE}/disclosure/deadlines": ["get", "head"],  # editorialapi/disclosure.py
    }
    schemes = document["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]
    assert all(
        operation.get("security")
        for ops in document["paths"].values()
        for operation in ops.values()
    )
