"""A pinned announcement's minimum display (R7) counts from the day it goes live: a closure
notice reviewed with exactly 30 days of pin, whose last approval comes a day later, is refused
with the rule's message, not published short and not answered with a server error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.content.announcements import PIN_TOO_SHORT_DAYS, AnnouncementKind
from cms.content.models import NoticePage
from editorial.stages import Stage

from .flow import current_stage, fresh
from .test_api import Client, _forget_cached_sites, _in_stage, said  # noqa: F401


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward: the test cannot wait a day for the last approval."""

    def travel(delta: timedelta):
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return travel


def test_a_pin_too_short_on_the_day_of_publication_refuses_the_last_approval(
    client, staffed_site, later
):
    drafted_on = timezone.localdate()
    item = _in_stage(
        client,
        staffed_site,
        Stage.THIRD_PROOF,
        page_class=NoticePage,
        announcement_kind=AnnouncementKind.CLOSURE,
        pinned_until=drafted_on + timedelta(days=30),
    )
    later(timedelta(days=1))

    response = Client(client, staffed_site.people.deputy).approve(item)

    assert response.status_code == 403, response.content
    assert said(response) == str(PIN_TOO_SHORT_DAYS) % {
        "kind": AnnouncementKind.CLOSURE.label,
        "days": 30,
        "earliest": (drafted_on + timedelta(days=31)).isoformat(),
    }
    assert not fresh(item).live
    assert current_stage(item) == Stage.THIRD_PROOF


def test_the_same_notice_approved_the_same_day_goes_live(client, staffed_site):
    item = _in_stage(
        client,
        staffed_site,
        Stage.THIRD_PROOF,
        page_class=NoticePage,
        announcement_kind=AnnouncementKind.CLOSURE,
        pinned_until=timezone.localdate() + timedelta(days=30),
    )

    response = Client(client, staffed_site.people.deputy).approve(item)

    assert response.status_code == 200, response.content
    assert fresh(item).live
