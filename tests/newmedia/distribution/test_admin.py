"""The admin: a unit's website administrator adds a channel, reads the deliveries of the units
in reach (not the others'), and retries a failed one; all in Chinese."""

import re

from django.urls import reverse

from cms.organisation.models import Role
from newmedia.distribution import worker
from newmedia.distribution.models import Channel, Delivery, State
from tests import factories

from .conftest import SECRET_ENV, webhook_channel


def test_a_website_administrator_adds_a_channel(client, staffed_site, receiver):
    factories.login(client, staffed_site.people.webmaster)
    url = reverse("newmedia_channels:add")
    assert client.get(url).status_code == 200
    data = {
        "unit": staffed_site.office.pk,
        "name": "某区发布 微博",
        "adapter": "webhook",
        "config": '{"url": "ftp://example", "secret_env": ""}',
        "columns": [staffed_site.column.pk],
        "active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "http:// 或 https://" in response.content.decode()
    assert not Channel.objects.exists()

    data["config"] = f'{{"url": "{receiver.url}/ok", "secret_env": "{SECRET_ENV}"}}'
    assert client.post(url, data).status_code == 302
    channel = Channel.objects.get()
    assert list(channel.columns.all()) == [staffed_site.column]
    factories.news(staffed_site.column)
    assert worker.deliver_due()["delivered"] == 1


def test_others_see_neither_the_channels_nor_the_deliveries(client, staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column)
    outsider = factories.user(unit=staffed_site.health, role=Role.SITE_ADMIN)
    factories.login(client, outsider)
    response = client.get(reverse("newmedia_deliveries"))
    assert response.status_code == 200
    assert "测试新闻" not in response.content.decode()
    response = client.get(reverse("newmedia_channels:edit", args=[channel.pk]))
    assert response.status_code in (403, 404)
    factories.login(client, staffed_site.people.author)
    assert client.get(reverse("newmedia_deliveries")).status_code in (302, 403)


def test_the_failure_is_read_and_retried(client, staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/reject", receiver)
    factories.news(staffed_site.column, "被拒收的稿件")
    worker.deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.state == State.FAILED

    factories.login(client, staffed_site.people.webmaster)
    page = client.get(reverse("newmedia_deliveries"), {"state": "failed"}).content.decode()
    assert "被拒收的稿件" in page and "失败" in page and "栏目不存在" in page
    assert "重新发送" in page

    channel.config["url"] = receiver.url + "/ok"
    channel.save()
    response = client.post(reverse("newmedia_delivery_retry", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.retried_by) == (State.QUEUED, staffed_site.people.webmaster)
    assert worker.deliver_due()["delivered"] == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.manual_retries) == (State.DELIVERED, 2, 1)

    # Only a failed delivery is retried.
    response = client.post(reverse("newmedia_delivery_retry", args=[delivery.pk]), follow=True)
    assert "只有发送失败的分发才能重新发送" in response.content.decode()
    assert Delivery.objects.get().state == State.DELIVERED


def test_the_admin_pages_are_in_chinese(client, staffed_site, receiver):
    channel = webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column)
    factories.login(client, staffed_site.people.webmaster)
    for url in (
        reverse("newmedia_deliveries"),
        reverse("newmedia_channels:index"),
        reverse("newmedia_channels:edit", args=[channel.pk]),
        reverse("newmedia_channels:add"),
    ):
        page = client.get(url).content.decode()
        shown = re.sub(r"<[^>]*>", " ", page)
        for english in ("Deliveries", "Channel", "Queued", "Attempts", "Retry", "adapter"):
            assert english not in shown, (url, english)
    assert "新媒体分发" in client.get(reverse("newmedia_deliveries")).content.decode()
