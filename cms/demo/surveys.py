"""The demo's surveys and solicitations (征集调查, R24) in the portal's 互动 › 征集调查 column:
one open survey, and one solicitation closed ten days ago whose result is still due, so the
dashboard's "征集调查结果待发布" has something to show. Both go live as a completed review
publishes them, written by the column's own person."""

import json
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms.content.richtext import sanitise_html
from editorial.publication import publish_cleared
from editorial.services import clearance_record
from knowledgebase.surveys.models import SurveyKind, SurveyPage

from .corpus import COUNTY

COLUMN_PATH = ("hudong", "zjdc")


def _question(kind: str, text: str, *, options=(), required=True, max_length=500) -> dict:
    value = {"text": text, "required": required}
    if options:
        value["options"] = list(options)
    else:
        value["max_length"] = max_length
    return {"type": kind, "id": str(uuid.uuid4()), "value": value}


def _surveys(now):
    return [
        SurveyPage(
            title=f"{COUNTY}政务服务满意度问卷调查",
            slug="zwfw-myd-diaocha",
            survey_kind=SurveyKind.SURVEY,
            summary="了解群众对区政务服务中心窗口服务和网上办事的评价。",
            body=sanitise_html("<p>为持续改进政务服务，现开展满意度调查，欢迎参与。</p>"),
            source=f"{COUNTY}人民政府办公室",
            opens_at=now - timedelta(days=5),
            closes_at=now + timedelta(days=25),
            questions=json.dumps(
                [
                    _question(
                        "single_choice",
                        "您对区政务服务中心的服务是否满意？",
                        options=("满意", "基本满意", "不满意"),
                    ),
                    _question(
                        "multiple_choice",
                        "您通常通过哪些渠道办事？",
                        options=("服务窗口", "网上办事大厅", "自助终端", "移动端"),
                        required=False,
                    ),
                    _question("free_text", "您的意见和建议", required=False),
                ],
                ensure_ascii=False,
            ),
        ),
        SurveyPage(
            title=f"关于《{COUNTY}老旧小区改造实施方案（征求意见稿）》公开征求意见",
            slug="laojiu-xiaoqu-zhengqiu-yijian",
            survey_kind=SurveyKind.SOLICITATION,
            summary="就老旧小区改造实施方案征求社会公众意见。",
            body=sanitise_html("<p>征求意见稿全文见附件，请在征集期内提出意见建议。</p>"),
            source=f"{COUNTY}人民政府办公室",
            opens_at=now - timedelta(days=40),
            closes_at=now - timedelta(days=10),
            questions=json.dumps(
                [_question("free_text", "您对征求意见稿的意见和建议", max_length=2000)],
                ensure_ascii=False,
            ),
        ),
    ]


@transaction.atomic
def create_surveys(portal_root: Page) -> int:
    """Publish the demo's surveys in the portal's survey column; returns how many."""
    column = portal_root
    for slug in COLUMN_PATH:
        column = column.get_children().get(slug=slug)
    column = column.specific
    surveys = _surveys(timezone.now())
    for survey in surveys:
        survey.owner = column.owner
        survey.live = False
        column.add_child(instance=survey)
        revision = survey.save_revision(user=survey.owner)
        clearance_record(revision)
        publish_cleared(revision, user=survey.owner)
    return len(surveys)
