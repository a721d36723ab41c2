"""Published exchanges (R23, R26): only what the sender allowed, answered and approved, with
personal data masked; and no public answer ever holds a sender's contact details."""

import pytest

from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Message

from .conftest import PREFIX, SENDER_ID, SENDER_MOBILE, SENDER_NAME, lookup, pdf, submit

pytestmark = pytest.mark.django_db


def handled(platform, message, text):
    services.reply_write(message=message, user=platform["clerk"], text=text)
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_approve(message=message, user=platform["chief"])


def test_only_allowed_valid_approved_exchanges_are_public_and_masked(client, platform):
    content = f"我是{SENDER_NAME}，住在渭滨区经二路12号3号楼2单元501室，电话{SENDER_MOBILE}。"
    submit(client, platform, content=content)
    public = Message.objects.get()
    submit(client, platform, content="不同意公开的留言。", may_publish="false")
    private = Message.objects.exclude(pk=public.pk).get()
    submit(client, platform, content="待审核的留言。")
    waiting = Message.objects.exclude(pk__in=[public.pk, private.pk]).get()
    handled(platform, public, f"{SENDER_NAME}您好：已联系社区核实，请拨打0917-3261234。")
    handled(platform, private, "已答复。")
    services.reply_write(message=waiting, user=platform["clerk"], text="尚未审核的答复")
    services.reply_submit(message=waiting, user=platform["clerk"])

    listing = client.get(f"{PREFIX}/sites/{platform['site'].pk}/exchanges")
    assert listing.status_code == 200
    answer = listing.json()
    assert answer["count"] == 1 and answer["num_pages"] == 1
    (item,) = answer["items"]
    assert item["id"] == public.pk
    assert item["content"] == "我是李**，住在渭滨区经二路****，电话139****4567。"
    assert item["reply"] == "李**您好：已联系社区核实，请拨打0917-*****34。"
    assert item["mailbox"]["name"] == "区长信箱" and item["unit"] == platform["department"].name
    detail = client.get(f"{PREFIX}/sites/{platform['site'].pk}/exchanges/{public.pk}")
    assert detail.json() == item
    for hidden in (private, waiting):
        url = f"{PREFIX}/sites/{platform['site'].pk}/exchanges/{hidden.pk}"
        assert client.get(url).status_code == 404


def test_exchanges_are_paginated(client, platform):
    for number in range(3):
        submit(client, platform, content=f"第{number}条留言。", mobile=f"1390000000{number}")
    for message in Message.objects.all():
        handled(platform, message, "答复。")
    url = f"{PREFIX}/sites/{platform['site'].pk}/exchanges"
    page = client.get(url, {"page": 2, "page_size": 2}).json()
    assert (page["count"], page["num_pages"], len(page["items"])) == (3, 2, 1)
    assert client.get(url, {"page_size": 1000}).status_code == 400


def test_no_public_answer_holds_the_senders_contact_details(client, platform):
    platform["mailbox"].requires_id_number = True
    platform["mailbox"].save()
    site = platform["site"].pk
    bodies = []
    response = submit(client, platform, id_number=SENDER_ID, files=[pdf()])
    bodies.append(response.content.decode())
    code = response.json()["code"]
    bodies.append(submit(client, platform, status=200, id_number=SENDER_ID).content.decode())
    bodies.append(submit(client, platform, status=400, subject="").content.decode())
    message = Message.objects.get()
    handled(platform, message, "答复。")
    bodies.append(lookup(client, code).content.decode())
    for path in (
        f"/sites/{site}/mailboxes",
        f"/sites/{site}/exchanges",
        f"/sites/{site}/exchanges/{message.pk}",
        f"/sites/{site}/mailbox-statistics?from=2020-01-01&to=2029-12-31",
    ):
        response = client.get(PREFIX + path)
        assert response.status_code == 200, path
        bodies.append(response.content.decode())
    assert len(bodies) == 8
    for body in bodies:
        for secret in (SENDER_NAME, SENDER_MOBILE, SENDER_ID, SENDER_ID[:14], "材料.pdf"):
            assert secret not in body, (secret, body)
