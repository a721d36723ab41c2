"""The demo county's mailboxes (政民互动, R23) and a few messages in each state of handling: some
waiting (one overdue), some answered and published, so that the admin's lists, the chief's
panel of replies awaiting approval and the public exchanges have something to show.

Every message goes through the real services: submitted as a citizen submits, replied to by
the unit's information officer and approved by its section chief. The senders are invented.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.sites.models import SiteIdentity
from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Mailbox, MailboxKind

# (name, kind, answering unit, categories, description)
MAILBOXES = (
    ("区长信箱", MailboxKind.LEADER, "bgs_xxk", "意见建议\n投诉举报\n其他", "直达区长的信箱。"),
    ("咨询", MailboxKind.CONSULTATION, "bgs_xxk", "社保医保\n户籍证照\n其他", "政策和办事咨询。"),
    ("教育局局长信箱", MailboxKind.LEADER, "jyj_bgs", "入学\n校园安全\n其他", "教育事务。"),
)

# (mailbox, days ago, subject, content, may publish, reply or None, approved)
MESSAGES = (
    (
        1,
        1,
        "社保卡补办要多久",
        "我的社保卡丢了，补办一张需要多长时间？",
        True,
        "您好，携带身份证到区政务服务中心社保卡服务专区可即时制卡。",
        True,
    ),
    (
        0,
        2,
        "文景路路灯不亮",
        "文景路与人民路交叉口往北的路灯已经坏了一周，晚上很不安全。",
        True,
        "您好，已转交区住建局，路灯将于三日内修复。感谢您的反映。",
        True,
    ),
    (
        2,
        3,
        "随迁子女入学需要什么材料",
        "我们是外地来渭川务工的，孩子明年上小学，需要准备什么？",
        True,
        "您好，需提供居住证、务工证明和户口簿等材料，具体见区教育局发布的招生公告。",
        False,
    ),
    (1, 1, "不动产登记预约", "二手房过户能不能网上预约？", False, None, False),
    (0, 12, "小区噪音扰民", "清溪镇某小区附近工地夜间施工，严重影响休息。", False, None, False),
)


@transaction.atomic
def create_mailboxes(site: Site, units: dict, users: dict) -> int:
    """The portal's mailboxes and the messages; returns how many messages."""
    boxes = [
        Mailbox.objects.create(
            site=site,
            name=name,
            kind=kind,
            unit=units[unit],
            categories=categories,
            description=description,
            order=number,
        )
        for number, (name, kind, unit, categories, description) in enumerate(MAILBOXES)
    ]
    now = timezone.now()
    for number, (box, days, subject, content, publish, reply, approved) in enumerate(MESSAGES):
        mailbox = boxes[box]
        message = services.message_submit(
            mailbox=mailbox,
            submission=services.Submission(
                subject=subject,
                content=content,
                name="市民" + "甲乙丙丁戊"[number],
                mobile=f"1399123{number:04d}",
                category=mailbox.categories.splitlines()[0],
                may_publish=publish,
            ),
            now=now - datetime.timedelta(days=days),
        ).message
        if reply is None:
            continue
        prefix = "bgs" if mailbox.unit == units["bgs_xxk"] else "jyj"
        services.reply_write(message=message, user=users[f"{prefix}_xxy"], text=reply)
        services.reply_submit(message=message, user=users[f"{prefix}_xxy"])
        if approved:
            services.reply_approve(message=message, user=users[f"{prefix}_kz"])
    return len(MESSAGES)


def create_site_mailboxes(sites: dict[str, Site]) -> int:
    """A consultation mailbox on every site but the portal, run by the site's operating unit:
    each site has its channel for consultation (a veto item of the national check, R5)."""
    made = 0
    for key, site in sites.items():
        if key == "portal" or Mailbox.objects.filter(site=site).exists():
            continue
        identity = SiteIdentity.objects.get(site=site)
        Mailbox.objects.create(
            site=site,
            name="咨询建言",
            kind=MailboxKind.CONSULTATION,
            unit=identity.operator_unit,
            categories="政策咨询\n意见建议\n其他",
            description="本单位业务咨询和意见建议。",
        )
        made += 1
    return made
