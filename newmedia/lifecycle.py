"""The lifecycle of an account (R34; 002 第十六–十八条, 003 第十四–十五条): what may be requested in
which state, the two decisions every request needs, and what the account becomes.

A request (开设, 变更, 暂停, 恢复, 关停, 注销) is made by the unit's administrator with a
reason; it is approved or refused by the unit's principal head (主要领导同意), then filed or
refused by the platform office (报…政府办公室备案), each decision recorded
(:class:`~newmedia.models.LifecycleStep`); who may decide is :mod:`newmedia.access`. Only
the filing changes the account. A refusal needs a reason and ends the request.

A change, a closure and the cancellation of an account that ran are announced to the public
(002 第十八条: 变更、关停、注销…向社会公告，公告时间不少于15个工作日): the filing drafts a notice of
the kind 新媒体变更/关停 in the 通知公告 column of the account's site, pinned 15 working days, and
submits it into the ordinary review (nothing goes live unreviewed). A change and a cancellation
take effect at the filing and are announced; a closure waits for its notice: the account stays
关停公示中 until 15 working days after the notice went live; then :func:`close_due` (the command
``newmedia_lifecycle``) closes it. Cancelling an account that never opened announces nothing:
the public never saw it.

Every request made, every decision (approval, filing, refusal) and the automatic close are in
Wagtail's audit log on the account (:data:`LOG_ACTIONS`, labelled in ``wagtail_hooks``), so
they show in the account's history and in 报表 → 站点历史.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.content.announcements import AnnouncementKind
from cms.content.models import ColumnPage, NoticePage
from cms.content.releases import freeze_rendition, source_digest
from cms.content.update_rules import UpdateCategory
from editorial import services as editorial_services
from interpretation.workdays import ScheduleUnknown, add_workdays

from . import access, registry
from .models import (
    Account,
    AccountState,
    LifecycleRequest,
    LifecycleStep,
    RequestKind,
    RequestStatus,
    StepKind,
)
from .public import QR_SPEC

ANNOUNCEMENT_WORKDAYS = 15

LOG_REQUEST = "newmedia.request"
LOG_APPROVE = "newmedia.approve"
LOG_FILE = "newmedia.file"
LOG_REFUSE = "newmedia.refuse"
LOG_CLOSE = "newmedia.close"
LOG_ACTIONS = {
    LOG_REQUEST: _("New-media request made"),
    LOG_APPROVE: _("New-media request approved by the principal head"),
    LOG_FILE: _("New-media request filed by the platform office"),
    LOG_REFUSE: _("New-media request refused"),
    LOG_CLOSE: _("New-media account closed after its announcement"),
}

# The states from which each request may be made, and the state it leads to once filed.
ALLOWED_FROM = {
    RequestKind.OPEN: (AccountState.PREPARING,),
    RequestKind.CHANGE: (AccountState.RUNNING, AccountState.SUSPENDED),
    RequestKind.SUSPEND: (AccountState.RUNNING,),
    RequestKind.RESUME: (AccountState.SUSPENDED,),
    RequestKind.CLOSE: (AccountState.RUNNING, AccountState.SUSPENDED),
    RequestKind.CANCEL: (AccountState.PREPARING, AccountState.CLOSED),
}
LEADS_TO = {
    RequestKind.OPEN: AccountState.RUNNING,
    RequestKind.SUSPEND: AccountState.SUSPENDED,
    RequestKind.RESUME: AccountState.RUNNING,
    RequestKind.CLOSE: AccountState.CLOSING,
    RequestKind.CANCEL: AccountState.CANCELLED,
}
# What a change request may change: the fields the approval covers. Once an account is open
# they are changed only through a change request (:func:`locked_fields`).
CHANGEABLE = ("name", "account_id", "link", "introduction")

NOT_FROM_STATE = _("An account in the state “%(state)s” cannot be asked to %(kind)s.")
ALREADY_PENDING = _("This account already has a request awaiting a decision.")
NOTHING_TO_CHANGE = _("A change request names at least one new value.")
NOT_YOURS = _("You do not manage this account.")
NOT_APPROVER = _("Only the principal head of the account's unit approves its requests.")
NOT_FILER = _(
    "Only the platform office files requests: a website administrator of a unit above the "
    "account's unit, or a platform administrator."
)
NOT_PENDING = _("This request is already decided.")
REFUSAL_NEEDS_REASON = _("Give the reason for the refusal.")
NO_NOTICE_COLUMN = _(
    "The account's site has no notices column (通知公告) for the public announcement; choose "
    "the account's site, or ask the site's administrator to create the column."
)
NO_SITE = _(
    "The account belongs to no site: choose its site, whose notices announce the change, "
    "closure or cancellation, before making the request."
)
LOCKED = _("Once the account is open, its %(fields)s change only through a change request.")
ANNOUNCEMENT_TITLE = _("Announcement on closing the government new-media account “%(name)s”")
ANNOUNCEMENT_BODY = _(
    "With the approval of %(unit)s and filing by the platform office, the government new-media "
    "account “%(name)s” on %(platform)s will be closed. Reason: %(reason)s"
)
CHANGE_TITLE = _("Announcement on changes to the government new-media account “%(name)s”")
CHANGE_BODY = _(
    "With the approval of %(unit)s and filing by the platform office, the government new-media "
    "account “%(name)s” on %(platform)s has changed: %(changes)s. Reason: %(reason)s"
)
CANCEL_TITLE = _("Announcement on cancelling the government new-media account “%(name)s”")
CANCEL_BODY = _(
    "With the approval of %(unit)s and filing by the platform office, the closed government "
    "new-media account “%(name)s” on %(platform)s has been cancelled (注销). Reason: %(reason)s"
)
ANNOUNCEMENTS = {
    RequestKind.CHANGE: (CHANGE_TITLE, CHANGE_BODY),
    RequestKind.CLOSE: (ANNOUNCEMENT_TITLE, ANNOUNCEMENT_BODY),
    RequestKind.CANCEL: (CANCEL_TITLE, CANCEL_BODY),
}
# The filings after which the public sees the account: what they clear is frozen for it.
SHOWN_AFTER = (RequestKind.OPEN, RequestKind.CHANGE, RequestKind.RESUME)
QR_UPDATED = _("replaced with a new image")


def announced(kind: str, account: Account) -> bool:
    """Whether filing a request of ``kind`` for ``account`` is announced to the public: a
    change, a closure, and the cancellation of an account the public has known."""
    if kind == RequestKind.CANCEL:
        return account.state != AccountState.PREPARING
    return kind in ANNOUNCEMENTS


def locked_fields(account: Account, changed: list[str]) -> list[str]:
    """Which of ``changed`` only a change request may change now."""
    if account.pk is None or account.state == AccountState.PREPARING:
        return []
    return [
        name
        for name in changed
        if name in (*CHANGEABLE, "platform", "platform_other", "sponsor_unit")
    ]


def request_refusal(account: Account, kind: str, user, changes: dict) -> str | None:
    if not access.may_manage(user, account):
        return str(NOT_YOURS)
    if account.state not in ALLOWED_FROM[kind]:
        return str(NOT_FROM_STATE) % {
            "state": account.get_state_display(),
            "kind": RequestKind(kind).label,
        }
    if account.requests.filter(
        status__in=[RequestStatus.AWAITING_APPROVAL, RequestStatus.AWAITING_FILING]
    ).exists():
        return str(ALREADY_PENDING)
    if kind == RequestKind.CHANGE and not changes and not qr_code_awaits_filing(account):
        return str(NOTHING_TO_CHANGE)
    if announced(kind, account):
        return _notice_column_refusal(account)
    return None


@transaction.atomic
def make_request(account: Account, kind: str, user, reason: str, changes=None) -> LifecycleRequest:
    changes = {k: v for k, v in (changes or {}).items() if k in CHANGEABLE and v}
    refusal = request_refusal(account, kind, user, changes)
    if refusal:
        raise ValidationError(refusal)
    request = LifecycleRequest.objects.create(
        account=account, kind=kind, reason=reason, requested_by=user, changes=changes
    )
    log(
        instance=account,
        action=LOG_REQUEST,
        user=user,
        data={"request": request.pk, "kind": kind, "reason": reason, "changes": changes},
    )
    return request


def pending_step(request: LifecycleRequest) -> str | None:
    return {
        RequestStatus.AWAITING_APPROVAL: StepKind.APPROVAL,
        RequestStatus.AWAITING_FILING: StepKind.FILING,
    }.get(request.status)


def may_decide(user, request: LifecycleRequest) -> bool:
    step = pending_step(request)
    if step == StepKind.APPROVAL:
        return access.may_approve(user, request)
    if step == StepKind.FILING:
        return access.may_file(user, request)
    return False


@transaction.atomic
def decide(request: LifecycleRequest, user, *, approved: bool, comment: str = "") -> LifecycleStep:
    """Record ``user``'s decision on the request's pending step; the filing applies it."""
    request = LifecycleRequest.objects.select_for_update().get(pk=request.pk)
    step = pending_step(request)
    if step is None:
        raise ValidationError(str(NOT_PENDING))
    if step == StepKind.APPROVAL and not access.may_approve(user, request):
        raise PermissionDenied(str(NOT_APPROVER))
    if step == StepKind.FILING and not access.may_file(user, request):
        raise PermissionDenied(str(NOT_FILER))
    if not approved and not comment.strip():
        raise ValidationError(str(REFUSAL_NEEDS_REASON))
    if approved and step == StepKind.FILING:
        _apply(request, user)
    decision = LifecycleStep.objects.create(
        request=request, step=step, approved=approved, comment=comment, decided_by=user
    )
    if not approved:
        request.status = RequestStatus.REFUSED
        action = LOG_REFUSE
    elif step == StepKind.APPROVAL:
        request.status = RequestStatus.AWAITING_FILING
        action = LOG_APPROVE
    else:
        request.status = RequestStatus.DONE
        action = LOG_FILE
    request.save()
    log(
        instance=Account.objects.get(pk=request.account_id),
        action=action,
        user=user,
        data={"request": request.pk, "kind": request.kind, "step": step, "comment": comment},
    )
    return decision


def _apply(request: LifecycleRequest, filer) -> None:
    account = Account.objects.select_for_update().get(pk=request.account_id)
    if account.state not in ALLOWED_FROM[request.kind]:
        raise ValidationError(
            str(NOT_FROM_STATE)
            % {"state": account.get_state_display(), "kind": request.get_kind_display()}
        )
    announcing = announced(request.kind, account)
    if announcing:
        values = _announcement_values(account, request)
    if request.kind == RequestKind.CHANGE:
        for name, value in request.changes.items():
            if name in CHANGEABLE:
                setattr(account, name, value)
        account.full_clean(exclude=["qr_code", "site", "supervising_unit", "sponsor_unit"])
    else:
        account.state = LEADS_TO[request.kind]
    if request.kind in SHOWN_AFTER:
        file_public_part(account)
    if announcing:
        request.announcement = _announce(account, request, filer, values)
    refusal = registry.refusal(account)
    if refusal:
        raise ValidationError(refusal)
    account.save()


def qr_code_awaits_filing(account: Account) -> bool:
    """Whether the account's QR code differs from the copy the last filing cleared: a change
    request may then carry it alone."""
    if account.qr_code is None:
        return bool(account.public_qr_source)
    return source_digest(account.qr_code) != account.public_qr_source


def file_public_part(account: Account) -> None:
    """Freeze what the filing clears for the public: the QR code as it is now (a rendition kept
    under its digest, ``cms.content.releases``). Later edits of the library image reach the
    public only through the next filing."""
    frozen = freeze_rendition(account.qr_code, QR_SPEC) if account.qr_code else None
    account.public_qr_path, account.public_qr_source = frozen or ("", "")


def notice_column(account: Account) -> ColumnPage | None:
    """The 通知公告 column of the account's site: a notices column directly below its home."""
    if account.site_id is None:
        return None
    root = account.site.root_page
    return (
        ColumnPage.objects.child_of(root)
        .filter(update_category=UpdateCategory.NOTICE)
        .order_by("path")
        .first()
    )


def _notice_column_refusal(account: Account) -> str | None:
    if account.site_id is None:
        return str(NO_SITE)
    if notice_column(account) is None:
        return str(NO_NOTICE_COLUMN)
    return None


def _announcement_values(account: Account, request: LifecycleRequest) -> dict:
    """What the notice says, read before the filing changes the account (a change is announced
    under the name the public knows)."""
    labels = {name: Account._meta.get_field(name).verbose_name for name in CHANGEABLE}
    changes = "；".join(
        f"{labels[name]}：{value}" for name, value in request.changes.items() if name in CHANGEABLE
    )
    if request.kind == RequestKind.CHANGE and qr_code_awaits_filing(account):
        qr_label = Account._meta.get_field("qr_code").verbose_name
        changes = "；".join(part for part in (changes, f"{qr_label}：{QR_UPDATED}") if part)
    return {
        "name": account.name,
        "unit": account.sponsor_unit,
        "platform": account.platform_label,
        "reason": request.reason,
        "changes": changes,
    }


def _announce(account: Account, request: LifecycleRequest, filer, values: dict) -> NoticePage:
    """Draft the request's announcement and submit it for review: by the filer (the platform
    office usually runs the site), else by the requester; if neither may submit in that column
    or the review cannot start (a stage nobody staffs), it stays a draft for the column's
    editors, shown on the request."""
    title, body = ANNOUNCEMENTS[request.kind]
    column = notice_column(account)
    if column is None:
        raise ValidationError(_notice_column_refusal(account))
    today = timezone.localdate()
    try:
        pinned_until = add_workdays(today, ANNOUNCEMENT_WORKDAYS)
    except ScheduleUnknown:
        pinned_until = today + datetime.timedelta(days=ANNOUNCEMENT_WORKDAYS * 7 // 5 + 14)
    notice = column.add_child(
        instance=NoticePage(
            title=(str(title) % values)[:255],
            body=f"<p>{_escape(str(body) % values)}</p>",
            source=str(account.sponsor_unit),
            announcement_kind=AnnouncementKind.NEW_MEDIA,
            pinned_until=pinned_until,
            owner=filer,
            live=False,
        )
    )
    notice.save_revision(user=filer)
    for person in (filer, request.requested_by):
        try:
            with transaction.atomic():
                editorial_services.submit(notice, person)
        except PermissionDenied:
            continue  # not theirs to submit: the next, or a draft for the column's editors
        break
    return notice


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def announcement_live_on(request: LifecycleRequest) -> datetime.date | None:
    """The day (Asia/Shanghai) the request's announcement first went live, or None."""
    notice = request.announcement
    if notice is None or not notice.live or notice.first_published_at is None:
        return None
    return timezone.localdate(notice.first_published_at)


def closes_on(request: LifecycleRequest) -> datetime.date | None:
    """The first day the account may be closed: the day after the 15th working day after the
    announcement went live (a period starts the day after, 民法典 第二百零一条)."""
    live_on = announcement_live_on(request)
    if live_on is None:
        return None
    return add_workdays(live_on, ANNOUNCEMENT_WORKDAYS) + datetime.timedelta(days=1)


def close_due(today: datetime.date | None = None) -> list[Account]:
    """Close every account whose closure announcement has been live 15 working days; the
    accounts closed. Idempotent: a closed account is not looked at again."""
    today = today or timezone.localdate()
    closed = []
    for account in Account.objects.filter(state=AccountState.CLOSING):
        request = (
            account.requests.filter(kind=RequestKind.CLOSE, status=RequestStatus.DONE)
            .order_by("-requested_at")
            .first()
        )
        if request is None:
            continue
        try:
            due = closes_on(request)
        except ScheduleUnknown:
            continue
        if due is None or today < due:
            continue
        with transaction.atomic():
            updated = Account.objects.filter(pk=account.pk, state=AccountState.CLOSING).update(
                state=AccountState.CLOSED, updated_at=timezone.now()
            )
            if updated:
                account.state = AccountState.CLOSED
                log(
                    instance=account,
                    action=LOG_CLOSE,
                    user=None,
                    data={"request": request.pk, "kind": request.kind, "closes_on": str(due)},
                )
        if updated:
            closed.append(account)
    return closed
