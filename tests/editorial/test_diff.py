"""What changed between what was approved and what is now under review (issue 3, integrity)."""

import pytest
from django.urls import reverse

from editorial.audit_hooks import SEE_WHAT_CHANGED
from editorial.diff import approved_and_current
from editorial.stages import Stage
from tests import factories

from .flow import act, current_stage, fresh, submit

pytestmark = pytest.mark.django_db

APPROVED_TEXT = "全区共投入防汛资金三千万元"
CHANGED_TEXT = "全区共投入防汛资金五千万元"


def _in_review(client, staffed_site):
    item = factories.news(
        staffed_site.column,
        "区政府部署防汛工作",
        publish=False,
        owner=staffed_site.people.author,
        body=f"<p>{APPROVED_TEXT}。</p>",
    )
    assert submit(client, staffed_site.people.author, item).status_code == 302
    return item


def _edit_view(client, person, item) -> str:
    factories.login(client, person)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_reviewer_sees_what_changed_since_the_item_was_approved(client, staffed_site):
    people = staffed_site.people
    item = _in_review(client, staffed_site)
    act(client, people.officer, item)
    act(client, people.chief, item)
    assert current_stage(item) == Stage.THIRD_REVIEW
    approved_revision = fresh(item).latest_revision_id

    # The author changes the body: the review starts again at the first review.
    page = fresh(item)
    page.body = f"<p>{CHANGED_TEXT}。</p>"
    page.save_revision(user=people.author)
    assert current_stage(item) == Stage.FIRST_REVIEW
    current_revision = fresh(item).latest_revision_id
    assert approved_and_current(fresh(item)) == (approved_revision, current_revision)

    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[item.pk, approved_revision, current_revision],
    )
    editor = _edit_view(client, people.officer, item)
    assert factories.shown(SEE_WHAT_CHANGED) in editor and compare_url in editor

    comparison = client.get(compare_url)
    assert comparison.status_code == 200
    text = comparison.content.decode()
    assert "五千万元" in text and "三千万元" in text


def test_no_link_while_the_item_is_what_was_approved_or_for_someone_who_does_not_review_it(
    client, staffed_site
):
    people = staffed_site.people
    item = _in_review(client, staffed_site)
    assert approved_and_current(fresh(item)) == (None, fresh(item).latest_revision_id)
    act(client, people.officer, item)
    # The second review sees exactly what the first approved.
    revision = fresh(item).latest_revision_id
    assert approved_and_current(fresh(item)) == (revision, revision)
    assert factories.shown(SEE_WHAT_CHANGED) not in _edit_view(client, people.chief, item)

    page = fresh(item)
    page.body = f"<p>{CHANGED_TEXT}。</p>"
    page.save_revision(user=people.author)
    # The author, who cannot review the item, is not shown the reviewer's link.
    assert factories.shown(SEE_WHAT_CHANGED) not in _edit_view(client, people.author, item)
    assert factories.shown(SEE_WHAT_CHANGED) in _edit_view(client, people.officer, item)


def test_a_live_item_under_review_again_is_compared_with_its_live_revision(client, staffed_site):
    item = factories.news(
        staffed_site.column,
        "区政府部署防汛工作",
        owner=staffed_site.people.author,
        body=f"<p>{APPROVED_TEXT}。</p>",
    )
    live_revision = fresh(item).live_revision_id
    page = fresh(item)
    page.body = f"<p>{CHANGED_TEXT}。</p>"
    page.save_revision(user=staffed_site.people.author)
    submit(client, staffed_site.people.author, item)

    current = fresh(item).latest_revision_id
    assert current != live_revision
    assert approved_and_current(fresh(item)) == (live_revision, current)
    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare", args=[item.pk, live_revision, current]
    )
    editor = _edit_view(client, staffed_site.people.officer, item)
    assert factories.shown(SEE_WHAT_CHANGED) in editor and compare_url in editor
