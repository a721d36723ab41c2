"""One rule, stated twice: may this revision go live on this page now?

The gate (:mod:`editorial.gate`, Python, on every ``save()``) and the database guard
(:mod:`editorial.dbguards`, a trigger, below ``QuerySet.update()`` and raw SQL) must answer alike:
cleared by a completed review for this page, and not gone live since that review started. This
table puts every case of the rule to both and compares the answers (the gate checks more — the
content hash, the row against the revision — which the cases here keep equal).
"""

import datetime

import pytest
from django.db import DatabaseError, transaction
from wagtail.log_actions import log
from wagtail.models import Page

from cms.content.models import NewsPage
from editorial import dbguards, services
from editorial.gate import go_live_refusal
from editorial.integrity import content_hash
from editorial.models import Clearance
from tests import factories

pytestmark = pytest.mark.django_db


def _clear(page, revision, workflow_state=None):
    Clearance.objects.create(
        page_id=page.pk,
        revision=revision,
        content_hash=content_hash(revision),
        workflow_state=workflow_state,
    )


def _in_review(staffed_site, page):
    return services.submit(page, staffed_site.people.author)


def _published_at(page, revision, when):
    log(instance=page, action="wagtail.publish", revision=revision, timestamp=when)


def never_reviewed(staffed_site):
    page = factories.news(staffed_site.column, "未经审核", publish=False)
    return page, page.get_latest_revision().pk


def cleared(staffed_site):
    page = factories.news(staffed_site.column, "已审核", publish=False)
    revision = page.get_latest_revision()
    _clear(page, revision)
    return page, revision.pk


def cleared_for_another_page(staffed_site):
    other = factories.news(staffed_site.column, "另一篇", publish=False)
    _clear(other, other.get_latest_revision())
    page = factories.news(staffed_site.column, "本篇", publish=False)
    return page, other.get_latest_revision().pk


def no_revision(staffed_site):
    page = factories.news(staffed_site.column, "无版本", publish=False)
    return page, None


def live_since_its_review_started(staffed_site):
    page = factories.news(staffed_site.column, "审核后已发布过", publish=False, owner=None)
    workflow_state = _in_review(staffed_site, page)
    revision = page.get_latest_revision()
    _clear(page, revision, workflow_state)
    _published_at(page, revision, workflow_state.created_at + datetime.timedelta(minutes=5))
    return page, revision.pk


def live_before_its_review_started(staffed_site):
    page = factories.news(staffed_site.column, "审核前发布过", publish=False, owner=None)
    workflow_state = _in_review(staffed_site, page)
    revision = page.get_latest_revision()
    _clear(page, revision, workflow_state)
    _published_at(page, revision, workflow_state.created_at - datetime.timedelta(days=1))
    return page, revision.pk


CASES = {
    never_reviewed: False,
    cleared: True,
    cleared_for_another_page: False,
    no_revision: False,
    live_since_its_review_started: False,
    live_before_its_review_started: True,
}


def _gate_admits(page_id, revision_id) -> bool:
    page = NewsPage.objects.get(pk=page_id)
    page.live, page.live_revision_id = True, revision_id
    return go_live_refusal(page) is None


def _database_admits(page_id, revision_id) -> bool:
    try:
        with transaction.atomic():
            Page.objects.filter(pk=page_id).update(live=True, live_revision_id=revision_id)
            transaction.set_rollback(True)  # asked, not done
    except DatabaseError as error:
        assert dbguards.is_refusal(error), error
        return False
    return True


@pytest.mark.parametrize(("case", "admitted"), CASES.items(), ids=[case.__name__ for case in CASES])
def test_the_gate_and_the_database_answer_alike(staffed_site, case, admitted):
    page, revision_id = case(staffed_site)
    assert _gate_admits(page.pk, revision_id) is admitted
    assert _database_admits(page.pk, revision_id) is admitted
