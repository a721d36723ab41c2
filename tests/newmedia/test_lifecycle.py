"""The lifecycle (R34; 002 第十六–十八条, 003 第十四条) through the admin: each request approved
by the unit's principal head and filed by the platform office, each decision recorded; refusals;
closing announced through the portal's 通知公告 in the ordinary review, and closed only 15
working days after the announcement went live."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.content.announcements import AnnouncementKind
from cms.content.models import NoticePage
from interpretation.workdays import is_workday
from newmedia import lifecycle
from newmedia.models import (
    Account,
    AccountState,
    LifecycleRequest,
    RequestKind,
    RequestStatus,
    StepKind,
)
from tests import factories
from tests.editorial.flow import CHAIN, act, current_stage, fresh

from .conftest import make_account

pytestmark = pytest.mark.django_db


def ask(client, person, account, kind, reason="经局党组会议研究同意。", **changes):
    factories.login(client, person)
    return client.post(
        f"/admin/newmedia/accounts/{account.pk}/request/",
        {"kind": kind, "reason": reason, **changes},
    )


def decide(client, person, request, decision="approve", comment=""):
    factories.login(client, person)
    return client.post(
        f"/admin/newmedia/requests/{request.pk}/", {"decision": decision, "comment": comment}
    )


def test_opening_needs_the_principal_heads_approval_then_the_filing(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.PREPARING, site=county.site)
    assert ask(client, people.bureau_admin, account, RequestKind.OPEN).status_code == 302
    request = LifecycleRequest.objects.get()
    assert request.requested_by == people.bureau_admin
    assert request.status == RequestStatus.AWAITING_APPROVAL

    # Nobody but the unit's principal head approves: not the requester, not another unit's
    # head, not the platform office.
    for outsider in (people.bureau_admin, people.other_head, people.office_admin):
        decide(client, outsider, request)
        assert fresh_request(request).status == RequestStatus.AWAITING_APPROVAL
    assert decide(client, people.bureau_head, request, comment="同意开设。").status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_FILING
    account.refresh_from_db()
    assert account.state == AccountState.PREPARING  # approval alone changes nothing

    # Filing is the platform office's: not the unit's own administrator nor its head.
    for outsider in (people.bureau_admin, people.bureau_head):
        decide(client, outsider, request)
        assert fresh_request(request).status == RequestStatus.AWAITING_FILING
    assert decide(client, people.office_admin, request, comment="已备案。").status_code == 302
    account.refresh_from_db()
    assert account.state == AccountState.RUNNING
    steps = [
        (s.step, s.approved, s.decided_by, s.comment) for s in fresh_request(request).steps.all()
    ]
    assert steps == [
        (StepKind.APPROVAL, True, people.bureau_head, "同意开设。"),
        (StepKind.FILING, True, people.office_admin, "已备案。"),
    ]
    # The record is shown with every decision.
    factories.login(client, people.bureau_admin)
    page = client.get(f"/admin/newmedia/requests/{request.pk}/").content.decode()
    assert "主要负责人审批" in page and "平台管理办公室备案" in page and "已审批备案" in page


def fresh_request(request):
    return LifecycleRequest.objects.get(pk=request.pk)


def test_a_refusal_needs_a_reason_and_ends_the_request(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.RUNNING)
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    request = LifecycleRequest.objects.get()
    response = decide(client, people.bureau_head, request, decision="refuse")
    assert response.status_code == 200
    assert "请填写不同意的理由。" in response.content.decode()
    assert fresh_request(request).status == RequestStatus.AWAITING_APPROVAL
    decide(client, people.bureau_head, request, decision="refuse", comment="汛期不宜暂停。")
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    (step,) = request.steps.all()
    assert (step.approved, step.comment) == (False, "汛期不宜暂停。")
    account.refresh_from_db()
    assert account.state == AccountState.RUNNING
    # Refused at filing too.
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    again = LifecycleRequest.objects.exclude(pk=request.pk).get()
    decide(client, people.bureau_head, again)
    decide(client, people.office_admin, again, decision="refuse", comment="材料不全。")
    again.refresh_from_db()
    assert again.status == RequestStatus.REFUSED
    account.refresh_from_db()
    assert account.state == AccountState.RUNNING


def test_suspend_resume_and_change(client, county):
    people = county.people
    account = make_account(county.bureau, site=county.site, state=AccountState.RUNNING)

    def through(kind, **changes):
        assert ask(client, people.bureau_admin, account, kind, **changes).status_code == 302
        request = LifecycleRequest.objects.order_by("-pk").first()
        decide(client, people.bureau_head, request)
        decide(client, people.office_admin, request)
        account.refresh_from_db()
        return request

    through(RequestKind.SUSPEND)
    assert account.state == AccountState.SUSPENDED
    through(RequestKind.RESUME)
    assert account.state == AccountState.RUNNING
    request = through(RequestKind.CHANGE, name="某县气象服务", link="https://example.cn/qx")
    assert request.changes == {"name": "某县气象服务", "link": "https://example.cn/qx"}
    assert (account.name, account.link, account.state) == (
        "某县气象服务",
        "https://example.cn/qx",
        AccountState.RUNNING,
    )
    # A change is announced under the name the public knew, through review (002 第十八条).
    notice = fresh(fresh_request(request).announcement)
    assert isinstance(notice, NoticePage) and not notice.live
    assert notice.announcement_kind == AnnouncementKind.NEW_MEDIA
    assert "某县气象局发布" in notice.title and "某县气象服务" in notice.body
    assert current_stage(notice) == CHAIN[0][1]
    # Suspending and resuming are not announced.
    assert (
        LifecycleRequest.objects.exclude(kind=RequestKind.CHANGE)
        .filter(announcement__isnull=False)
        .count()
        == 0
    )


def test_a_change_needs_the_site_that_announces_it(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.RUNNING)
    response = ask(client, people.bureau_admin, account, RequestKind.CHANGE, name="新名称")
    assert "账号未关联网站" in response.content.decode()
    assert not LifecycleRequest.objects.exists()


def test_requests_out_of_order_are_refused_in_chinese(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.RUNNING)
    response = ask(client, people.bureau_admin, account, RequestKind.OPEN)
    assert "处于“运行”状态的账号不能申请开设。" in response.content.decode()
    response = ask(client, people.bureau_admin, account, RequestKind.CHANGE)
    assert "变更申请至少填写一项新内容。" in response.content.decode()
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    response = ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    assert "该账号已有一项待审批的申请。" in response.content.decode()
    # Closing needs the site whose notices announce it.
    other = make_account(county.bureau, platform="douyin", state=AccountState.RUNNING)
    response = ask(client, people.bureau_admin, other, RequestKind.CLOSE)
    assert "账号未关联网站" in response.content.decode()
    # Another unit's administrator asks nothing for this account.
    factories.login(client, people.other_admin)
    response = client.post(
        f"/admin/newmedia/accounts/{account.pk}/request/", {"kind": "close", "reason": "x"}
    )
    factories.assert_admin_denied(response)


def test_closing_is_announced_through_review_and_closes_after_15_working_days(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.RUNNING, site=county.site)
    ask(
        client,
        people.bureau_admin,
        account,
        RequestKind.CLOSE,
        reason="功能与门户网站重复，整合关停。",
    )
    request = LifecycleRequest.objects.get()
    decide(client, people.bureau_head, request)
    assert request.announcement is None
    decide(client, people.office_admin, request)
    request.refresh_from_db()
    account.refresh_from_db()
    assert account.state == AccountState.CLOSING

    # The announcement: a notice of the kind 新媒体变更/关停 in the portal's 通知公告, pinned 15
    # working days, not live, submitted into the ordinary review.
    notice = fresh(request.announcement)
    assert isinstance(notice, NoticePage)
    assert notice.get_parent().pk == county.notices.pk
    assert notice.announcement_kind == AnnouncementKind.NEW_MEDIA
    assert "某县气象局发布" in notice.title and "整合关停" in notice.body
    assert not notice.live
    assert notice.pinned_until == lifecycle.add_workdays(timezone.localdate(), 15)
    assert current_stage(notice) == CHAIN[0][1]
    assert lifecycle.close_due() == []  # not live yet: the account waits

    for name, _stage in CHAIN:
        assert act(client, getattr(people, name), notice).status_code in (200, 302)
    notice = fresh(notice)
    assert notice.live

    live_on = timezone.localdate(notice.first_published_at)
    closes_on = lifecycle.closes_on(fresh_request(request))
    between = [live_on + datetime.timedelta(days=n) for n in range(1, (closes_on - live_on).days)]
    assert sum(is_workday(day) for day in between) == 15
    assert lifecycle.close_due(today=closes_on - datetime.timedelta(days=1)) == []
    call_command("newmedia_lifecycle")  # today: still announced
    account.refresh_from_db()
    assert account.state == AccountState.CLOSING
    assert [a.pk for a in lifecycle.close_due(today=closes_on)] == [account.pk]
    assert lifecycle.close_due(today=closes_on) == []  # idempotent
    assert Account.objects.get(pk=account.pk).state == AccountState.CLOSED

    # Closed, then cancelled (注销) with approval and filing.
    ask(client, people.bureau_admin, account, RequestKind.CANCEL)
    cancel = LifecycleRequest.objects.get(kind=RequestKind.CANCEL)
    decide(client, people.bureau_head, cancel)
    decide(client, people.office_admin, cancel)
    assert Account.objects.get(pk=account.pk).state == AccountState.CANCELLED
    # The cancellation of an account the public knew is announced too.
    cancel_notice = fresh(fresh_request(cancel).announcement)
    assert "注销" in cancel_notice.body and cancel_notice.pk != notice.pk


def test_cancelling_an_account_that_never_opened_announces_nothing(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.PREPARING)
    ask(client, people.bureau_admin, account, RequestKind.CANCEL)
    cancel = LifecycleRequest.objects.get(kind=RequestKind.CANCEL)
    decide(client, people.bureau_head, cancel)
    decide(client, people.office_admin, cancel)
    assert Account.objects.get(pk=account.pk).state == AccountState.CANCELLED
    assert fresh_request(cancel).announcement is None


def test_the_requests_page_shows_a_head_what_awaits_them(client, county):
    people = county.people
    account = make_account(county.bureau, state=AccountState.RUNNING)
    ask(client, people.bureau_admin, account, RequestKind.SUSPEND)
    factories.login(client, people.bureau_head)
    page = client.get("/admin/newmedia/requests/").content.decode()
    assert "某县气象局发布" in page and "审批" in page
    factories.login(client, people.other_head)
    page = client.get("/admin/newmedia/requests/").content.decode()
    assert "某县气象局发布" not in page
