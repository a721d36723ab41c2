"""Policy documents and interpretations of the demo county, written through the real paths:
saved as revisions, then published with whatever must go live with them (三同步), so index
numbers, validity and links show as they will on a live platform.

They are demo history, not reviewed work: like the bulk items they skip the review chain, and
the clearance the chain would write is written here, which freezes the files they show (their
full texts, PDF attachments in the library of the owning unit) as their release. One document is
left in review, waiting at the third review (:mod:`cms.demo.queues` has the others).
"""

import datetime

from django.db import transaction
from wagtail.models import Page

from cms.content.models import ColumnPage
from cms.organisation.models import Unit
from editorial.publication import publish_cleared
from editorial.services import clearance_record
from interpretation.models import (
    InterpretationPage,
    InterpretedDocument,
    PolicyDocumentPage,
    TopicCategory,
)

from . import library
from .queues import submit_and_approve

D = datetime.date


def _publish(page: Page) -> None:
    revision = page.save_revision(user=page.owner)
    clearance_record(revision)
    publish_cleared(revision, user=page.owner)


def _full_text(page: Page, unit: Unit, owner, number: int) -> None:
    """The document's full text as a PDF in the unit's library, attached to it."""
    document = library.add_document(
        unit,
        f"{page.title}（全文）",
        f"policy-{number}.pdf",
        ["Full text of the policy document", f"Serial {number}"],
        owner,
    )
    page.attachments = [library.attachment(document, "文件全文（PDF）")]


def _add(column: ColumnPage, page: Page, owner) -> Page:
    page.owner = owner
    page.live = False
    column.add_child(instance=page)
    return page


def _document(number: int, **fields) -> PolicyDocumentPage:
    fields.setdefault("source", fields["issuing_office"])
    fields.setdefault("summary", "")
    return PolicyDocumentPage(slug=f"policy-{number}", **fields)


def _interpretation(number: int, document: PolicyDocumentPage, **fields) -> InterpretationPage:
    fields.setdefault("source", fields["interpreter"])
    return InterpretationPage(
        slug=f"reading-{number}",
        interpreter_kind="drafting_unit",
        interpreted_documents=[InterpretedDocument(document=document)],
        **fields,
    )


@transaction.atomic
def create_policy_documents(
    county: str, portal_root: Page, officer, unit: Unit, reviewers=()
) -> int:
    """Returns how many documents and interpretations it wrote. ``unit`` owns their files;
    ``reviewers`` approve the first stages of the document left in review, one stage each."""
    documents = ColumnPage.objects.child_of(portal_root.get_children().get(slug="zhengwu")).get(
        slug="zcwj"
    )
    readings = documents.get_parent().get_children().get(slug="zcjd").specific
    labour = TopicCategory.objects.get(code="14")
    general = TopicCategory.objects.get(code="01")
    government, office = f"{county}人民政府", f"{county}人民政府办公室"

    old_rules = _add(
        documents,
        _document(
            1,
            title=f"{office}关于印发{county}政府门户网站建设和管理办法的通知",
            issuing_office=office,
            document_number="渭政办发〔2020〕19号",
            written_on=D(2020, 5, 12),
            # Published on the county's old site in 2020, brought over with its date.
            published_on=D(2020, 5, 20),
            topic_category=general,
            body="<p>第一条 为规范区政府门户网站建设和管理，制定本办法。</p>",
        ),
        officer,
    )
    _full_text(old_rules, unit, officer, 1)
    _publish(old_rules)
    new_rules = _add(
        documents,
        _document(
            2,
            title=f"{office}关于印发{county}政府网站管理办法的通知",
            issuing_office=office,
            document_number="渭政办发〔2025〕8号",
            written_on=D(2025, 6, 10),
            topic_category=general,
            subject_words="政府网站 管理 办法",
            body="<p>第一条 为规范和加强政府网站建设和管理，制定本办法。</p>"
            "<p>第二十六条 本办法自发布之日起施行。此前发布的管理办法同时废止。</p>",
        ),
        officer,
    )
    _full_text(new_rules, unit, officer, 2)
    _publish(new_rules)
    old_rules = PolicyDocumentPage.objects.get(pk=old_rules.pk)
    old_rules.validity, old_rules.validity_changed_on = "repealed", D(2025, 6, 10)
    old_rules.replaced_by = new_rules
    _publish(old_rules)
    text_reading = _add(
        readings,
        _interpretation(
            1,
            new_rules,
            title=f"《{county}政府网站管理办法》政策解读",
            form="text",
            interpreter=office,
            body="<p>一、制定背景……</p><p>二、主要内容……</p>",
        ),
        officer,
    )
    _publish(text_reading)

    # 三同步: a document of wide impact, held until its interpretation is approved too.
    jobs = _add(
        documents,
        _document(
            3,
            title=f"{government}关于印发{county}促进高校毕业生就业若干措施的通知",
            issuing_office=government,
            document_number="渭政发〔2026〕12号",
            written_on=D(2026, 3, 2),
            topic_category=labour,
            subject_words="就业 高校毕业生",
            wide_impact=True,
            body="<p>一、拓宽就业渠道……</p><p>二、加大政策支持……</p>",
        ),
        officer,
    )
    _full_text(jobs, unit, officer, 3)
    _publish(jobs)  # held: no interpretation yet
    graphic = _add(
        readings,
        _interpretation(
            2,
            jobs,
            title=f"一图读懂《{county}促进高校毕业生就业若干措施》",
            form="graphic",
            interpreter=f"{county}人力资源和社会保障局",
            body="<p>图解内容……</p>",
        ),
        officer,
    )
    _publish(graphic)  # approved last: both go live together

    waiting = _add(
        documents,
        _document(
            4,
            title=f"{office}关于做好2026年度政务公开工作的通知",
            issuing_office=office,
            document_number="渭政办发〔2026〕21号",
            written_on=D(2026, 4, 15),
            topic_category=general,
            body="<p>各镇人民政府、街道办事处，区政府各部门：……</p>",
        ),
        officer,
    )
    _full_text(waiting, unit, officer, 4)
    submit_and_approve(waiting, officer, reviewers)
    return 6
