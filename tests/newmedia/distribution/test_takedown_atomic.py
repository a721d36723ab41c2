"""A take-down and the withdrawals it queues commit together or not at all
(``editorial.takedown.take_down`` is one transaction): a failure midway leaves every item live
and no withdrawal queued."""

import pytest
from django.dispatch import receiver as connect
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.signals import page_unpublished

from editorial.takedown import TAKEDOWN_LOG_ACTION, take_down
from newmedia.distribution import worker
from newmedia.distribution.models import Action, Delivery
from tests import factories

from .conftest import webhook_channel


class PlatformFault(Exception):
    """What a failure inside the take-down looks like here (a database or storage error)."""


def test_a_failure_midway_leaves_the_items_live_and_queues_nothing(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    first = factories.news(staffed_site.column, "第一篇")
    second = factories.news(staffed_site.column, "第二篇")
    worker.deliver_due()
    assert Delivery.objects.filter(action=Action.PUBLISH).count() == 2
    seen = []

    # A real receiver of Wagtail's signal, beside newmedia's: on the second item taken down,
    # after its withdrawal was queued, the platform fails.
    @connect(page_unpublished, weak=False)
    def fail_on_the_second(sender, instance, **kwargs):
        seen.append(Delivery.objects.filter(action=Action.WITHDRAW).count())
        if len(seen) == 2:
            raise PlatformFault

    try:
        with pytest.raises(PlatformFault):
            take_down(staffed_site.column, user=staffed_site.people.webmaster, reason="先行下线")
    finally:
        page_unpublished.disconnect(fail_on_the_second)

    assert seen == [1, 2]  # both withdrawals were written before the failure...
    for item in (first, second):
        item.refresh_from_db()
        assert item.live  # ...and the failure undid the take-down and them
    staffed_site.column.refresh_from_db()
    assert staffed_site.column.live
    assert not Delivery.objects.filter(action=Action.WITHDRAW).exists()
    assert not PageLogEntry.objects.filter(action=TAKEDOWN_LOG_ACTION).exists()
    assert not ModelLogEntry.objects.filter(action=TAKEDOWN_LOG_ACTION).exists()

    # Without the failure the same take-down commits with its withdrawals.
    taken = take_down(staffed_site.column, user=staffed_site.people.webmaster, reason="先行下线")
    assert {first.pk, second.pk} <= set(taken)
    assert Delivery.objects.filter(action=Action.WITHDRAW).count() == 2
