"""Each lifecycle decision is in Wagtail's audit log on the account (a ModelLogEntry): the
request, the principal head's approval, the filing, a refusal and the automatic close by
``newmedia_lifecycle`` — shown, in Chinese, in the account's history and 报表 → 站点历史."""

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from newmedia import lifecycle
from newmedia.models import AccountState, LifecycleRequest, RequestKind
from tests import factories
from tests.editorial.flow import CHAIN, act, fresh

from .conftest import make_account
from .test_lifecycle import ask, decide, fresh_request

pytestmark = pytest.mark.django_db
SITE_HISTORY = "/admin/reports/site-history/"


def entries(account):
    return [
        (entry.action, entry.user_id, entry.data.get("kind"))
        for entry in ModelLogEntry.objects.for_instance(account).order_by("timestamp", "pk")
    ]


def test_every_decision_and_the_automatic_close_are_in_the_audit_log(client, county):
    people = county.people
    account = make_account(county.bureau, site=county.site)
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND, reason="人员调整，暂停更新。")
    refused = LifecycleRequest.objects.get()
    decide(client, people.bureau_head, refused, decision="refuse", comment="不同意暂停。")

    ask(client, people.bureau_admin, account, RequestKind.CLOSE, reason="整合关停。")
    closing = LifecycleRequest.objects.get(kind=RequestKind.CLOSE)
    decide(client, people.bureau_head, closing, comment="同意关停。")
    decide(client, people.office_admin, closing, comment="已备案。")
    notice = fresh(fresh_request(closing).announcement)
    for name, _stage in CHAIN:
        act(client, getattr(people, name), notice)
    assert fresh(notice).live
    due = lifecycle.closes_on(fresh_request(closing))
    call_command("newmedia_lifecycle")  # not due yet: nothing closed, nothing logged
    assert lifecycle.close_due(today=due) != []
    account.refresh_from_db()
    assert account.state == AccountState.CLOSED

    assert entries(account) == [
        ("newmedia.request", people.bureau_admin.pk, RequestKind.SUSPEND),
        ("newmedia.refuse", people.bureau_head.pk, RequestKind.SUSPEND),
        ("newmedia.request", people.bureau_admin.pk, RequestKind.CLOSE),
        ("newmedia.approve", people.bureau_head.pk, RequestKind.CLOSE),
        ("newmedia.file", people.office_admin.pk, RequestKind.CLOSE),
        ("newmedia.close", None, RequestKind.CLOSE),
    ]
    refusal = ModelLogEntry.objects.for_instance(account).get(action="newmedia.refuse")
    assert refusal.data["comment"] == "不同意暂停。"
    assert refusal.data["request"] == refused.pk

    # 报表 → 站点历史, in Chinese, for the platform's superuser.
    factories.login(client, factories.superuser())
    page = client.get(SITE_HISTORY)
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("新媒体申请已提交", "主要负责人已审批新媒体申请", "平台办公室已备案新媒体申请"):
        assert label in html
    assert "新媒体申请被退回" in html and "公示期满，新媒体账号已关停" in html
    assert "关停" in html
    # The account's own history shows them to its unit's administrator.
    factories.login(client, people.bureau_admin)
    history = client.get(f"/admin/snippets/newmedia/account/history/{account.pk}/")
    assert history.status_code == 200
    assert "公示期满，新媒体账号已关停" in history.content.decode()
    assert "不同意暂停。" in history.content.decode()


def test_a_refused_decision_leaves_no_entry(client, county):
    """A decision the rules refuse (not the approver) changes nothing and logs nothing."""
    people = county.people
    account = make_account(county.bureau, site=county.site)
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    request = LifecycleRequest.objects.get()
    decide(client, people.other_head, request)
    assert [action for action, *_ in entries(account)] == ["newmedia.request"]
