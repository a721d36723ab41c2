"""One action turns an approved reply into a draft knowledge entry, personal data masked, in the
site's knowledge-base column; it goes public only through review."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from knowledgebase.drafting import DRAFTED_LOG_ACTION, NO_COLUMN, NOT_ANSWERED
from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Message
from knowledgebase.models import KnowledgeEntryPage
from publicapi.models import PublicPage
from tests import factories

from .conftest import SENDER_MOBILE, SENDER_NAME, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(client, platform):
    submit(
        client,
        platform,
        subject=f"我是{SENDER_NAME}，城乡居民养老保险最低缴多少年",
        content=f"我叫{SENDER_NAME}，电话{SENDER_MOBILE}，想问最低缴费年限。",
    )
    message = Message.objects.get()
    services.reply_write(
        message=message,
        user=platform["clerk"],
        text=f"{SENDER_NAME}您好：最低缴费年限为15年。\n可拨打{SENDER_MOBILE}以外的0917-2861207咨询。",
    )
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_approve(message=message, user=platform["chief"])
    return Message.objects.get()


@pytest.fixture
def kb_column(platform, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return factories.column(
            platform["site"].root_page, "知识库", owner=platform["department"], slug="zsk"
        )


def test_an_approved_reply_becomes_a_masked_draft_entry(client, platform, answered, kb_column):
    detail = reverse("mailbox_messages:detail", args=[answered.pk])
    factories.login(client, platform["clerk"])
    assert "转为知识库条目草稿" in client.get(detail).content.decode()
    response = client.post(detail, {"action": "entry"})
    entry = KnowledgeEntryPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[entry.pk])
    assert entry.get_parent().pk == kb_column.pk
    assert not entry.live and entry.has_unpublished_changes
    assert list(entry.source_messages.all()) == [answered]
    written = entry.title + entry.summary + entry.body
    assert SENDER_NAME not in written and SENDER_MOBILE not in written
    assert "15年" in entry.body and "0917-2861207" not in entry.title
    assert not PublicPage.objects.filter(page_id=entry.pk).exists()
    log = ModelLogEntry.objects.get(action=DRAFTED_LOG_ACTION)
    assert (log.user, log.data["page"]) == (platform["clerk"], entry.pk)


def test_no_draft_before_approval_or_without_a_column(client, platform, kb_column):
    submit(client, platform)
    message = Message.objects.get()
    detail = reverse("mailbox_messages:detail", args=[message.pk])
    factories.login(client, platform["clerk"])
    assert "转为知识库条目草稿" not in client.get(detail).content.decode()
    page = client.post(detail, {"action": "entry"}, follow=True).content.decode()
    assert factories.shown(NOT_ANSWERED) in page
    assert not KnowledgeEntryPage.objects.exists()


def test_no_column_offering_entries_is_said_in_chinese(client, platform, answered):
    detail = reverse("mailbox_messages:detail", args=[answered.pk])
    factories.login(client, platform["clerk"])
    page = client.post(detail, {"action": "entry"}, follow=True).content.decode()
    assert factories.shown(NO_COLUMN) in page
    assert not KnowledgeEntryPage.objects.exists()


def test_staff_of_another_unit_cannot(client, platform, answered, kb_column):
    factories.login(client, platform["other_clerk"])
    detail = reverse("mailbox_messages:detail", args=[answered.pk])
    assert client.post(detail, {"action": "entry"}).status_code == 404
    assert not KnowledgeEntryPage.objects.exists()
