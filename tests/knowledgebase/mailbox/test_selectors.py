"""What is due and overdue, the veto list and the handling figures (R23, R31)."""

import datetime

import pytest

from knowledgebase.mailbox import selectors, services
from knowledgebase.mailbox.models import Mailbox, MailboxKind, Message

from .conftest import PREFIX, at

pytestmark = pytest.mark.django_db
D = datetime.date


def received(platform, when, *, mailbox=None, content=None) -> Message:
    mailbox = mailbox or platform["mailbox"]
    submission = services.Submission(
        subject="咨询",
        content=content or f"留言 {when.isoformat()} {Message.objects.count()}",
        name="王强",
        mobile=f"139{Message.objects.count():08d}",
        category="社保" if mailbox.category_list else "",
    )
    return services.message_submit(mailbox=mailbox, submission=submission, now=when).message


def answered(platform, message, when):
    services.reply_write(message=message, user=platform["clerk"], text="答复。")
    services.reply_submit(message=message, user=platform["clerk"])
    services.reply_approve(message=message, user=platform["chief"])
    Message.objects.filter(pk=message.pk).update(answered_at=when)


def test_due_and_overdue_by_working_days(platform):
    early = received(platform, at("2026-09-30"))  # due 10-13
    late = received(platform, at("2026-10-12"))  # due 10-19
    rows = selectors.messages_due(unit_ids=[platform["department"].pk], today=D(2026, 10, 15))
    assert [(row.message, row.days_left, row.overdue) for row in rows] == [
        (early, -2, True),
        (late, 2, False),
    ]
    assert selectors.messages_due(unit_ids=[platform["other"].pk], today=D(2026, 10, 15)) == []


def test_the_veto_list(platform):
    old = received(platform, at("2026-06-15"))
    received(platform, at("2026-06-16"))  # three months on 09-16: not yet
    old_answered = received(platform, at("2026-06-01"))
    answered(platform, old_answered, at("2026-06-03"))
    old_invalid = received(platform, at("2026-06-02"))
    services.message_mark_invalid(message=old_invalid, user=platform["chief"], reason="重复")
    veto = selectors.unanswered_for_veto(site=platform["site"], today=D(2026, 9, 15))
    assert list(veto) == [old]
    later = selectors.unanswered_for_veto(site=platform["site"].pk, today=D(2026, 9, 16))
    assert len(later) == 2


def test_the_statistics(client, platform):
    second = Mailbox.objects.create(
        site=platform["site"], name="投诉", kind=MailboxKind.COMPLAINT, unit=platform["other"]
    )
    same_day = received(platform, at("2026-11-02", 9))
    answered(platform, same_day, at("2026-11-02", 17))
    in_time = received(platform, at("2026-11-03"))  # due 11-10
    answered(platform, in_time, at("2026-11-10"))
    late = received(platform, at("2026-11-04"))  # due 11-11
    answered(platform, late, at("2026-11-13"))
    received(platform, at("2026-11-05"), mailbox=second)  # pending, overdue by 11-20
    received(platform, at("2026-10-30"))  # before the period
    url = f"{PREFIX}/sites/{platform['site'].pk}/mailbox-statistics"
    response = client.get(url, {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["first_day"] == "2026-11-01"
    totals = answer["totals"]
    assert totals["received"] == 4 and totals["replied"] == 3
    assert totals["replied_on_time"] == 2 and totals["replied_same_day"] == 1
    assert totals["pending"] == 1 and totals["invalid"] == 0
    # 0, 5 and 7 working days.
    assert totals["average_workdays_to_reply"] == 4.0
    per_box = {row["mailbox"]["name"]: row for row in answer["mailboxes"]}
    assert per_box["投诉"]["received"] == 1 and per_box["区长信箱"]["received"] == 3
    one = client.get(url, {"from": "2026-11-01", "to": "2026-11-30", "mailbox": second.pk})
    assert [row["mailbox"]["id"] for row in one.json()["mailboxes"]] == [second.pk]
    assert one.json()["totals"]["received"] == 1
    reversed_dates = client.get(url, {"from": "2026-12-01", "to": "2026-11-01"})
    assert reversed_dates.status_code == 400
    assert reversed_dates.json()["fields"] == {"from": "开始日期晚于结束日期。"}
    assert client.get(url, {"from": "2026-11-01"}).status_code == 400
