"""The demo county's knowledge base and service guides (issue 20): 169 questions citizens ask
about common county services, each with the answer the government gives, and the 41 guides
they point to. Written by hand in ``data/knowledge.json`` and ``data/guides.json``; every name,
address, telephone number and amount is invented for the demo.

They go live through the real path, as the other hand-written items do
(:mod:`cms.demo.services`): saved as a revision, cleared as the review chain would clear it,
and published. The automatic answers' evaluation set (``bench/data/ask_judged.json``) names the
entries by their keys, which are their slugs.
"""

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Page

from cms.content.richtext import sanitise_html
from knowledgebase.models import KnowledgeEntryPage, ServiceGuidePage, ServiceTopic

from .services import _column, _publish

DATA = Path(__file__).parent / "data"
ENTRIES = DATA / "knowledge.json"
GUIDES = DATA / "guides.json"

# Where they are published on the portal.
GUIDE_COLUMN = ("fuwu", "bszn")
ENTRY_COLUMN = ("hudong", "zsk")

TOPICS = {
    "社会保障": ServiceTopic.SOCIAL_SECURITY,
    "医疗保障": ServiceTopic.MEDICAL_INSURANCE,
    "户籍办理": ServiceTopic.HOUSEHOLD_REGISTRATION,
    "不动产登记": ServiceTopic.REAL_ESTATE,
    "住房公积金": ServiceTopic.HOUSING_FUND,
    "教育入学": ServiceTopic.EDUCATION,
    "婚姻登记": ServiceTopic.MARRIAGE,
    "生育服务": ServiceTopic.BIRTH,
    "就业创业": ServiceTopic.EMPLOYMENT,
    "民政救助": ServiceTopic.SOCIAL_ASSISTANCE,
    "税费缴纳": ServiceTopic.TAXES,
    "交通出行": ServiceTopic.TRANSPORT,
    "市场主体登记": ServiceTopic.BUSINESS_REGISTRATION,
    "退役军人服务": ServiceTopic.VETERANS,
    "残疾人服务": ServiceTopic.DISABILITY,
    "养老服务": ServiceTopic.ELDERLY_CARE,
    "农业农村": ServiceTopic.AGRICULTURE,
    "公共法律服务": ServiceTopic.LEGAL_SERVICES,
}


def entries() -> list[dict]:
    return json.loads(ENTRIES.read_text(encoding="utf-8"))


def guides() -> list[dict]:
    return json.loads(GUIDES.read_text(encoding="utf-8"))


def _paragraphs(text: str) -> str:
    return sanitise_html("".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip()))


def _guide(spec: dict, owner) -> ServiceGuidePage:
    return ServiceGuidePage(
        title=spec["title"],
        slug=spec["key"],
        topic=TOPICS[spec["topic"]],
        implementing_body=spec["implementing_body"],
        legal_basis=spec["legal_basis"],
        conditions=spec["conditions"],
        materials=[("material", material) for material in spec["materials"]],
        process=spec["process"],
        legal_time_limit=spec["legal_time_limit"],
        promised_time_limit=spec["promised_time_limit"],
        fees=spec["fees"],
        place_and_hours=spec["place_and_hours"],
        phone=spec["phone"],
        online_url=spec["online_url"],
        summary=spec["conditions"][:500],
        source=spec["implementing_body"],
        owner=owner,
        live=False,
    )


def _entry(spec: dict, guide_ids: dict[str, int], owner, source: str) -> KnowledgeEntryPage:
    return KnowledgeEntryPage(
        title=spec["question"],
        slug=spec["key"],
        topic=TOPICS[spec["topic"]],
        keywords=" ".join(spec["keywords"]),
        phrasings="\n".join(spec["phrasings"]),
        guide_id=guide_ids.get(spec["guide"]) if spec.get("guide") else None,
        summary=spec["answer"].splitlines()[0][:500],
        body=_paragraphs(spec["answer"]),
        source=source,
        owner=owner,
        live=False,
    )


@transaction.atomic
def create_knowledge_base(portal_root: Page) -> int:
    """Publish the guides, then the entries pointing to them; returns how many pages."""
    guide_column = _column(portal_root, GUIDE_COLUMN)
    entry_column = _column(portal_root, ENTRY_COLUMN)
    guide_ids: dict[str, int] = {}
    for spec in guides():
        page = guide_column.add_child(instance=_guide(spec, guide_column.owner))
        _publish(page)
        guide_ids[spec["key"]] = page.pk
    source = entry_column.responsible_unit.name
    written = 0
    for spec in entries():
        page = entry_column.add_child(instance=_entry(spec, guide_ids, entry_column.owner, source))
        _publish(page)
        written += 1
    return len(guide_ids) + written
