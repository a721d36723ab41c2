"""Handling a message: routing, transfer, reply, one approval by a section chief, contact
details read only by the units handling it, and logged (R23, R26)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Message, MessageState

from .conftest import SENDER_MOBILE, SENDER_NAME, lookup, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client, platform):
    code = submit(client, platform).json()["code"]
    return code, Message.objects.get()


def test_a_transfer_moves_the_message_with_its_reason_and_keeps_the_due_date(platform, sent):
    _code, message = sent
    due = message.due_on
    with pytest.raises(ValidationError) as refused:
        services.message_transfer(
            message=message, user=platform["clerk"], to_unit=platform["other"], reason=" "
        )
    assert refused.value.messages == [str(services.REASON_REQUIRED)]
    transfer = services.message_transfer(
        message=message,
        user=platform["clerk"],
        to_unit=platform["other"],
        reason="属于住房保障事项，由住建局办理。",
    )
    message.refresh_from_db()
    assert message.unit == platform["other"] and message.state == MessageState.TRANSFERRED
    assert message.due_on == due
    assert (transfer.from_unit, transfer.reason) == (platform["department"], transfer.reason)
    entry = ModelLogEntry.objects.get(action=services.LOG_TRANSFER)
    assert entry.user == platform["clerk"] and entry.data["reason"].startswith("属于住房")
    # The first unit no longer handles it; the new one does.
    with pytest.raises(PermissionDenied):
        services.reply_write(message=message, user=platform["clerk"], text="答复")
    services.reply_write(message=message, user=platform["other_clerk"], text="已受理。")


def test_a_reply_reaches_the_sender_only_once_approved(client, platform, sent):
    code, message = sent
    services.reply_write(message=message, user=platform["clerk"], text="最低缴费年限为15年。")
    assert lookup(client, code).json()["reply"] is None
    services.reply_submit(message=message, user=platform["clerk"])
    answer = lookup(client, code).json()
    assert answer["reply"] is None
    assert answer["status"] == {"code": "reply_submitted", "label": "答复待审核"}
    # Not the other unit's chief, not the clerk: the section chief reaching the unit.
    for person in ("other_chief", "clerk"):
        with pytest.raises(PermissionDenied) as refused:
            services.reply_approve(message=message, user=platform[person])
        assert str(refused.value) == str(services.NOT_SECTION_CHIEF)
    services.reply_approve(message=message, user=platform["chief"])
    message.refresh_from_db()
    assert message.state == MessageState.ANSWERED and message.answered_at is not None
    assert message.reply.approved_by == platform["chief"]
    answer = lookup(client, code).json()
    assert answer["reply"]["text"] == "最低缴费年限为15年。"
    assert answer["status"]["label"] == "已答复"
    # One approval: a second one is refused.
    with pytest.raises(ValidationError):
        services.reply_approve(message=message, user=platform["county_chief"])


def test_a_chief_of_a_unit_above_approves_too(platform, sent):
    _code, message = sent
    services.reply_write(message=message, user=platform["clerk"], text="答复。")
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_approve(message=message, user=platform["county_chief"])
    assert Message.objects.get().state == MessageState.ANSWERED


def test_the_writer_does_not_approve_their_own_reply(platform, sent):
    _code, message = sent
    services.reply_write(message=message, user=platform["chief"], text="答复。")
    services.reply_submit(message=message, user=platform["chief"])
    with pytest.raises(PermissionDenied) as refused:
        services.reply_approve(message=message, user=platform["chief"])
    assert str(refused.value) == str(services.OWN_REPLY)


def test_a_returned_reply_goes_back_to_the_unit(client, platform, sent):
    code, message = sent
    services.reply_write(message=message, user=platform["clerk"], text="草稿。")
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_return(message=message, user=platform["chief"], note="请补充政策依据。")
    message.refresh_from_db()
    assert message.state == MessageState.RECEIVED
    assert message.reply.returned_note == "请补充政策依据。"
    assert lookup(client, code).json()["reply"] is None


def test_marking_invalid_needs_a_chief_and_a_reason(platform, sent):
    _code, message = sent
    with pytest.raises(PermissionDenied):
        services.message_mark_invalid(message=message, user=platform["clerk"], reason="广告")
    services.message_mark_invalid(message=message, user=platform["chief"], reason="广告信息")
    message.refresh_from_db()
    assert message.state == MessageState.INVALID and message.invalid_reason == "广告信息"
    with pytest.raises(ValidationError):
        services.reply_write(message=message, user=platform["clerk"], text="答复")


def test_contact_details_only_for_units_in_reach_and_every_read_logged(platform, sent):
    _code, message = sent
    with pytest.raises(PermissionDenied):
        services.contact_reveal(message=message, user=platform["other_clerk"])
    assert not ModelLogEntry.objects.filter(action=services.LOG_VIEW_CONTACT).exists()
    contact = services.contact_reveal(message=message, user=platform["clerk"])
    assert (contact.name, contact.mobile) == (SENDER_NAME, SENDER_MOBILE)
    services.contact_reveal(message=message, user=platform["county_chief"])
    readers = ModelLogEntry.objects.filter(action=services.LOG_VIEW_CONTACT).values_list(
        "user__username", flat=True
    )
    assert sorted(readers) == ["bgs_kz", "rsj_xxy"]


def test_the_code_lookup(client, platform, sent, settings):
    code, _message = sent
    answer = lookup(client, code.lower()[:8] + "-" + code.lower()[8:]).json()
    assert answer["subject"] == "咨询养老保险缴费年限"
    assert answer["status"] == {"code": "received", "label": "已受理"}
    wrong = lookup(client, "ABCDEFGHJKMNPQRS", status=404).json()
    assert set(wrong) == {"detail"}
    settings.MAILBOX_LOOKUP_RATE = "5/3600"
    for _attempt in range(3):  # 2 lookups were made above
        lookup(client, "ABCDEFGHJKMNPQR2", status=404)
    refused = lookup(client, code, status=429)
    assert refused.json()["detail"] == "您的请求过于频繁，请稍后再试。"
    # The code never goes in the address.
    assert client.get(f"/api/v1/messages/lookup?code={code}").status_code == 405
