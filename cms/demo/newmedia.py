"""The demo sites' 政务新媒体 (R32): a WeChat subscription account and a Weibo account of each
site's sponsor unit, each with its QR code, opened the way a unit opens one (R33): filed as
筹建, asked to open by the unit's 网站管理员, approved by its 主要负责人 and filed (备案) by the
platform office, so that the registry, its history, its printout and the public matrix
(``/api/v1/newmedia``) have something to show. The contacts are invented."""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.access.permissions import unit_collection
from cms.organisation.models import Role, RoleAssignment, Unit
from cms.sites.models import SiteIdentity
from newmedia import lifecycle, registry
from newmedia.models import Account, AccountState, Platform, RequestKind

MENU = [
    {
        "name": "政务公开",
        "note": "",
        "children": [
            {"name": "通知公告", "note": "", "children": []},
            {"name": "政策解读", "note": "", "children": []},
        ],
    },
    {"name": "办事服务", "note": "", "children": []},
    {"name": "互动交流", "note": "", "children": []},
]


def create_site_accounts(sites: dict[str, Site]) -> int:
    made = 0
    for number, site in enumerate(sites.values(), start=1):
        identity = SiteIdentity.objects.select_related("sponsor_unit").get(site=site)
        unit = identity.sponsor_unit
        if unit is None:
            continue
        for platform, suffix in ((Platform.WECHAT_SUBSCRIPTION, "发布"), (Platform.WEIBO, "微博")):
            account = Account(
                account_id=f"demo_{number:03d}_{platform}",
                name=f"{unit.short_name or unit.name}{suffix}",
                registered_on="2024-03-01",
                platform=platform,
                verified=True,
                supervising_unit=unit.get_parent() or unit,
                sponsor_unit=unit,
                sponsor_leader="示例分管领导",
                sponsor_leader_post="副主任",
                sponsor_contact="示例联系人",
                sponsor_phone="029-00000000",
                operator_unit=unit.name,
                operator_leader="示例分管领导",
                operator_leader_post="副主任",
                introduction=f"{unit.name}政务信息发布、解读回应和办事服务。",
                link="",
                menu=MENU if platform == Platform.WECHAT_SUBSCRIPTION else [],
                site=site,
                state=AccountState.PREPARING,
            )
            if registry.refusal(account):
                continue
            account.qr_code = _qr_code(account)
            account.save()
            _open(account)
            made += 1
    return made


def _qr_code(account: Account):
    """A QR code image in the unit's collection of the library, as a unit uploads the one its
    platform gives it."""
    data = io.BytesIO()
    segno.make(f"https://weixin.example.cn/{account.account_id}", error="m").save(
        data, kind="png", scale=6, border=2
    )
    return get_image_model().objects.create(
        title=f"{account.name}二维码",
        file=ImageFile(data, name=f"{account.account_id}.png"),
        collection=unit_collection(account.sponsor_unit),
    )


def _holder(unit: Unit, role: str, *, above_only: bool = False):
    """Someone holding ``role`` in ``unit`` or the nearest unit above it."""
    units = list(unit.get_ancestors()) if above_only else [*unit.get_ancestors(), unit]
    for candidate in reversed(units):
        assignment = (
            RoleAssignment.objects.filter(unit=candidate, role=role, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if assignment is not None:
            return assignment.user
    return None


def _open(account: Account) -> None:
    """The opening request, its approval and its filing, each by whom the rules name; the
    platform's superuser stands in for a role the demo's units do not staff."""
    superuser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    unit = account.sponsor_unit
    requester = _holder(unit, Role.SITE_ADMIN) or superuser
    approver = _holder(unit, Role.PRINCIPAL_HEAD)
    filer = _holder(unit, Role.SITE_ADMIN, above_only=True) or superuser
    request = lifecycle.make_request(
        account, RequestKind.OPEN, requester, "开设政务新媒体账号，发布政务信息、回应关切。"
    )
    if approver is None:  # nobody may approve: the account stays 筹建, its request waiting
        return
    lifecycle.decide(request, approver, approved=True, comment="同意开设。")
    lifecycle.decide(request, filer, approved=True, comment="已备案。")
