"""A delivery is claimed by one worker at a time; a claim whose worker died expires and the
delivery is taken over; an outcome is recorded only by the worker holding the claim."""

from datetime import timedelta

from django.utils import timezone

from newmedia.distribution import outbox
from newmedia.distribution.adapters import delivered
from newmedia.distribution.models import Delivery, State
from tests import factories

from .conftest import webhook_channel


def test_a_claimed_delivery_is_not_claimed_again_until_its_claim_expires(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column)
    [first] = outbox.claim()
    assert outbox.claim() == []

    Delivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    [second] = outbox.claim()
    assert second.pk == first.pk and second.claim_token != first.claim_token
    assert second.attempts == 2

    # The first worker comes back late: its claim is gone, its outcome is not written.
    assert outbox.record(first, delivered()) is False
    assert Delivery.objects.get().state == State.SENDING
    assert outbox.record(second, delivered()) is True
    assert Delivery.objects.get().state == State.DELIVERED


def test_an_inactive_channel_keeps_its_deliveries_waiting(staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column)
    channel.active = False
    channel.save()
    assert outbox.claim() == []
    assert Delivery.objects.get().state == State.QUEUED
