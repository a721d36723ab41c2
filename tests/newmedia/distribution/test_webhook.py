"""An item published through review reaches a webhook channel: queued with the publication,
sent signed by the worker, retried when the endpoint fails for a while, failed with the
endpoint's reason when it refuses."""

import hashlib
import hmac
import json

import pytest
from django.db import transaction

from newmedia.distribution import worker
from newmedia.distribution.models import Action, Delivery, State
from newmedia.models import AccountState
from tests import factories
from tests.editorial import flow

from ..conftest import make_account
from . import receiver as receiver_module
from .conftest import SECRET, webhook_channel


def _verify(request) -> dict:
    """What a receiver does: recompute the signature over the timestamp and the body."""
    timestamp = request.headers["X-Govcms-Timestamp"]
    expected = hmac.new(
        SECRET.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(request.headers["X-Govcms-Signature"], "sha256=" + expected)
    return json.loads(request.body)


def test_an_item_through_review_is_delivered_signed(client, staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column, "区政府召开常务会议", publish=False)
    assert not Delivery.objects.exists()

    revision = flow.through_the_chain(client, staffed_site, item)

    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.page_id, delivery.revision_id) == (
        channel,
        item.pk,
        revision.pk,
    )
    assert (delivery.action, delivery.state) == (Action.PUBLISH, State.QUEUED)
    assert worker.deliver_due()["delivered"] == 1

    [request] = receiver.requests
    message = _verify(request)
    assert request.headers["Idempotency-Key"] == str(delivery.idempotency_key)
    assert request.headers["X-Govcms-Event"] == "publish"
    assert message["item"]["title"] == "区政府召开常务会议"
    assert message["item"]["body"] == "<p>正文内容。</p>"
    site = staffed_site.site
    assert message["item"]["url"] == f"http://{site.hostname}/zwyw/{item.slug}/"
    assert message["version"] == revision.pk
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.reason) == (State.DELIVERED, 1, "")
    # Nothing is left to send.
    assert sum(worker.deliver_due().values()) == 0
    assert len(receiver.requests) == 1


def test_a_tampered_body_fails_the_signature(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column, "原文")
    worker.deliver_due()
    [request] = receiver.requests
    request.body = request.body.replace("原文".encode(), "篡改".encode())
    with pytest.raises(AssertionError):
        _verify(request)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_delivery_is_written_in_the_publications_transaction(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column, publish=False)

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        factories.publish_reviewed(item.get_latest_revision())
        # Inside the publication's transaction, before it commits, the row is there.
        assert Delivery.objects.filter(page_id=item.pk).count() == 1
        raise Abandoned
    # The publication rolled back: so did its delivery; nothing goes out for it.
    item.refresh_from_db()
    assert not item.live
    assert not Delivery.objects.exists()


def test_an_item_outside_the_channels_columns_is_not_queued(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    other = factories.column(staffed_site.site.root_page, "通知公告", owner=staffed_site.office)
    factories.news(other)
    assert not Delivery.objects.exists()


def test_a_channel_takes_items_only_while_its_registered_account_runs(staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/ok", receiver)
    channel.account = make_account(staffed_site.office, state=AccountState.SUSPENDED)
    channel.save()
    factories.news(staffed_site.column, "暂停期间发布的新闻")
    assert not Delivery.objects.exists()

    channel.account.state = AccountState.RUNNING
    channel.account.save()
    item = factories.news(staffed_site.column, "恢复后发布的新闻")
    assert list(Delivery.objects.values_list("page_id", flat=True)) == [item.pk]


def test_an_endpoint_answering_500_is_retried_and_delivered_once(staffed_site, receiver):
    webhook_channel(staffed_site, "/flaky", receiver)
    factories.news(staffed_site.column)

    assert worker.deliver_due()["retry"] == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.QUEUED, 1)
    assert "500" in delivery.reason and "第 1 次" in delivery.reason

    assert worker.deliver_due()["delivered"] == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.DELIVERED, 2)
    keys = {request.headers["Idempotency-Key"] for request in receiver.on("/flaky")}
    assert keys == {str(delivery.idempotency_key)} and len(receiver.on("/flaky")) == 2
    assert sum(worker.deliver_due().values()) == 0


def test_retries_wait_longer_each_time_and_give_up_with_a_reason(settings, staffed_site, receiver):
    settings.NEWMEDIA_RETRY_SECONDS = 60
    settings.NEWMEDIA_MAX_ATTEMPTS = 3
    webhook_channel(staffed_site, "/slow", receiver)
    factories.news(staffed_site.column)
    waits = []
    for _attempt in range(3):
        assert sum(worker.deliver_due().values()) == 1
        delivery = Delivery.objects.get()
        waits.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
        # Not due yet: the worker leaves it.
        assert sum(worker.deliver_due().values()) == 0
        Delivery.objects.update(next_attempt_at=delivery.last_attempt_at)
    delivery.refresh_from_db()
    assert delivery.state == State.FAILED
    assert delivery.attempts == 3
    assert "未在规定时间内应答" in delivery.reason and "3 次" in delivery.reason
    # Counted from the end of the failed attempt (a timeout of half a second).
    assert 60 <= waits[0] < 62 and 120 <= waits[1] < 122


def test_a_hanging_endpoint_times_out_and_is_retried(staffed_site, receiver):
    webhook_channel(staffed_site, "/slow", receiver)
    factories.news(staffed_site.column)
    counts = worker.deliver_due()
    assert counts["retry"] == 1
    delivery = Delivery.objects.get()
    assert delivery.state == State.QUEUED
    assert delivery.attempts == 1
    assert "未在规定时间内应答" in delivery.reason
    assert len(receiver.on("/slow")) == 1


def test_an_endpoint_refusing_fails_the_delivery_with_its_reason(staffed_site, receiver):
    webhook_channel(staffed_site, "/reject", receiver)
    factories.news(staffed_site.column)
    assert worker.deliver_due()["failed"] == 1
    delivery = Delivery.objects.get()
    assert delivery.state == State.FAILED
    assert "422" in delivery.reason and receiver_module.REJECT_MESSAGE in delivery.reason
    assert delivery.result == {"status": 422}
    # Failed for good: the worker does not try again by itself.
    assert sum(worker.deliver_due().values()) == 0


def test_a_missing_secret_fails_with_a_chinese_reason(monkeypatch, staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver, secret_env="NO_SUCH_SECRET_VARIABLE")
    factories.news(staffed_site.column)
    assert worker.deliver_due()["failed"] == 1
    assert "NO_SUCH_SECRET_VARIABLE" in Delivery.objects.get().reason
    assert receiver.requests == []
