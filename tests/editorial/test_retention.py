"""Wagtail's ``purge_revisions`` keeps the review's evidence (editorial/retention.py): the
revisions review stages were opened on, with their records, and the cleared revisions."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from wagtail.models import Revision

from editorial.models import Clearance, ReviewTaskState
from tests import factories

from .flow import act, fresh, submit, through_the_chain

# Wagtail's command deletes each revision in its own transaction and counts a refusal (a
# ``ProtectedError`` raised inside Django's deletion) as "ignored": it runs in autocommit, as
# the command does from cron, not inside a test's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _published(client, staffed_site, title):
    item = factories.news(
        staffed_site.column, title, publish=False, owner=staffed_site.people.author
    )
    through_the_chain(client, staffed_site, item)
    item = fresh(item)
    assert item.live
    return item


def _draft_revisions(item, count):
    item = fresh(item)
    for number in range(count):
        item.title = f"{item.title}（修改稿{number + 1}）"
        item.save_revision(user=item.owner)
    return fresh(item)


def _purge() -> str:
    out = StringIO()
    call_command("purge_revisions", stdout=out)
    return out.getvalue()


def test_purging_keeps_reviewed_and_cleared_revisions_and_their_records(client, staffed_site):
    item = _published(client, staffed_site, "区政府召开常务会议")
    reviewed = set(
        ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk)).values_list(
            "revision_id", flat=True
        )
    )
    records = ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk)).count()
    cleared = item.live_revision_id
    before = set(item.revisions.values_list("pk", flat=True))
    # An untouched draft first, then two edits after publication that nobody reviewed.
    item = _draft_revisions(item, 2)
    drafts = set(item.revisions.values_list("pk", flat=True)) - before
    unreviewed_old = before - reviewed - {cleared}

    output = _purge()

    left = set(Revision.objects.filter(pk__in=before | drafts).values_list("pk", flat=True))
    assert reviewed | {cleared, item.latest_revision_id} <= left
    assert not (left & (unreviewed_old | (drafts - {item.latest_revision_id})))
    assert ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk)).count() == records
    assert Clearance.objects.filter(revision_id=cleared).exists()
    assert fresh(item).live_revision_id == cleared
    assert "protected relations" in output


def test_the_records_of_a_return_are_kept_after_the_item_is_published(client, staffed_site):
    item = factories.news(
        staffed_site.column, "征求意见稿", publish=False, owner=staffed_site.people.author
    )
    assert submit(client, staffed_site.people.author, item).status_code == 302
    act(client, staffed_site.people.officer, item)
    act(client, staffed_site.people.chief, item, "reject")
    returned = {
        (state.pk, state.revision_id, state.status)
        for state in ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk))
    }
    # Corrected and sent again: through every stage to publication.
    through_the_chain(client, staffed_site, item, title="征求意见稿（修改）")
    assert fresh(item).live
    _draft_revisions(item, 2)

    _purge()

    kept = {
        (state.pk, state.revision_id, state.status)
        for state in ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk))
    }
    assert returned <= kept
    assert all(Revision.objects.filter(pk=revision).exists() for _pk, revision, _s in returned)


def test_the_command_is_this_apps_and_deleting_a_page_still_works(client, staffed_site):
    assert get_commands()["purge_revisions"] == "editorial"
    item = _published(client, staffed_site, "年度工作报告")
    _purge()
    pk = item.pk
    fresh(item).delete()
    assert not ReviewTaskState.objects.filter(workflow_state__object_id=str(pk)).exists()
    assert not Revision.objects.filter(object_id=str(pk)).exists()
