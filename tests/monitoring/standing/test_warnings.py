"""Warnings before the trip (R4, R5): to the column's person and its unit's 网站管理员 a few
working days before a column falls overdue and again when it does, to the 分管负责人 when a site
is at risk; each once, whatever the number of runs; preferences respected."""

import datetime

import pytest
from django.core import mail

from monitoring.standing.inspection import run_inspection
from monitoring.standing.models import Warning, WarningPreference
from tests.monitoring.conftest import add_column, at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def inspect(django_capture_on_commit_callbacks):
    def run(day: str):
        with django_capture_on_commit_callbacks(execute=True):
            run_inspection(day=D.fromisoformat(day), again=True)

    return run


def kinds_for(person) -> list[tuple[str, str]]:
    return sorted(Warning.objects.filter(recipient=person).values_list("kind", "key"))


def test_a_column_warns_once_before_and_once_when_overdue(monitored, inspect):
    add_column(monitored, "通知公告", "notice", items=[at("2026-03-02")])
    news = add_column(monitored, "动态要闻", "news", items=[at("2026-03-02")])  # late on 03-09

    inspect("2026-03-03")  # window: 03-04, 03-05, 03-06: not yet
    assert kinds_for(monitored["editor"]) == []

    inspect("2026-03-04")  # window ends 03-09 (Mon): due soon
    due = [("column_due", f"{news.pk}:2026-03-09")]
    assert kinds_for(monitored["editor"]) == due
    assert kinds_for(monitored["webmaster"]) == due
    assert kinds_for(monitored["county_webmaster"]) == []  # the unit's own 网站管理员 is nearer
    mailed = len(mail.outbox)
    assert {message.to[0] for message in mail.outbox} >= {
        monitored["editor"].email,
        monitored["webmaster"].email,
    }
    assert "动态要闻" in mail.outbox[0].body

    inspect("2026-03-04")
    inspect("2026-03-05")
    assert kinds_for(monitored["editor"]) == due
    assert not [m for m in mail.outbox[mailed:] if monitored["editor"].email in m.to]

    inspect("2026-03-09")
    assert kinds_for(monitored["editor"]) == due + [("column_overdue", f"{news.pk}:2026-03-09")]
    inspect("2026-03-10")
    assert len(kinds_for(monitored["editor"])) == 2


def test_the_deputy_head_is_told_when_a_site_becomes_at_risk(monitored, inspect):
    add_column(monitored, "通知公告", "notice", items=[at("2026-03-02")])
    add_column(monitored, "动态要闻", "news", items=[at("2026-03-02")])  # trips on 03-16
    inspect("2026-03-06")
    assert kinds_for(monitored["deputy"]) == []
    inspect("2026-03-11")  # 03-16 is within three working days: at risk
    assert [kind for kind, _ in kinds_for(monitored["deputy"])] == ["site_at_risk"]
    inspect("2026-03-12")  # still at risk: nothing new
    assert len(kinds_for(monitored["deputy"])) == 1
    inspect("2026-03-16")  # fails: worse, told again
    assert [kind for kind, _ in kinds_for(monitored["deputy"])] == [
        "site_at_risk",
        "site_failing",
    ]


def test_a_person_who_wants_no_mail_gets_none(monitored, inspect):
    WarningPreference.objects.create(user=monitored["webmaster"], mail_warnings=False)
    add_column(monitored, "通知公告", "notice", items=[at("2026-03-02")])
    add_column(monitored, "动态要闻", "news", items=[at("2026-03-02")])
    inspect("2026-03-04")
    warning = Warning.objects.get(recipient=monitored["webmaster"])
    assert warning.mailed is False
    assert not [m for m in mail.outbox if monitored["webmaster"].email in m.to]
    assert [m for m in mail.outbox if monitored["editor"].email in m.to]
