"""政民互动 in the admin, as the people who use it: the messages of their units with the
working days left, one message's actions, contact details read and logged, the chief's
dashboard panel, the mailboxes for website administrators."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.organisation.models import Role
from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Mailbox, Message, MessageState
from tests import factories
from tests.test_admin_chinese import english

from .conftest import SENDER_MOBILE, SENDER_NAME, pdf, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(client, platform):
    submit(client, platform)
    return Message.objects.get()


def test_the_unit_sees_its_messages_with_the_days_left(client, platform, message):
    factories.login(client, platform["clerk"])
    response = client.get(reverse("mailbox_messages:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert message.subject in page and "剩余工作日" in page
    factories.login(client, platform["other_clerk"])
    page = client.get(reverse("mailbox_messages:index")).content.decode()
    assert message.subject not in page
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    assert client.get(detail).status_code == 404


def test_contact_details_are_shown_on_request_and_the_read_is_logged(client, platform, message):
    factories.login(client, platform["clerk"])
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    page = client.get(detail).content.decode()
    assert SENDER_MOBILE not in page and "查看联系方式" in page
    assert not ModelLogEntry.objects.filter(action=services.LOG_VIEW_CONTACT).exists()
    page = client.post(detail, {"action": "contact"}).content.decode()
    assert SENDER_MOBILE in page and SENDER_NAME in page
    entry = ModelLogEntry.objects.get(action=services.LOG_VIEW_CONTACT)
    assert entry.user == platform["clerk"]


def test_a_senders_file_opens_for_the_unit_only_and_each_read_is_logged(client, platform):
    submit(client, platform, files=[pdf("身份证复印件.pdf")])
    attachment = Message.objects.get().attachments.get()
    address = reverse("mailbox_messages:attachment", args=[attachment.pk])
    factories.login(client, platform["other_clerk"])
    assert client.get(address).status_code == 404
    assert not ModelLogEntry.objects.filter(action=services.LOG_OPEN_ATTACHMENT).exists()
    factories.login(client, platform["clerk"])
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = ModelLogEntry.objects.get(action=services.LOG_OPEN_ATTACHMENT)
    assert entry.user == platform["clerk"]
    assert entry.data == {"attachment": attachment.pk, "name": "身份证复印件.pdf"}
    assert entry.message == "查看来信附件"


def test_reply_submit_approve_through_the_admin(client, platform, message):
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    factories.login(client, platform["clerk"])
    client.post(detail, {"action": "reply", "text": "您好，最低缴费年限为15年。"})
    client.post(detail, {"action": "submit"})
    assert Message.objects.get().state == MessageState.REPLY_SUBMITTED
    # The clerk cannot approve.
    client.post(detail, {"action": "approve"})
    assert Message.objects.get().state == MessageState.REPLY_SUBMITTED
    factories.login(client, platform["chief"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待您审核的答复" in dashboard and message.subject in dashboard
    client.post(detail, {"action": "approve"})
    message.refresh_from_db()
    assert message.state == MessageState.ANSWERED
    assert message.reply.approved_by == platform["chief"]


def test_transfer_and_invalid_through_the_admin(client, platform, message):
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    factories.login(client, platform["clerk"])
    response = client.post(detail, {"action": "transfer", "to_unit": platform["other"].pk})
    assert response.status_code == 200  # the form again: the reason is required
    assert Message.objects.get().unit == platform["department"]
    client.post(
        detail, {"action": "transfer", "to_unit": platform["other"].pk, "reason": "住房事项"}
    )
    assert Message.objects.get().unit == platform["other"]
    factories.login(client, platform["other_chief"])
    client.post(detail, {"action": "invalid", "invalid-reason": "广告信息"})
    assert Message.objects.get().state == MessageState.INVALID


def test_mailboxes_for_the_website_administrator_of_the_site(client, platform):
    admin = factories.user("wzgly", unit=platform["county"], role=Role.SITE_ADMIN)
    factories.login(client, admin)
    index = client.get(reverse("mailboxes:index"))
    assert index.status_code == 200 and "区长信箱" in index.content.decode()
    edit = reverse("mailboxes:edit", args=[platform["mailbox"].pk])
    assert client.get(edit).status_code == 200
    factories.login(client, platform["clerk"])
    assert client.get(reverse("mailboxes:index")).status_code in (302, 403)
    assert Mailbox.objects.count() == 1


def test_the_pages_speak_chinese(client, platform, message):
    """The checker of tests/test_admin_chinese.py on every page of 政民互动, in each state."""
    admin = factories.user("wzgly", unit=platform["county"], role=Role.SITE_ADMIN)
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    services.reply_write(message=message, user=platform["clerk"], text="答复。")
    pages = []
    factories.login(client, platform["clerk"])
    pages += [client.get(reverse("mailbox_messages:index")), client.get(detail)]
    pages.append(client.post(detail, {"action": "contact"}))
    pages.append(client.post(detail, {"action": "transfer", "to_unit": platform["other"].pk}))
    services.reply_submit(message=message, user=platform["clerk"])
    factories.login(client, platform["chief"])
    pages += [client.get(detail), client.get(reverse("wagtailadmin_home"))]
    factories.login(client, admin)
    pages += [
        client.get(reverse("mailboxes:index")),
        client.get(reverse("mailboxes:add")),
        client.get(reverse("mailboxes:edit", args=[platform["mailbox"].pk])),
    ]
    usernames = {"rsj_xxy", "rsj_kz", "wzgly"}
    found = {}
    for response in pages:
        assert response.status_code == 200
        for run in english(response.content.decode(), usernames):
            found.setdefault(run, response.request["PATH_INFO"])
    assert not found, found
