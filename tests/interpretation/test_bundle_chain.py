"""三同步 through the whole review chain, as real reviewers over HTTP: a wide-impact document
and its interpretation each pass 三审三校, and go live together when the last of them passes."""

import datetime

import pytest
from wagtail.models import Page

from interpretation.models import (
    HeldPublication,
    InterpretationPage,
    InterpretedDocument,
    PolicyDocumentPage,
)
from publicapi.models import PublicPage
from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401 - the fixture
from tests.editorial.flow import current_stage, through_the_chain

from .conftest import credit_code

pytestmark = pytest.mark.django_db


def _drafts(staffed_site):  # noqa: F811
    type(staffed_site.office).objects.filter(pk=staffed_site.office.pk).update(
        credit_code=credit_code()
    )
    policies = factories.column(staffed_site.site.root_page, "政策文件", owner=staffed_site.office)
    readings = factories.column(staffed_site.site.root_page, "政策解读", owner=staffed_site.office)
    author = staffed_site.people.author
    document = factories.news(
        policies,
        "关于促进就业的若干措施",
        publish=False,
        page_class=PolicyDocumentPage,
        owner=author,
        issuing_office="某区人民政府",
        document_number="某政发〔2026〕3号",
        written_on=datetime.date(2026, 3, 2),
        wide_impact=True,
    )
    reading = factories.news(
        readings,
        "一图读懂促进就业若干措施",
        publish=False,
        page_class=InterpretationPage,
        owner=author,
        form="graphic",
        interpreter="某区人力资源和社会保障局",
        interpreter_kind="drafting_unit",
        interpreted_documents=[InterpretedDocument(document=document)],
    )
    return document, reading


def _live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def test_the_bundle_goes_live_when_its_last_item_passes_review(
    client,
    staffed_site,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    document, reading = _drafts(staffed_site)
    with django_capture_on_commit_callbacks(execute=True):
        through_the_chain(client, staffed_site, document)
    assert current_stage(document) is None
    assert not _live(document)  # approved, held for its interpretation
    assert HeldPublication.objects.filter(page_id=document.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        through_the_chain(client, staffed_site, reading)
    assert _live(document) and _live(reading)
    assert not HeldPublication.objects.exists()
    assert PublicPage.objects.filter(page_id__in=[document.pk, reading.pk]).count() == 2
    response = client.get(f"/api/v1/sites/{staffed_site.site.pk}/pages/{document.pk}")
    assert [i["id"] for i in response.json()["interpretations"]] == [reading.pk]
