"""Items of the demo waiting in review, so that each role printed by ``platform_welcome`` opens a
real "我的待审": one at every stage (一审 to 三校; 会签 on a joint notice, 签发 on a 重大 item), one
returned to its author with an opinion and one with a blocking 错敏词 waiting at 三审.

They are moved there as people move them: written as a draft by their author, submitted through
the review workflow, and approved or returned stage by stage through
:func:`editorial.services.stage_act` by a person the separation rules (:mod:`editorial.rules`)
allow: the author reviews nothing of their own, nobody approves two review stages of one
revision, and each waiting item keeps someone printed able to act.
"""

from django.utils import timezone
from wagtail.models import Page

from cms.content.models import ColumnPage, NewsPage, NoticePage
from cms.content.models.mixins import Importance
from cms.content.richtext import sanitise_html
from editorial import services
from editorial.checklist import PROOF_CONFIRMATIONS, REVIEW_QUESTIONS
from editorial.stages import PROOF_STAGES

from . import corpus

APPROVED = "同意，请转下一环节。"
PROOFREAD = "已校对文字、图片和格式。"
RETURNED = "文中“全年完成投资”一句缺少数据来源，请核实统计口径并注明出处后重新报送。"


def _answers(stage: str, opinion: str) -> dict:
    questions = PROOF_CONFIRMATIONS if stage in PROOF_STAGES else REVIEW_QUESTIONS
    return {**{name: True for name, _label in questions}, "opinion": opinion}


def _current(page: Page):
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_task_state
    return page, state.specific if state is not None else None


def submit_and_approve(page: Page, author, approvers=(), *, return_by=None, opinion=RETURNED):
    """``author`` saves ``page`` as a revision and submits it; each of ``approvers`` approves the
    stage then waiting (skipped stages are passed by the workflow itself); ``return_by``, if
    given, then returns it with ``opinion``. Returns the stage it waits at (None if returned)."""
    page.save_revision(user=author)
    services.submit(page, author)
    for person in approvers:
        page, state = _current(page)
        opinion_given = PROOFREAD if state.stage in PROOF_STAGES else APPROVED
        services.stage_act(state, person, "approve", _answers(state.stage, opinion_given))
    page, state = _current(page)
    if return_by is not None:
        services.stage_act(state, return_by, "reject", {"opinion": opinion})
        return None
    return state.stage if state is not None else None


def _column(site_root: Page, *slugs: str) -> ColumnPage:
    page = site_root
    for slug in slugs:
        page = page.get_children().get(slug=slug)
    return page.specific


def _draft(column: ColumnPage, model, owner, number: int, title: str, body: list[str], **fields):
    page = model(
        title=title,
        slug=f"review-{number:02d}",
        summary=body[0][:80],
        body=sanitise_html("".join(f"<p>{paragraph}</p>" for paragraph in body)),
        source=fields.pop("source"),
        importance=fields.pop("importance", Importance.ORDINARY),
        owner=owner,
        live=False,
        **fields,
    )
    column.add_child(instance=page)
    return page


def seed_review_queues(builder) -> dict[str, list[str]]:
    """Writes the items in review; returns their titles by the stage they wait at (the
    returned one under ``"returned"``)."""
    people = builder.users
    units = builder.units
    county = corpus.COUNTY
    office = units["bgs"].name
    # The portal's chain: 信息员 (two: the one who writes does not pass 一审), 科室负责人,
    # 分管负责人, 主要负责人, 网站管理员 — those printed by platform_welcome, and bgs_ys.
    writer, officer, chief = people["bgs_ys"], people["bgs_xxy"], people["bgs_kz"]
    deputy, webmaster = people["bgs_fgld"], people["bgs_wzgly"]
    portal = builder.roots["portal"]
    news = _column(portal, "xinwen", "zwyw")
    today = timezone.localdate()
    day = f"{today.month}月{today.day}日"
    quarter = "一二三四"[(today.month - 1) // 3]

    plans = [
        (
            "一审",
            f"{county}召开{today.year}年第{quarter}季度重点项目建设推进会",
            [
                f"{day}，{county}召开第{quarter}季度重点项目建设推进会，通报全区重点项目进展情况，"
                "安排部署下一阶段工作。",
                "会议要求，各牵头单位要对照年度计划倒排工期，逐项目落实责任人和完成时限。",
            ],
            {},
            [],
        ),
        (
            "二审",
            f"{county}启动城乡居民医保集中参保缴费工作",
            [
                f"{county}{today.year + 1}年度城乡居民基本医疗保险集中参保缴费工作日前启动。",
                "参保群众可通过“陕西医保”小程序、银行网点或所在镇（街道）便民服务中心缴费。",
            ],
            {},
            [officer],
        ),
        (
            "三审",
            f"{county}部署安全生产大排查大整治工作",
            [
                f"{day}，{county}召开安全生产工作会议，对安全生产大排查大整治工作进行再动员、再部署。",
                "会议强调，要压实安全生产责任，加强隐患排查，做好物资储备和应急值守。",
            ],
            {},
            [officer, chief],
        ),
        (
            "签发",
            f"{county}人民政府关于调整城区部分道路交通组织的通告",
            [
                "为缓解城区交通拥堵，经研究，决定对滨河大道等部分道路交通组织进行调整。",
                "本通告自发布之日起施行。请广大市民提前规划出行路线，服从交通民警指挥。",
            ],
            {"importance": Importance.MAJOR},
            [officer, chief, deputy],
        ),
        (
            "一校",
            f"{county}开展“文明交通我先行”主题宣传活动",
            [
                f"{day}，{county}在城区主要路口开展“文明交通我先行”主题宣传活动。",
                "活动现场，志愿者向过往群众发放宣传资料，讲解交通安全知识。",
            ],
            {},
            [officer, chief, deputy],
        ),
        (
            "二校",
            f"{county}举办{today.year}年政务信息工作培训班",
            [
                f"{day}，{county}举办政务信息工作培训班，各部门、各镇（街道）信息员参加培训。",
                "培训围绕政务信息报送、政府网站内容保障和信息发布审核等内容进行讲解。",
            ],
            {},
            [officer, chief, deputy, webmaster],
        ),
        (
            "三校",
            f"{county}召开优化营商环境工作推进会",
            [
                f"{day}，{county}召开优化营商环境工作推进会，通报近期营商环境评价反馈问题。",
                "会议要求，要聚焦企业和群众办事堵点，持续推进“高效办成一件事”。",
            ],
            {},
            [officer, chief, deputy, webmaster, chief],
        ),
        (
            "有阻断问题",
            f"{county}开展助残日走访慰问活动",
            [
                f"{day}，{county}开展“全国助残日”走访慰问活动，为辖区残废人家庭送去慰问金和生活用品。",
                "区残联将持续做好残疾人康复、就业和托养服务工作。",
            ],
            {},
            [officer, chief],
        ),
    ]
    waiting: dict[str, list[str]] = {}
    number = 0
    for label, title, body, fields, approvers in plans:
        number += 1
        page = _draft(news, NewsPage, writer, number, title, body, source=office, **fields)
        stage = submit_and_approve(page, writer, approvers)
        waiting.setdefault(stage, []).append(f"{label}：{title}")

    # Returned with an opinion: written by the printed 信息员, whose 一审 is bgs_ys.
    number += 1
    page = _draft(
        news,
        NewsPage,
        officer,
        number,
        f"{county}上半年固定资产投资保持较快增长",
        [
            f"今年以来，{county}坚持项目为王，上半年全区固定资产投资同比增长8.6%。",
            "其中，工业投资增长12.3%，全年完成投资有望突破百亿元。",
        ],
        source=office,
    )
    submit_and_approve(page, officer, [writer], return_by=chief)
    waiting.setdefault("returned", []).append(page.title)

    # 会签: a notice of the 发改局 issued jointly with the 区政府办, whose heads countersign.
    number += 1
    site = builder.roots["fgj"]
    notice = _column(site, "tzgg")
    page = _draft(
        notice,
        NoticePage,
        people["fgj_ys"],
        number,
        f"关于开展{today.year}年度{county}重点项目谋划储备工作的通知",
        [
            "各镇人民政府、街道办事处，区级各部门：",
            f"为做好{today.year + 1}年度重点项目谋划储备工作，现将有关事项通知如下。",
        ],
        source=units["fgj"].name,
    )
    page.co_issuing_units = [units["bgs"]]
    stage = submit_and_approve(page, people["fgj_ys"], [people["fgj_xxy"], people["fgj_kz"]])
    waiting.setdefault(stage, []).append(page.title)
    return waiting
