"""A county portal whose 2025 is known item by item, and the people who read and fill in its
yearly report. Items are published through the project's factories with the times an archive
import records (``historical_import``): the boundary of the year is Asia/Shanghai's."""

import datetime
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from archive.filing import file_pages
from cms.content.models import NewsPage, NoticePage, ResponsePage, TopicPage
from cms.content.timestamps import historical_import
from cms.organisation.models import Role, UnitKind
from cms.organisation.validators import credit_code_check_character
from editorial.takedown import take_down
from interpretation.models import InterpretationPage, InterpretedDocument, PolicyDocumentPage
from knowledgebase.mailbox import services as mailbox_services
from knowledgebase.mailbox.models import Mailbox, MailboxKind
from knowledgebase.models import KnowledgeEntryPage, ServiceGuidePage
from knowledgebase.surveys.models import SurveyPage
from knowledgebase.surveys.services import survey_response_submit
from tests import factories
from tests.knowledgebase.conftest import GUIDE_FIELDS
from tests.knowledgebase.surveys.conftest import questions
from tests.publicapi.conftest import module_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2025


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# The first and last moments of 2025 that count, and the nearest that do not.
LAST_MOMENT = at(2025, 12, 31, 23, 30)  # 2025-12-31 15:30 UTC: in 2025
FIRST_MOMENT = at(2025, 1, 1, 0, 0)  # 2024-12-31 16:00 UTC: in 2025
JUST_BEFORE = at(2024, 12, 31, 23, 59)  # 2024-12-31 15:59 UTC: in 2024
JUST_AFTER = at(2026, 1, 1, 0, 0)  # 2025-12-31 16:00 UTC: in 2026


def item(column, title, when, page_class=NewsPage, **fields):
    """An item first published at ``when`` (an import of the archive records it)."""
    with historical_import():
        return factories.news(
            column, title, page_class=page_class, first_published_at=when, **fields
        )


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MAILBOX_PRIVATE_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _platform(django_db_setup, django_db_blocker):
    """Built once per module; each test runs in a savepoint of it (its entries undone)."""
    yield from module_data(django_db_blocker, _build)


@pytest.fixture
def platform(_platform, db):
    return _platform


def _build():
    government = factories.unit("渭川区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("渭川区人民政府办公室", parent=government, kind=UnitKind.OFFICE)
    body = "11610303MB1234567"
    office.credit_code = body + credit_code_check_character(body)
    office.save()
    department = factories.unit("渭川区人力资源和社会保障局", parent=office)
    site = factories.site("渭川区人民政府", "www.weichuan.gov.cn", sponsor=office)
    other_unit = factories.unit("渭滨区人民政府办公室", kind=UnitKind.OFFICE)
    other_site = factories.site("渭滨区人民政府", "www.weibin.gov.cn", sponsor=other_unit)
    people = SimpleNamespace(
        webmaster=factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        author=factories.user("author", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=department, role=Role.SECTION_CHIEF),
        clerk=factories.user("clerk", unit=department, role=Role.INFO_OFFICER),
        county_reader=factories.user("county_reader", unit=government, role=Role.INFO_OFFICER),
        outsider=factories.user("outsider", unit=other_unit, role=Role.SITE_ADMIN),
        department_admin=factories.user("rsj_admin", unit=department, role=Role.SITE_ADMIN),
        superuser=factories.superuser(),
    )
    root = site.root_page

    def column(title, slug, category="irregular"):
        return factories.column(root, title, owner=office, slug=slug, update_category=category)

    news = column("政务要闻", "zwyw", "news")
    notices = column("通知公告", "tzgg", "notice")
    policies = column("政策文件", "zcwj", "policy")
    readings = column("政策解读", "zcjd", "policy")
    topics = column("专题专栏", "ztzl")
    concerns = column("回应关切", "hygq")
    guides = column("办事指南", "bszn")
    knowledge = column("智能问答", "znwd")
    surveys = column("意见征集", "yjzj")

    counted = SimpleNamespace()
    # News: the boundary both ways; a filed one counts; one taken down and a draft do not.
    counted.news_last = item(news, "年末最后一条", LAST_MOMENT)
    counted.news_first = item(news, "年初第一条", FIRST_MOMENT)
    item(news, "上一年最后一条", JUST_BEFORE)
    item(news, "下一年第一条", JUST_AFTER)
    filed = item(news, "已归档的新闻", at(2025, 3, 1))
    file_pages([filed.pk], reason="manual", user=people.superuser)
    withdrawn = item(news, "已下线的新闻", at(2025, 4, 1))
    take_down(withdrawn, user=people.webmaster, reason="内容有误，先行下线")
    factories.news(news, "从未发布的草稿", publish=False)
    # A notice in 2025 (counts in the total only).
    item(notices, "关于春节放假的通知", at(2025, 1, 20), page_class=NoticePage)
    # Policy documents: two in 2025, one in 2024.
    document_fields = {
        "issuing_office": "渭川区人民政府",
        "written_on": datetime.date(2025, 3, 2),
        "owner": people.author,
    }
    first_document = item(
        policies,
        "关于促进就业的若干措施",
        at(2025, 3, 5),
        page_class=PolicyDocumentPage,
        document_number="渭政发〔2025〕12号",
        **document_fields,
    )
    item(
        policies,
        "关于优化营商环境的实施意见",
        LAST_MOMENT,
        page_class=PolicyDocumentPage,
        document_number="渭政发〔2025〕30号",
        **document_fields,
    )
    item(
        policies,
        "关于加强安全生产的通知",
        JUST_BEFORE,
        page_class=PolicyDocumentPage,
        document_number="渭政发〔2024〕40号",
        **{**document_fields, "written_on": datetime.date(2024, 12, 1)},
    )
    # Interpretations in 2025: two materials, two products, one commentary; one in 2026.
    for title, form, when in (
        ("促进就业若干措施文字解读", "text", at(2025, 3, 6)),
        ("专家解读促进就业若干措施", "expert", at(2025, 3, 7)),
        ("一图读懂促进就业若干措施", "graphic", at(2025, 3, 8)),
        ("视频解读促进就业若干措施", "video", LAST_MOMENT),
        ("媒体评论：稳就业有了新抓手", "media_commentary", at(2025, 3, 9)),
        ("新年解读", "text", JUST_AFTER),
    ):
        item(
            readings,
            title,
            when,
            page_class=InterpretationPage,
            form=form,
            interpreter="渭川区人力资源和社会保障局",
            interpreter_kind="media" if form == "media_commentary" else "drafting_unit",
            owner=people.author,
            media_url="https://www.weichuan.gov.cn/media/jd.mp4" if form == "video" else "",
            interpreted_documents=[InterpretedDocument(document=first_document)],
        )
    # Topics: ended before 2025 (neither); running since 2024 (maintained); new in 2025 (both).
    item(
        topics,
        "2024年专题",
        at(2024, 3, 1),
        page_class=TopicPage,
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    item(topics, "长期专题", at(2024, 6, 1), page_class=TopicPage)
    item(
        topics,
        "2025年新专题",
        at(2025, 5, 1),
        page_class=TopicPage,
        starts_on=datetime.date(2025, 5, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    # Responses: a concern and a rumour rebuttal in 2025, one in 2024.
    item(concerns, "关于供暖问题的回应", at(2025, 11, 20), page_class=ResponsePage, concern="供暖")
    item(
        concerns,
        "网传停水消息不实",
        FIRST_MOMENT,
        page_class=ResponsePage,
        response_kind="rumour",
        concern="停水",
    )
    item(concerns, "去年的回应", JUST_BEFORE, page_class=ResponsePage, concern="去年")
    # Service guides: one in 2024, one in 2025, one in 2026 (not yet by the end of 2025).
    for title, when in (("社保卡申领", at(2024, 5, 1)), ("失业登记", at(2025, 6, 1))):
        item(guides, title, when, page_class=ServiceGuidePage, **GUIDE_FIELDS)
    item(guides, "新年指南", JUST_AFTER, page_class=ServiceGuidePage, **GUIDE_FIELDS)
    # A knowledge entry: the site answers questions automatically.
    item(
        knowledge,
        "社保卡丢了怎么办？",
        at(2025, 7, 1),
        page_class=KnowledgeEntryPage,
        summary="携带身份证到社保窗口挂失补办。",
        topic="social_security",
    )

    # Surveys: two in 2025 (one with its result), one in 2024 answered in 2025.
    def survey(title, when, opens, closes, **fields):
        return item(
            surveys,
            title,
            when,
            page_class=SurveyPage,
            opens_at=opens,
            closes_at=closes,
            questions=json.dumps(questions()),
            **fields,
        )

    with_result = survey(
        "政务服务满意度调查",
        at(2025, 2, 1),
        at(2025, 2, 1),
        at(2025, 3, 1),
        result_summary="<p>满意率95%。</p>",
    )
    survey("公园建设意见征集", at(2025, 9, 1), at(2025, 9, 1), at(2026, 2, 1))
    older = survey("2024年调查", at(2024, 12, 1), at(2024, 12, 1), at(2025, 1, 31))
    single = with_result.questions[0].id
    for sender, when in (("203.0.113.1", at(2025, 2, 2)), ("203.0.113.2", at(2025, 2, 3))):
        survey_response_submit(
            survey=with_result, answers={single: "满意"}, sender=sender, now=when
        )
    older_single = older.questions[0].id
    survey_response_submit(
        survey=older, answers={older_single: "满意"}, sender="203.0.113.3", now=JUST_BEFORE
    )
    survey_response_submit(
        survey=older, answers={older_single: "满意"}, sender="203.0.113.4", now=FIRST_MOMENT
    )
    # The mailbox: three messages received in 2025 (two answered, one publicly), one in 2024.
    mailbox = Mailbox.objects.create(
        site=site, name="区长信箱", kind=MailboxKind.LEADER, unit=department, categories="社保"
    )

    def received(when, may_publish=False):
        submission = mailbox_services.Submission(
            subject="咨询",
            content=f"留言 {when.isoformat()}",
            name="王强",
            mobile=f"1390000{when.day:02d}{when.month:02d}",
            category="社保",
            may_publish=may_publish,
        )
        return mailbox_services.message_submit(
            mailbox=mailbox, submission=submission, now=when
        ).message

    def answer(message):
        mailbox_services.reply_write(message=message, user=people.clerk, text="答复如下。")
        mailbox_services.reply_submit(message=message, user=people.clerk)
        mailbox_services.reply_approve(message=message, user=people.chief)

    answer(received(FIRST_MOMENT, may_publish=True))
    answer(received(at(2025, 6, 3)))
    received(LAST_MOMENT)
    answer(received(JUST_BEFORE, may_publish=True))
    return SimpleNamespace(
        site=site, other_site=other_site, people=people, office=office, mailbox=mailbox
    )


# What the data above makes of 2025, row by row.
EXPECTED_2025 = {
    "site_name": "渭川区人民政府",
    "home_url": "https://www.weichuan.gov.cn/",
    "sponsor": "渭川区人民政府办公室",
    "site_type": "政府门户网站",
    "icp_number": "陕ICP备05004383号-1",
    "psb_number": "陕公网安备 61030202000123号",
    # 3 news (the two boundaries, the filed one), 1 notice, 2 documents, 5 interpretations,
    # 1 topic, 2 responses, 1 guide, 1 entry, 2 surveys.
    "published_total": 18,
    "published_news": 3,
    "published_catalogue": 2,
    "topics_maintained": 2,
    "topics_opened": 1,
    "interpretation_total": 5,
    "interpretation_materials": 2,
    "interpretation_products": 2,
    "interpretation_commentary": 1,
    "responses": 2,
    "service_items": 2,
    "unified_platform": True,
    "messages_received": 3,
    "messages_closed": 2,
    "messages_public": 1,
    "surveys_held": 2,
    "survey_opinions": 3,
    "survey_results": 1,
    "smart_answers": True,
    "search_as_service": True,
}
