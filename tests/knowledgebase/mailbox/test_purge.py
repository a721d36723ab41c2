"""``manage.py mailbox_purge``: messages never published lose their personal data once the
retention period after their answer is over (R26); idempotent."""

import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Attachment, Message, SenderContact

from .conftest import pdf, submit

pytestmark = pytest.mark.django_db


def purge() -> str:
    out = io.StringIO()
    call_command("mailbox_purge", stdout=out)
    return out.getvalue()


def answer(platform, message):
    services.reply_write(message=message, user=platform["clerk"], text="答复。")
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_approve(message=message, user=platform["chief"])


def test_old_unpublished_messages_are_purged_once(client, platform, settings):
    submit(client, platform, may_publish="false", files=[pdf()])
    submit(client, platform, content="同意公开的留言。", mobile="13800000001")
    submit(client, platform, content="刚答复不久的留言。", mobile="13800000002")
    private, public, recent = Message.objects.order_by("pk")
    for message in (private, public, recent):
        answer(platform, message)
    long_ago = timezone.now() - datetime.timedelta(days=settings.MAILBOX_RETENTION_DAYS + 1)
    Message.objects.filter(pk__in=[private.pk, public.pk]).update(answered_at=long_ago)
    file_path = Attachment.objects.get().file.path

    assert purge().strip() == "已清除 1 条留言。"
    private.refresh_from_db()
    assert private.purged_at is not None and private.content == "" and private.subject == ""
    assert not SenderContact.objects.filter(message=private).exists()
    assert not Attachment.objects.exists()
    assert not os.path.exists(file_path)
    # Published and recent ones keep everything.
    assert SenderContact.objects.filter(message__in=[public, recent]).count() == 2
    assert purge().strip() == "已清除 0 条留言。"
