# A county site with a knowledge-base column and a service-guide column, published entries and
# a guide; and the public API client that checks every answer's contract.
from types import SimpleNamespace

import pytest

from knowledgebase.models import KnowledgeEntryPage, ServiceGuidePage
from tests import factories
from tests.archive.conftest import admin_client, api, filing_site  # noqa: F401
from tests.publicapi.conftest import refreshes  # noqa: F401

GUIDE_FIELDS = {
    "topic": "social_security",
    "implementing_body": "渭川区人力资源和社会保障局",
    "legal_basis": "《社会保险法》第五十八条",
    "conditions": "本区参保人员",
    "materials": [
        ("material", {"name": "居民身份证", "requirement": "原件1份"}),
        ("material", {"name": "近期免冠照片", "requirement": "1张"}),
    ],
    "process": "申请\n受理\n制卡\n领卡",
    "legal_time_limit": "20个工作日",
    "promised_time_limit": "即办",
    "fees": "不收费",
    "place_and_hours": "渭川区政务服务中心一楼，工作日9:00-17:00",
    "phone": "0917-2868123",
    "online_url": "https://zwfw.example.gov.cn/shebao",
}


def entry(column, question, answer, *, phrasings=(), keywords="", publish=True, **fields):
    fields.setdefault("topic", "social_security")
    return factories.news(
        column,
        question,
        page_class=KnowledgeEntryPage,
        summary=answer,
        body=f"<p>{answer}</p>",
        phrasings="\n".join(phrasings),
        keywords=keywords,
        publish=publish,
        **fields,
    )


def guide(column, title, **fields):
    return factories.news(column, title, page_class=ServiceGuidePage, **{**GUIDE_FIELDS, **fields})


@pytest.fixture
def knowledge_site(filing_site, django_capture_on_commit_callbacks):  # noqa: F811
    """The filing site with a 知识库 and a 办事指南 column, three entries and a guide."""
    office = filing_site.office
    with django_capture_on_commit_callbacks(execute=True):
        kb = factories.column(filing_site.site.root_page, "知识库", owner=office, slug="zsk")
        guides = factories.column(filing_site.site.root_page, "办事指南", owner=office, slug="bszn")
        card_guide = guide(guides, "社会保障卡补领、换领")
        entries = SimpleNamespace(
            card=entry(
                kb,
                "社会保障卡丢失了怎么补办？",
                "携带居民身份证到区政务服务中心社保窗口办理挂失和补卡，即时制卡。",
                phrasings=["社保卡掉了怎么办", "补办社会保障卡需要什么材料"],
                keywords="社保卡 补办 挂失",
                guide=card_guide,
            ),
            fund=entry(
                kb,
                "住房公积金怎么提取？",
                "购房、租房、退休等情形可以申请提取住房公积金，携带身份证和相关证明到公积金管理部办理。",
                phrasings=["公积金提取需要什么条件"],
                keywords="公积金 提取",
                topic="housing_fund",
            ),
            marriage=entry(
                kb,
                "结婚登记需要带什么材料？",
                "男女双方携带本人户口簿、身份证和三张近期半身免冠合影照片，到区婚姻登记处办理。",
                phrasings=["领结婚证要准备哪些东西"],
                keywords="结婚登记 结婚证",
                topic="marriage",
            ),
        )
    return SimpleNamespace(
        **vars(filing_site), kb=kb, guides=guides, guide=card_guide, entries=entries
    )
