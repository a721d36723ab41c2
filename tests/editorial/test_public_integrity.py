"""What the public sees is exactly what review cleared (issue 12): not only the revision, but the
files, images and snippets it shows, the row it was published from, and the links in its text.

Each path is tried the way it was found (the admin's views as the role named, or the ORM), and
each test reads the public API (and the file behind the URL it hands out) afterwards.
"""

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from archive.filing import file_pages
from cms.content.library import IN_LIVE_USE, InLiveUse
from cms.content.models import NewsPage, PlatformImage
from cms.content.signals import public_view_changed
from cms.organisation.models import Role, Unit
from editorial.gate import ROW_NOT_REVISION, SCHEDULE_NOT_CLEARED, NotCleared
from editorial.services import clearance_record
from editorial.stages import Stage
from interpretation.models import InterpretationPage, InterpretedDocument, PolicyDocumentPage
from publicapi.services import public_page_refresh, public_rebuild
from tests import factories
from tests.interpretation.conftest import credit_code

from .flow import act, current_stage, fresh, submit, through_the_chain

REVIEWED_PDF = b"%PDF-1.4 the reviewed minutes"
FORGED_PDF = b"%PDF-1.4 forged minutes, same name"


def _png(colour: str, size=(640, 480)):
    return get_test_image_file("cover.png", colour=colour, size=size)


@pytest.fixture
def live(staffed_site, django_capture_on_commit_callbacks):
    """A live item showing the library: an attachment, a cover, an image and a document in its
    text, a reprint source — published through its clearance (the chain's last step)."""
    document = get_document_model().objects.create(
        title="会议纪要", file=ContentFile(REVIEWED_PDF, name="minutes.pdf")
    )
    cover = PlatformImage.objects.create(title="会议现场", file=_png("white"))
    figure = PlatformImage.objects.create(
        title="辖区地图", file=_png("blue"), is_map=True, map_approval_number="GS(2019)1822号"
    )
    source = factories.reprint_source("新华社")
    with django_capture_on_commit_callbacks(execute=True):
        item = factories.news(
            staffed_site.column,
            "区政府召开常务会议",
            summary="会议研究部署近期重点工作。",
            body=(
                f'<p>见<a linktype="document" id="{document.pk}">纪要</a>。</p>'
                f'<embed alt="辖区示意" embedtype="image" format="left" id="{figure.pk}"/>'
            ),
            cover_image=cover,
            attachments=[("attachment", {"document": document, "title": ""})],
            is_reprint=True,
            reprint_source=source,
        )
    return item, document, cover, figure, source


def _public(client, staffed_site, item) -> dict:
    response = client.get(f"/api/v1/sites/{staffed_site.site.pk}/pages/{item.pk}")
    assert response.status_code == 200
    return json.loads(response.content)


def _served(url: str) -> bytes:
    """The bytes behind a media URL the public API hands out."""
    assert url.startswith(settings.MEDIA_URL), url
    return (Path(settings.MEDIA_ROOT) / url[len(settings.MEDIA_URL) :]).read_bytes()


def _edit(client, url: str, *, unset=(), **changes):
    """Post the library's edit form as it is shown, with ``changes`` and without ``unset``."""
    data = factories.form_data(client.get(url).content, containing="title")
    for name in ("file", *unset):
        data.pop(name, None)
    data.update(changes)
    return client.post(url, data)


def _rerender_everything(item) -> None:
    public_page_refresh(Page.objects.get(pk=item.pk))
    public_rebuild()


# --- 1. Attachments ------------------------------------------------------------------------------


def test_an_officer_of_another_unit_cannot_replace_a_shown_document(client, staffed_site, live):
    item, document, *_ = live
    before = _public(client, staffed_site, item)
    stranger = factories.user(
        "renshe_officer", unit=factories.unit("某区人社局"), role=Role.INFO_OFFICER
    )
    factories.login(client, stranger)
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "伪造", "file": SimpleUploadedFile("minutes.pdf", FORGED_PDF)},
    )
    assert response.status_code in (302, 403)
    document.refresh_from_db()
    assert document.title == "会议纪要"
    with document.file.open("rb") as handle:
        assert handle.read() == REVIEWED_PDF
    assert _public(client, staffed_site, item) == before


def test_replacing_a_shown_documents_file_keeps_serving_the_reviewed_bytes(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    """Even a person allowed to edit the library (here the platform's superuser) replaces the
    file for later versions only: the live item serves the bytes review cleared."""
    item, document, *_ = live
    before = _public(client, staffed_site, item)
    [attachment] = before["attachments"]
    assert attachment["title"] == "会议纪要"
    assert _served(attachment["url"]) == REVIEWED_PDF
    factories.login(client, factories.superuser())
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(
            client,
            f"/admin/documents/edit/{document.pk}/",
            title="伪造的纪要",
            file=SimpleUploadedFile("minutes.pdf", FORGED_PDF),
        )
    assert response.status_code == 302
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        assert handle.read() == FORGED_PDF  # the library did change
    _rerender_everything(item)
    after = _public(client, staffed_site, item)
    assert after == before
    assert _served(after["attachments"][0]["url"]) == REVIEWED_PDF
    assert hashlib.sha256(REVIEWED_PDF).hexdigest() in after["attachments"][0]["url"]
    assert "伪造" not in json.dumps(after, ensure_ascii=False)


# --- 2. Images ------------------------------------------------------------------------------------


def test_replacing_a_cover_or_body_image_changes_nothing_public(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    item, _document, cover, figure, _source = live
    before = _public(client, staffed_site, item)
    cover_bytes = _served(before["cover"]["url"])
    factories.login(client, factories.superuser())
    with django_capture_on_commit_callbacks(execute=True):
        for image in (cover, figure):
            response = _edit(
                client,
                f"/admin/images/{image.pk}/",
                title="换过的图片",
                file=SimpleUploadedFile("cover.png", _png("red").file.getvalue()),
                description="换过的替代文字",
                map_approval_number="",
                unset=["is_map"],
            )
            assert response.status_code == 302, response.context["form"].errors
    figure.refresh_from_db()
    assert not figure.is_map  # the map flag was cleared in the library
    _rerender_everything(item)
    after = _public(client, staffed_site, item)
    assert after == before
    assert _served(after["cover"]["url"]) == cover_bytes
    assert "换过" not in json.dumps(after, ensure_ascii=False)


def test_a_library_change_during_review_sends_the_item_back_to_the_first_review(
    client, staffed_site
):
    """What review vouches for includes the files: a stage approved with other bytes or another
    map flag is not an approval of what would go live."""
    figure = PlatformImage.objects.create(
        title="辖区地图", file=_png("blue"), is_map=True, map_approval_number="GS(2019)1822号"
    )
    item = factories.news(
        staffed_site.column,
        "附地图的通知",
        publish=False,
        owner=staffed_site.people.author,
        cover_image=figure,
    )
    assert submit(client, staffed_site.people.author, item).status_code == 302
    assert act(client, staffed_site.people.officer, item).status_code in (200, 302)
    assert current_stage(item) == Stage.SECOND_REVIEW
    PlatformImage.objects.filter(pk=figure.pk).update(is_map=False, map_approval_number="")
    act(client, staffed_site.people.chief, item)
    assert current_stage(item) == Stage.FIRST_REVIEW
    assert not fresh(item).live


# --- 3. Snippets ----------------------------------------------------------------------------------


def test_renaming_a_reprint_source_reaches_no_live_item(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    item, *_rest, source = live
    before = _public(client, staffed_site, item)
    assert before["source"] == "新华社"
    township = factories.unit("某镇人民政府")
    factories.site("某镇人民政府", sponsor=township)
    webmaster = factories.user("town_webmaster", unit=township, role=Role.SITE_ADMIN)
    factories.login(client, webmaster)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/content/reprintsource/edit/{source.pk}/",
            {"name": "某自媒体", "kind": "media", "is_active": "on"},
        )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.name == "某自媒体"
    _rerender_everything(item)
    assert _public(client, staffed_site, item) == before


# --- 4. Rows changed below save() ---------------------------------------------------------------


def test_a_row_changed_below_save_goes_public_through_no_rerender(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    item, *_ = live
    before = _public(client, staffed_site, item)
    NewsPage.objects.filter(pk=item.pk).update(title="篡改的标题", summary="篡改的摘要")
    other_column = factories.column(
        staffed_site.site.root_page, "通知公告", owner=staffed_site.office
    )
    # Moving the item saves its row: the gate sees the row is not its reviewed version.
    with pytest.raises(NotCleared) as refused, transaction.atomic():
        fresh(item).move(other_column, pos="last-child")
    assert str(refused.value) == str(ROW_NOT_REVISION)
    with django_capture_on_commit_callbacks(execute=True):
        public_page_refresh(Page.objects.get(pk=item.pk))  # its own refresh
        office = Unit.objects.get(pk=staffed_site.office.pk)
        office.name = "某区人民政府办公室"  # a unit rename re-renders what names it
        office.save()
        site = Site.objects.get(pk=staffed_site.site.pk)
        site.site_name = "某区人民政府门户网站"
        site.save()
        fresh(other_column).move(staffed_site.column, pos="last-child")  # re-renders its subtree
        public_rebuild()
    after = _public(client, staffed_site, item)
    assert after["title"] == before["title"] == "区政府召开常务会议"
    assert after["summary"] == "会议研究部署近期重点工作。"
    assert "篡改" not in json.dumps(after, ensure_ascii=False)
    listing = client.get(f"/api/v1/sites/{staffed_site.site.pk}/pages").content.decode()
    assert "篡改" not in listing


def test_a_row_changed_below_save_is_not_published_by_a_linked_page(
    client, staffed_site, django_capture_on_commit_callbacks
):
    """The other re-renders found: a 网站管理员 filing the linked document, an ordinary review
    of the linked document."""
    Unit.objects.filter(pk=staffed_site.office.pk).update(credit_code=credit_code())
    with django_capture_on_commit_callbacks(execute=True):
        document = factories.news(
            staffed_site.column, "关于某事的通知", page_class=PolicyDocumentPage
        )
        interpretation = factories.news(
            staffed_site.column,
            "一图读懂关于某事的通知",
            page_class=InterpretationPage,
            interpreted_documents=[InterpretedDocument(document=document)],
            form="graphic",
            interpreter="某区政府办公室",
            interpreter_kind="drafting_unit",
        )
    before = _public(client, staffed_site, interpretation)
    InterpretationPage.objects.filter(pk=interpretation.pk).update(title="篡改的解读标题")
    with django_capture_on_commit_callbacks(execute=True):
        page = fresh(document)
        page.summary = "修订后的摘要"
        factories.publish_reviewed(page.save_revision())  # its ordinary next review
    assert _public(client, staffed_site, interpretation)["title"] == before["title"]
    with django_capture_on_commit_callbacks(execute=True):
        report = file_pages([document.pk], reason="manual", user=staffed_site.people.webmaster)
    assert report.filed == [document.pk]
    after = _public(client, staffed_site, interpretation)
    assert after["documents"][0]["archived"] is True  # it was re-rendered
    assert after["title"] == before["title"] == "一图读懂关于某事的通知"


def test_a_domains_request_to_rerender_publishes_nothing_review_did_not_see(
    client, staffed_site, django_capture_on_commit_callbacks
):
    """The read model re-renders what a domain names (``public_view_changed``: a document given
    its index number) from the live revision: a row changed below ``save()`` stays unpublished,
    on the document and where its interpretation shows it."""
    Unit.objects.filter(pk=staffed_site.office.pk).update(credit_code=credit_code())
    with django_capture_on_commit_callbacks(execute=True):
        document = factories.news(
            staffed_site.column, "关于某事的通知", page_class=PolicyDocumentPage
        )
        interpretation = factories.news(
            staffed_site.column,
            "一图读懂关于某事的通知",
            page_class=InterpretationPage,
            interpreted_documents=[InterpretedDocument(document=document)],
            form="graphic",
            interpreter="某区政府办公室",
            interpreter_kind="drafting_unit",
        )
    PolicyDocumentPage.objects.filter(pk=document.pk).update(
        title="篡改的文件标题", document_number="篡改〔2026〕1号"
    )
    with django_capture_on_commit_callbacks(execute=True):
        public_view_changed.send(sender=PolicyDocumentPage, page_ids=[document.pk])
    shown = _public(client, staffed_site, document)
    assert shown["title"] == "关于某事的通知"
    referred = _public(client, staffed_site, interpretation)["documents"][0]
    assert referred["title"] == "关于某事的通知"
    assert "篡改" not in json.dumps([shown, referred], ensure_ascii=False)


# --- 5. A cleared revision with other fields on the row ---------------------------------------


def test_going_live_on_a_cleared_revision_with_other_fields_on_the_row_is_refused(staffed_site):
    item = factories.news(staffed_site.column, "原标题")
    page = fresh(item)
    page.summary = "审核过的新摘要"
    cleared = page.save_revision()
    clearance_record(cleared)  # cleared, e.g. waiting for its scheduled time
    forged = fresh(item)
    forged.live_revision = cleared
    forged.title = "未经审核的标题"
    with pytest.raises(NotCleared) as refused:
        forged.save()
    assert str(refused.value) == str(ROW_NOT_REVISION)
    assert fresh(item).title == "原标题"


def test_co_issuing_units_set_on_a_live_row_are_refused_and_never_shown(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    item, *_ = live
    before = _public(client, staffed_site, item)
    page = fresh(item)
    page.co_issuing_units.set([staffed_site.education])
    with pytest.raises(NotCleared):
        page.save()
    # Below save(), on the link table itself: the public side reads the revision.
    NewsPage.co_issuing_units.through.objects.create(newspage_id=item.pk, unit=staffed_site.health)
    _rerender_everything(item)
    assert (
        _public(client, staffed_site, item)["co_issuing_units"] == before["co_issuing_units"] == []
    )


def test_a_repointed_interpretation_link_shows_nothing_review_did_not_see(client, staffed_site):
    Unit.objects.filter(pk=staffed_site.office.pk).update(credit_code=credit_code())
    documents = [
        factories.news(staffed_site.column, f"政策文件{n}", page_class=PolicyDocumentPage)
        for n in (1, 2)
    ]
    interpretation = factories.news(
        staffed_site.column,
        "一图读懂政策文件1",
        page_class=InterpretationPage,
        interpreted_documents=[InterpretedDocument(document=documents[0])],
        form="text",
        interpreter="某区政府办公室",
        interpreter_kind="drafting_unit",
    )
    link = InterpretedDocument.objects.get(interpretation=interpretation)
    link.document = documents[1]
    link.save()
    for page in (*documents, interpretation):
        public_page_refresh(Page.objects.get(pk=page.pk))
    shown = _public(client, staffed_site, interpretation)
    assert [doc["id"] for doc in shown["documents"]] == [documents[0].pk]
    assert _public(client, staffed_site, documents[1])["interpretations"] == []
    assert [i["id"] for i in _public(client, staffed_site, documents[0])["interpretations"]] == [
        interpretation.pk
    ]


# --- 7. Links to drafts, deleting shown images, forged schedules ------------------------------


def test_a_link_to_a_page_the_public_cannot_see_is_plain_text(
    client, staffed_site, django_capture_on_commit_callbacks
):
    draft = factories.news(staffed_site.column, "尚未发布的稿件", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        item = factories.news(
            staffed_site.column,
            "引用稿件",
            body=f'<p>详见<a linktype="page" id="{draft.pk}">相关稿件</a>。</p>',
        )
    body = _public(client, staffed_site, item)["body"]
    assert "<a>相关稿件</a>" in body and draft.slug not in body
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish_reviewed(draft.get_latest_revision())
    body = _public(client, staffed_site, item)["body"]
    assert f"/{draft.slug}/" in body  # linked once the target is public
    with django_capture_on_commit_callbacks(execute=True):
        fresh(draft).unpublish()
    assert draft.slug not in _public(client, staffed_site, item)["body"]


def test_deleting_an_image_a_live_item_shows_is_refused(
    client, staffed_site, live, django_capture_on_commit_callbacks
):
    item, _document, cover, *_ = live
    before = _public(client, staffed_site, item)
    factories.login(client, factories.superuser())
    response = client.post(f"/admin/images/{cover.pk}/delete/")
    assert response.status_code in (302, 403)  # Wagtail's admin answers a refusal either way
    assert PlatformImage.objects.filter(pk=cover.pk).exists()
    with pytest.raises(InLiveUse) as refused, transaction.atomic():
        PlatformImage.objects.filter(pk=cover.pk).delete()
    assert str(refused.value) == str(IN_LIVE_USE) % {"titles": "区政府召开常务会议"}
    assert fresh(item).cover_image_id == cover.pk
    _rerender_everything(item)
    assert _public(client, staffed_site, item) == before
    unused = PlatformImage.objects.create(title="未使用的图片", file=_png("green"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/admin/images/{unused.pk}/delete/").status_code == 302
    assert not PlatformImage.objects.filter(pk=unused.pk).exists()


def test_a_forged_schedule_cannot_wipe_the_schedule_review_set(staffed_site):
    soon = timezone.now() + timedelta(hours=2)
    item = factories.news(staffed_site.column, "定时发布的稿件", publish=False, go_live_at=soon)
    cleared = item.get_latest_revision()
    factories.publish_reviewed(cleared)  # scheduled, as the last approval does
    cleared.refresh_from_db()
    assert cleared.approved_go_live_at is not None
    page = fresh(item)
    page.title = "未经审核的定时稿件"
    page.go_live_at = soon + timedelta(minutes=5)
    later = page.save_revision()
    with pytest.raises(NotCleared) as refused:
        later.publish()
    assert str(refused.value) == str(SCHEDULE_NOT_CLEARED)
    cleared.refresh_from_db()
    later.refresh_from_db()
    assert cleared.approved_go_live_at is not None and later.approved_go_live_at is None
    with pytest.raises(NotCleared):
        fresh(item).save_revision(approved_go_live_at=soon)


def test_an_item_through_the_real_chain_serves_its_reviewed_attachment(
    client, staffed_site, django_capture_on_commit_callbacks
):
    document = get_document_model().objects.create(
        title="实施方案", file=ContentFile(REVIEWED_PDF, name="plan.pdf")
    )
    item = factories.news(
        staffed_site.column,
        "实施方案印发",
        publish=False,
        owner=staffed_site.people.author,
        attachments=[("attachment", {"document": document, "title": "实施方案全文"})],
    )
    form = {
        "attachments-count": "1",
        "attachments-0-type": "attachment",
        "attachments-0-deleted": "",
        "attachments-0-order": "0",
        "attachments-0-id": item.attachments[0].id,
        "attachments-0-value-document": str(document.pk),
        "attachments-0-value-title": "实施方案全文",
    }
    with django_capture_on_commit_callbacks(execute=True):
        through_the_chain(client, staffed_site, item, **form)
    assert fresh(item).live
    document.file.save("plan.pdf", ContentFile(FORGED_PDF))
    _rerender_everything(item)
    [attachment] = _public(client, staffed_site, item)["attachments"]
    assert attachment["title"] == "实施方案全文"
    assert _served(attachment["url"]) == REVIEWED_PDF


def test_saving_a_live_item_as_its_revision_says_is_allowed(staffed_site, live):
    """The row-equals-revision check compares like with like: a live item with attachments,
    images, a reprint source and co-issuers saves (and moves) unchanged."""
    item, *_ = live
    page = fresh(item)
    page.co_issuing_units.set([staffed_site.education])
    revision = page.save_revision()
    factories.publish_reviewed(revision)
    fresh(item).save()
    other_column = factories.column(
        staffed_site.site.root_page, "通知公告", owner=staffed_site.office
    )
    fresh(item).move(other_column, pos="last-child")
    assert fresh(item).live and fresh(item).get_parent().pk == other_column.pk


def test_the_site_search_finds_only_what_review_cleared(client, staffed_site, live):
    item, *_ = live
    NewsPage.objects.filter(pk=item.pk).update(title="篡改的标题", summary="篡改的摘要")
    _rerender_everything(item)
    search = f"/api/v1/sites/{staffed_site.site.pk}/search"
    tampered = client.get(search, {"q": "篡改"})
    assert tampered.status_code == 200
    assert json.loads(tampered.content)["items"] == []
    reviewed = json.loads(client.get(search, {"q": "常务会议"}).content)["items"]
    assert [entry["id"] for entry in reviewed] == [item.pk]
