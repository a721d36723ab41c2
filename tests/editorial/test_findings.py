"""The pre-publication checks in the review chain (R13), as real users over HTTP.

An item is scanned when each stage opens; every reviewer is shown the findings with their place
in the text; blocking ones go up through the first and second reviews, are passed only by the
deputy head at the third review with a recorded reason, and nothing after that — the final
publication included — lets uncovered blocking findings through.
"""

import logging

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState

from cms.content.models import NewsPage
from cms.content.models.mixins import Importance
from editorial import findings
from editorial.findings_hooks import SUBMITTED_WITH_BLOCKING
from editorial.models import Clearance, ReviewTaskState
from editorial.prechecks.models import SensitiveTerm
from editorial.services import finish_and_publish, stage_act
from editorial.stages import Stage
from tests import factories

from .flow import act, answers, current_stage, fresh, submit

pytestmark = pytest.mark.django_db

MOBILE = "13912345678"
SEVERE = "全网最低价"
BODY_WITH_BLOCKING = f"<p>如有疑问请联系王科长，电话{MOBILE}。本次活动{SEVERE}，做为惠民举措。</p>"
REASON = "号码为单位公开的咨询电话，经核实可以发布。"
XHR = {"x-requested-with": "XMLHttpRequest"}


@pytest.fixture
def dictionary(db):
    SensitiveTerm.objects.create(
        term=SEVERE, category="sensitive", severity="blocking", note="广告用语。"
    )
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")


def _draft(staffed_site, body=BODY_WITH_BLOCKING, **fields):
    return factories.news(
        staffed_site.column,
        "区政府开展惠民活动",
        publish=False,
        owner=staffed_site.people.author,
        body=body,
        **fields,
    )


def _state(page) -> ReviewTaskState:
    return fresh(page).current_workflow_task_state.specific


def _action_url(page, action: str) -> str:
    state = _state(page)
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def open_modal(client, person, page, action: str = "approve") -> str:
    """``person`` presses the stage's button: Wagtail's modal, as HTML."""
    factories.login(client, person)
    response = client.get(_action_url(page, action), headers=XHR)
    assert response.status_code == 200, response.content[:300]
    return response.json()["html"]


def decide(client, person, page, action: str = "approve", **fields):
    """``person`` fills in the modal as a browser would (its hidden fields included) and sends
    it; ``fields`` are what they type besides the checklist."""
    html = open_modal(client, person, page, action)
    data = factories.form_data(html, containing="opinion")
    if action == "approve":
        data.update(answers(_state(page).stage))
    else:
        data["opinion"] = "请修改后再报。"
    data.update(fields)
    return client.post(_action_url(page, action), data, headers=XHR)


def _approved(response) -> bool:
    return response.status_code == 200 and response.json().get("step") == "success"


def _refused_in_modal(response, message) -> None:
    """The modal comes back with the rule's message, nothing done."""
    assert response.status_code == 200
    body = response.json()
    assert body["step"] == "action", body
    assert factories.shown(message) in body["html"]


def _to_third_review(client, staffed_site, item):
    people = staffed_site.people
    assert submit(client, people.author, item).status_code == 302
    assert _approved(decide(client, people.officer, item))
    assert _approved(decide(client, people.chief, item))
    assert current_stage(item) == Stage.THIRD_REVIEW


def _shows_every_finding(html: str, state: ReviewTaskState) -> None:
    label = str(NewsPage._meta.get_field("body").verbose_name)
    assert state.findings
    for finding in state.findings:
        assert factories.shown(finding["message"]) in html
        assert factories.shown(finding["excerpt"]) in html
    assert factories.shown(label) in html
    assert 'data-severity="blocking"' in html


def test_every_reviewer_sees_the_findings_and_the_first_two_reviews_pass_them_up(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site)
    submit(client, people.author, item)
    state = _state(item)
    kinds = {(f["kind"], f["severity"]) for f in state.findings}
    assert ("mobile_number", "blocking") in kinds
    assert ("sensitive_term", "blocking") in kinds
    assert ("sensitive_term", "warning") in kinds  # 做为 → 作为: shown, never blocks
    mobile = next(f for f in state.findings if f["kind"] == "mobile_number")
    assert MOBILE in mobile["excerpt"] and mobile["field"] == "body"

    for person, stage in (
        (people.officer, Stage.FIRST_REVIEW),
        (people.chief, Stage.SECOND_REVIEW),
    ):
        assert current_stage(item) == stage
        html = open_modal(client, person, item)
        _shows_every_finding(html, _state(item))
        assert factories.shown(findings.PASS_UP_NOTE) in html
        assert 'name="override_reason"' not in html  # nobody asks them for a reason
        # The findings are listed above the checklist.
        assert html.index("data-editorial-findings") < html.index('name="no_state_secrets"')
        assert _approved(decide(client, person, item))

    assert current_stage(item) == Stage.THIRD_REVIEW
    html = open_modal(client, people.deputy, item)
    _shows_every_finding(html, _state(item))
    assert 'name="override_reason"' in html
    assert factories.shown(findings.OVERRIDE_ASKED) in html
    # Returning the item shows the findings too, and asks for no reason.
    html = open_modal(client, people.deputy, item, "reject")
    _shows_every_finding(html, _state(item))
    assert 'name="override_reason"' not in html


def test_the_deputy_head_passes_blocking_findings_only_with_a_reason(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site, importance=Importance.MAJOR)
    _to_third_review(client, staffed_site, item)
    third = _state(item)

    for reason in ("", "同意"):  # none, and too short to be a reason
        response = decide(client, people.deputy, item, override_reason=reason)
        _refused_in_modal(response, findings.OVERRIDE_REASON_REQUIRED)
        assert current_stage(item) == Stage.THIRD_REVIEW
        third.refresh_from_db()
        assert third.status == TaskState.STATUS_IN_PROGRESS and not third.override_reason
    # Wagtail's plain (non-modal) post and the editorial API's call are refused alike.
    factories.assert_admin_denied(act(client, people.deputy, item))
    with pytest.raises(PermissionDenied) as refused:
        stage_act(third, people.deputy, "approve", answers(Stage.THIRD_REVIEW))
    assert str(refused.value) == str(findings.OVERRIDE_REASON_REQUIRED)
    assert current_stage(item) == Stage.THIRD_REVIEW

    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    third.refresh_from_db()
    assert third.status == TaskState.STATUS_APPROVED
    assert third.override_reason == REASON and third.finished_by == people.deputy

    # 签发 and the proofreading stages see the findings and who passed them, and may approve.
    assert current_stage(item) == Stage.SIGN_OFF
    for person in (people.principal, people.webmaster, people.chief):
        html = open_modal(client, person, item)
        assert factories.shown(REASON) in html
        assert 'name="override_reason"' not in html
        assert _approved(decide(client, person, item))
    assert current_stage(item) == Stage.THIRD_PROOF
    assert _approved(decide(client, people.deputy, item))
    item = fresh(item)
    assert item.live and Clearance.objects.filter(revision_id=item.live_revision_id).exists()


def test_nobody_else_may_give_an_override_reason(client, staffed_site, dictionary):
    people = staffed_site.people
    item = _draft(staffed_site)
    submit(client, people.author, item)
    assert _approved(decide(client, people.officer, item))
    # The section chief at the second review.
    response = decide(client, people.chief, item, override_reason=REASON)
    _refused_in_modal(response, findings.OVERRIDE_NOT_ALLOWED)
    assert current_stage(item) == Stage.SECOND_REVIEW
    with pytest.raises(PermissionDenied) as refused:  # as the editorial API calls it
        stage_act(
            _state(item),
            people.chief,
            "approve",
            {**answers(Stage.SECOND_REVIEW), "override_reason": REASON},
        )
    assert str(refused.value) == str(findings.OVERRIDE_NOT_ALLOWED)
    assert current_stage(item) == Stage.SECOND_REVIEW
    assert not ReviewTaskState.objects.exclude(override_reason="").exists()

    # The section chief again at the second proofreading, after the deputy head passed them.
    assert _approved(decide(client, people.chief, item))
    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    assert _approved(decide(client, people.webmaster, item))
    assert current_stage(item) == Stage.SECOND_PROOF
    response = decide(client, people.chief, item, override_reason="我也同意放行这些问题。")
    _refused_in_modal(response, findings.OVERRIDE_NOT_ALLOWED)
    assert current_stage(item) == Stage.SECOND_PROOF
    assert list(
        ReviewTaskState.objects.exclude(override_reason="").values_list("stage", flat=True)
    ) == [Stage.THIRD_REVIEW]
    # Returning is never refused: a reason sent with a return passes nothing and is dropped.
    second_proof = _state(item)
    stage_act(
        second_proof, people.chief, "reject", {"opinion": "退回。", "override_reason": REASON}
    )
    second_proof.refresh_from_db()
    assert second_proof.status == TaskState.STATUS_REJECTED and second_proof.override_reason == ""


def test_a_content_change_after_the_override_needs_a_new_one(client, staffed_site, dictionary):
    people = staffed_site.people
    item = _draft(staffed_site)
    _to_third_review(client, staffed_site, item)
    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    assert current_stage(item) == Stage.FIRST_PROOF

    page = fresh(item)
    page.body = f"<p>本次活动{SEVERE}，作为惠民举措。</p>"  # the number is gone, the term stays
    page.save_revision(user=people.author)
    assert current_stage(item) == Stage.FIRST_REVIEW  # the change restarted the review
    restarted = _state(item)
    assert restarted.revision_id == fresh(item).latest_revision_id
    assert ReviewTaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).count() == 1
    # Scanned again, on the new content.
    assert {f["kind"] for f in findings.blocking(restarted.findings)} == {"sensitive_term"}
    assert _approved(decide(client, people.officer, item))
    assert _approved(decide(client, people.chief, item))
    assert current_stage(item) == Stage.THIRD_REVIEW
    # The old override is history; it passes nothing now.
    response = decide(client, people.deputy, item)
    _refused_in_modal(response, findings.OVERRIDE_REASON_REQUIRED)
    assert current_stage(item) == Stage.THIRD_REVIEW
    old = ReviewTaskState.objects.get(stage=Stage.THIRD_REVIEW, status=TaskState.STATUS_APPROVED)
    assert old.override_reason == REASON and old.revision_id != _state(item).revision_id


def test_after_the_third_review_an_override_counts_only_for_its_exact_content(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _to_third_review(client, staffed_site, item)
    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    first_proof = _state(item)
    third = ReviewTaskState.objects.get(stage=Stage.THIRD_REVIEW)
    assert findings.override_covering(first_proof) == third
    # Had the override been given for other content, it would cover nothing here ...
    ReviewTaskState.objects.filter(pk=third.pk).update(content_hash="0" * 64)
    assert findings.override_covering(first_proof) is None
    html = open_modal(client, people.webmaster, item)
    assert factories.shown(findings.BLOCKING_NOT_PASSED) in html
    # ... and the approval is refused (the review goes back to the first stage besides: the
    # records no longer agree on what was reviewed).
    factories.assert_admin_denied(decide(client, people.webmaster, item))
    assert ReviewTaskState.objects.get(pk=first_proof.pk).status != TaskState.STATUS_APPROVED


def test_a_blocking_finding_the_deputy_head_did_not_see_is_not_covered(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _to_third_review(client, staffed_site, item)
    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    # The dictionary gains a severe term found in the item after the third review.
    SensitiveTerm.objects.create(term="惠民举措", category="sensitive", severity="blocking")
    assert _approved(decide(client, people.webmaster, item))  # 一校 opened before: not in its scan
    assert current_stage(item) == Stage.SECOND_PROOF
    assert any("惠民举措" in f["excerpt"] for f in findings.blocking(_state(item).findings))
    html = open_modal(client, people.chief, item)
    assert factories.shown(findings.BLOCKING_NOT_PASSED) in html
    factories.assert_admin_denied(decide(client, people.chief, item))
    assert current_stage(item) == Stage.SECOND_PROOF


def test_the_final_publication_refuses_uncovered_blocking_findings(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site, body="<p>区政府召开惠民活动动员会。</p>")
    _to_third_review(client, staffed_site, item)
    assert _approved(decide(client, people.deputy, item))  # clean: no reason asked
    assert _approved(decide(client, people.webmaster, item))
    assert _approved(decide(client, people.chief, item))
    assert current_stage(item) == Stage.THIRD_PROOF
    # A severe term enters the dictionary after the last stage was scanned.
    SensitiveTerm.objects.create(term="动员会", category="political", severity="blocking")

    factories.assert_admin_denied(decide(client, people.deputy, item))
    last = _state(item)
    assert current_stage(item) == Stage.THIRD_PROOF and last.status == TaskState.STATUS_IN_PROGRESS
    assert not fresh(item).live

    # Called directly, with every stage marked approved, the publication still refuses.
    ReviewTaskState.objects.filter(pk=last.pk).update(status=TaskState.STATUS_APPROVED)
    with pytest.raises(PermissionDenied) as refused:
        finish_and_publish(last.workflow_state, user=people.deputy)
    assert str(refused.value) == str(findings.BLOCKING_NOT_PASSED)
    assert not fresh(item).live
    assert not Clearance.objects.filter(page_id=item.pk).exists()


def test_a_clean_item_never_asks_for_a_reason(client, staffed_site, dictionary):
    people = staffed_site.people
    item = _draft(staffed_site, body="<p>区政府召开专题会议，部署下一阶段工作。</p>")
    _to_third_review(client, staffed_site, item)
    assert _state(item).findings == []
    html = open_modal(client, people.deputy, item)
    assert factories.shown(findings.NOTHING_FOUND) in html
    assert 'name="override_reason"' not in html
    assert factories.shown(findings.OVERRIDE_ASKED) not in html
    # A reason sent anyway (by a hand-made request) passes nothing and is not recorded.
    assert _approved(decide(client, people.deputy, item, override_reason=REASON))
    assert ReviewTaskState.objects.get(stage=Stage.THIRD_REVIEW).override_reason == ""


def test_findings_that_do_not_block_never_stop_an_approval(client, staffed_site, dictionary):
    people = staffed_site.people
    item = _draft(staffed_site, body="<p>区政府召开专题会议，做为下一阶段工作部署。</p>")
    _to_third_review(client, staffed_site, item)
    stored = _state(item).findings
    assert stored and not findings.blocking(stored)
    html = open_modal(client, people.deputy, item)
    assert factories.shown(findings.FOUND_WARNINGS) in html
    assert factories.shown(stored[0]["message"]) in html
    assert 'name="override_reason"' not in html
    assert _approved(decide(client, people.deputy, item))
    assert _approved(decide(client, people.webmaster, item))
    assert current_stage(item) == Stage.SECOND_PROOF


def test_the_editor_shows_the_findings_of_the_current_draft_before_submission(
    client, staffed_site, dictionary
):
    people = staffed_site.people
    item = _draft(staffed_site, body="<p>区政府召开专题会议。</p>")
    factories.login(client, people.author)
    new_item = client.get(f"/admin/pages/add/content/newspage/{staffed_site.column.pk}/")
    assert b"data-editorial-findings" in new_item.content  # an empty new item: nothing found
    url = f"/admin/pages/{item.pk}/edit/"
    page = client.get(url).content.decode()
    assert "data-editorial-findings" in page and "data-blocking" not in page
    assert factories.shown(findings.NOTHING_FOUND) in page

    edited = fresh(item)
    edited.body = BODY_WITH_BLOCKING
    edited.save_revision(user=people.author)  # the author saves a new draft
    page = client.get(url).content.decode()
    assert "data-blocking" in page
    assert factories.shown(MOBILE) in page
    assert factories.shown(str(NewsPage._meta.get_field("body").verbose_name)) in page
    place = len("如有疑问请联系王科长，电话") + 1  # the number's first character in the body
    assert factories.shown(findings.CHARACTER % {"number": place}) in page

    # The author may still submit, and is told what the first stage found.
    response = submit(client, people.author, item)
    assert response.status_code == 302 and current_stage(item) == Stage.FIRST_REVIEW
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    count = len(findings.blocking(_state(item).findings))
    assert any(SUBMITTED_WITH_BLOCKING % {"count": count} in text for text in texts), texts


def test_a_failing_check_neither_breaks_submission_nor_lets_the_item_pass_unchecked(
    client, staffed_site, dictionary, monkeypatch, caplog
):
    """A detector's internal error is simulated (none exists to trigger for real)."""
    from editorial.prechecks import detectors

    def broken(text):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(detectors, "find_mobile_numbers", broken)
    people = staffed_site.people
    item = _draft(staffed_site, body="<p>区政府召开专题会议。</p>")
    with caplog.at_level(logging.ERROR, logger="editorial.findings"):
        assert submit(client, people.author, item).status_code == 302
    assert current_stage(item) == Stage.FIRST_REVIEW
    assert [f["kind"] for f in _state(item).findings] == [findings.SCAN_FAILED_KIND]
    assert any(
        record.exc_info and "detector bug" in str(record.exc_info[1]) for record in caplog.records
    )
    html = open_modal(client, people.officer, item)
    assert factories.shown(findings.SCAN_FAILED) in html
    assert _approved(decide(client, people.officer, item))
    assert _approved(decide(client, people.chief, item))
    # Checked by hand, passed only with the deputy head's reason.
    _refused_in_modal(decide(client, people.deputy, item), findings.OVERRIDE_REASON_REQUIRED)
    assert _approved(decide(client, people.deputy, item, override_reason="已逐字人工核对全文。"))
