"""A live item whose public address changes — moved with Wagtail's move, or under a column
published with a new slug — is sent to the channels that hold it again, as an update with its
new address (a correction's follow-up, R28); one not sent yet goes out with the new address."""

import json

from wagtail.actions.move_page import MovePageAction

from cms.content.models import ColumnPage
from editorial.takedown import take_down
from newmedia.distribution import worker
from newmedia.distribution.models import Action, Delivery, State
from tests import factories

from .conftest import webhook_channel


def _events(receiver):
    return [
        (request.headers["X-Govcms-Event"], json.loads(request.body)["item"]["url"])
        for request in receiver.requests
    ]


def test_a_moved_item_is_sent_again_with_its_new_address(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    other = factories.column(
        staffed_site.site.root_page, "通知公告", owner=staffed_site.office, slug="tzgg"
    )
    item = factories.news(staffed_site.column, "搬家的稿件")
    worker.deliver_due()
    host = f"http://{staffed_site.site.hostname}"
    old = f"{host}/zwyw/{item.slug}/"

    MovePageAction(item, other, pos="last-child", user=factories.superuser()).execute(
        skip_permission_checks=True
    )
    update = Delivery.objects.latest("pk")
    assert (update.action, update.state) == (Action.UPDATE, State.QUEUED)
    assert update.revision_id == item.live_revision_id
    worker.deliver_due()
    new = f"{host}/tzgg/{item.slug}/"
    assert _events(receiver) == [("publish", old), ("update", new)]

    # Moved in place (a reorder, same address): nothing more.
    count = Delivery.objects.count()
    sibling = factories.news(other, "另一篇")
    worker.deliver_due()
    MovePageAction(item, sibling, pos="right", user=None).execute(skip_permission_checks=True)
    assert Delivery.objects.count() == count  # (the sibling is in no channel's columns)


def test_a_renamed_column_sends_its_items_new_addresses(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    sent = factories.news(staffed_site.column, "已发送的稿件")
    worker.deliver_due()
    waiting = factories.news(staffed_site.column, "尚未发送的稿件")  # queued, not tried
    host = f"http://{staffed_site.site.hostname}"

    column = ColumnPage.objects.get(pk=staffed_site.column.pk)
    column.slug = "xwzx"
    factories.publish_reviewed(column.save_revision())

    worker.deliver_due()
    events = _events(receiver)
    assert events[0] == ("publish", f"{host}/zwyw/{sent.slug}/")
    assert sorted(events[1:]) == sorted(
        [("update", f"{host}/xwzx/{sent.slug}/"), ("publish", f"{host}/xwzx/{waiting.slug}/")]
    )
    # Published again unchanged: the addresses are those sent, nothing is queued.
    count = Delivery.objects.count()
    factories.publish_reviewed(column.save_revision())
    assert Delivery.objects.count() == count


def test_a_channel_that_withdrew_the_item_gets_nothing(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    other = factories.column(
        staffed_site.site.root_page, "通知公告", owner=staffed_site.office, slug="tzgg"
    )
    item = factories.news(staffed_site.column, "下线后搬家")
    worker.deliver_due()
    take_down(item, user=staffed_site.people.webmaster, reason="内容有误")
    worker.deliver_due()
    count = Delivery.objects.count()
    MovePageAction(item, other, pos="last-child", user=None).execute(skip_permission_checks=True)
    assert Delivery.objects.count() == count
