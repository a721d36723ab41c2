"""A correction republished through review sends an update; a take-down a withdrawal, to the
channels that received the item; what was never sent is superseded, not sent late."""

import json

from django.urls import reverse

from newmedia.distribution import worker
from newmedia.distribution.models import Action, Delivery, State
from tests import factories
from tests.editorial import flow

from .conftest import webhook_channel


def _events(receiver):
    return [
        (request.headers["X-Govcms-Event"], json.loads(request.body)["item"]["title"])
        for request in receiver.requests
    ]


def test_a_correction_through_review_sends_an_update(client, staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column, "原标题", publish=False)
    first = flow.through_the_chain(client, staffed_site, item)
    worker.deliver_due()

    second = flow.through_the_chain(client, staffed_site, item, title="更正后的标题")

    update = Delivery.objects.latest("pk")
    assert (update.action, update.revision_id) == (Action.UPDATE, second.pk)
    assert second.pk != first.pk
    worker.deliver_due()
    assert _events(receiver) == [("publish", "原标题"), ("update", "更正后的标题")]


def test_a_takedown_sends_a_withdrawal(client, staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column, "将被下线的稿件")
    worker.deliver_due()

    factories.login(client, staffed_site.people.webmaster)
    response = client.post(reverse("editorial_takedown", args=[item.pk]), {"reason": "内容有误"})
    assert response.status_code == 302

    withdrawal = Delivery.objects.latest("pk")
    assert (withdrawal.action, withdrawal.state) == (Action.WITHDRAW, State.QUEUED)
    worker.deliver_due()
    assert [event for event, _title in _events(receiver)] == ["publish", "withdraw"]
    body = json.loads(receiver.requests[-1].body)
    assert body["item"] == {
        "id": item.pk,
        "title": "将被下线的稿件",
        "url": f"http://{staffed_site.site.hostname}/zwyw/{item.slug}/",
    }


def test_a_takedown_before_sending_supersedes_and_sends_nothing(client, staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column)
    factories.login(client, staffed_site.people.webmaster)
    client.post(reverse("editorial_takedown", args=[item.pk]), {"reason": "内容有误"})

    assert list(Delivery.objects.values_list("action", "state")) == [
        (Action.PUBLISH, State.CANCELLED)
    ]
    assert sum(worker.deliver_due().values()) == 0
    assert receiver.requests == []


def test_a_channel_that_never_received_the_item_gets_a_publish(staffed_site, receiver):
    """A correction of an item whose first delivery failed is a publish for that channel."""
    failing = webhook_channel(staffed_site, "/reject", receiver)
    item = factories.news(staffed_site.column, "第一版")
    worker.deliver_due()
    assert Delivery.objects.get(channel=failing).state == State.FAILED

    factories.publish_reviewed(item.save_revision())

    assert Delivery.objects.latest("pk").action == Action.PUBLISH


def test_an_update_waits_for_the_earlier_delivery_of_the_item(staffed_site, receiver):
    webhook_channel(staffed_site, "/flaky", receiver)
    item = factories.news(staffed_site.column, "第一版")
    assert worker.deliver_due()["retry"] == 1  # the publish is tried once: it may have arrived
    item.title = "第二版"
    factories.publish_reviewed(item.save_revision())

    assert list(Delivery.objects.order_by("pk").values_list("action", "state")) == [
        (Action.PUBLISH, State.QUEUED),
        (Action.UPDATE, State.QUEUED),
    ]
    # The publish goes first; the update only once it is done.
    worker.deliver_due()
    assert _events(receiver) == [("publish", "第一版"), ("publish", "第一版")]
    worker.deliver_due()
    assert _events(receiver)[-1] == ("update", "第二版")


def test_deleting_a_live_item_sends_a_withdrawal(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    item = factories.news(staffed_site.column, "将被删除的稿件")
    worker.deliver_due()

    item.delete()

    withdrawal = Delivery.objects.get(action=Action.WITHDRAW)
    assert withdrawal.page_id is None and withdrawal.title == "将被删除的稿件"
    worker.deliver_due()
    assert _events(receiver) == [("publish", "将被删除的稿件"), ("withdraw", "将被删除的稿件")]
    # The item's earlier delivery stays on record without it.
    assert Delivery.objects.get(action=Action.PUBLISH).page_id is None
