"""A policy_site with a 政策文件 column and a 政策解读 column owned by its office."""

import datetime
from types import SimpleNamespace

import pytest

from cms.organisation.models import Role, UnitKind
from cms.organisation.validators import credit_code_check_character
from interpretation.models import InterpretationPage, InterpretedDocument, PolicyDocumentPage
from tests import factories


def credit_code(body: str = "11610303MB1234567") -> str:
    return body + credit_code_check_character(body)


@pytest.fixture
def policy_site(db):
    government = factories.unit("渭川区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("渭川区人民政府办公室", parent=government, kind=UnitKind.OFFICE)
    office.credit_code = credit_code()
    office.save()
    site = factories.site("渭川区人民政府", sponsor=office)
    people = SimpleNamespace(
        author=factories.user("author", unit=office, role=Role.INFO_OFFICER),
        # 一审 of what the author writes.
        reviewer=factories.user("reviewer", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        # The rest of the chain (三审, 三校), so that nothing submitted waits for nobody.
        deputy=factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
    )
    policies = factories.column(site.root_page, "政策文件", owner=office, slug="zcwj")
    readings = factories.column(site.root_page, "政策解读", owner=office, slug="zcjd")
    return SimpleNamespace(
        site=site, office=office, policies=policies, readings=readings, people=people
    )


def document(policy_site, title="渭川区人民政府关于促进就业的若干措施", *, publish=True, **fields):
    fields.setdefault("issuing_office", "渭川区人民政府")
    fields.setdefault("document_number", "渭政发〔2026〕12号")
    fields.setdefault("written_on", datetime.date(2026, 3, 2))
    fields.setdefault("owner", policy_site.people.author)
    return factories.news(
        policy_site.policies, title, publish=publish, page_class=PolicyDocumentPage, **fields
    )


def interpretation(
    policy_site, documents, title="一图读懂促进就业若干措施", *, publish=True, **fields
):
    fields.setdefault("form", "graphic")
    fields.setdefault("interpreter", "渭川区人力资源和社会保障局")
    fields.setdefault("interpreter_kind", "drafting_unit")
    fields.setdefault("owner", policy_site.people.author)
    links = [InterpretedDocument(document=doc) for doc in documents]
    return factories.news(
        policy_site.readings,
        title,
        publish=publish,
        page_class=InterpretationPage,
        interpreted_documents=links,
        **fields,
    )
