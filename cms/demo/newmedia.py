"""The demo sites' 政务新媒体 (R32): a WeChat subscription account and a Weibo account of each
site's sponsor unit, filed as running, so that the registry, its printout and the public matrix
(``/api/v1/newmedia``) have something to show. The contacts are invented."""

from wagtail.models import Site

from cms.sites.models import SiteIdentity
from newmedia import registry
from newmedia.models import Account, AccountState, Platform

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
                state=AccountState.RUNNING,
            )
            if registry.refusal(account):
                continue
            account.save()
            made += 1
    return made
