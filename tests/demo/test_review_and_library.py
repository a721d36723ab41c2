"""The demo's library (issue 19, item 16): images and documents in the collections of their
units, covers and files served from the frozen releases."""

import json

import pytest
from wagtail.documents import get_document_model
from wagtail.models import Site

from cms.content.models import NewsPage, NoticePage, PlatformImage
from cms.demo.library import MAP_APPROVAL_NUMBER
from cms.organisation.models import UnitCollection
from interpretation.models import PolicyDocumentPage

from .test_demo import _restore_migrated_data, load_demo  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUEUE = "/admin/editorial/queue/"


def _site_of(page) -> Site:
    return next(
        site
        for site in Site.objects.select_related("root_page")
        if page.url_path.startswith(site.root_page.url_path)
    )


def _detail(client, page) -> dict:
    response = client.get(f"/api/v1/sites/{_site_of(page).pk}/pages/{page.pk}")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_library_holds_files_that_live_items_show_from_their_release(client):
    load_demo()

    images, documents = PlatformImage.objects.all(), get_document_model().objects.all()
    assert images.count() >= 5 and documents.count() >= 5
    # Each file is in the collection of a unit.
    unit_collections = set(UnitCollection.objects.values_list("collection_id", flat=True))
    for item in [*images, *documents]:
        assert item.collection_id in unit_collections, item.title
    area = images.get(is_map=True)
    assert area.map_approval_number == MAP_APPROVAL_NUMBER
    area.full_clean()
    for document in documents:
        with document.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")

    # A few dozen live items show them, not every item.
    covered = NewsPage.objects.live().exclude(cover_image=None)
    assert 5 <= covered.count() < NewsPage.objects.count()
    detail = _detail(client, covered.order_by("-first_published_at").first())
    assert detail["cover"]["url"].startswith("/media/released/")
    notice = next(page for page in NoticePage.objects.live() if len(page.attachments))
    files = _detail(client, notice)["attachments"]
    assert files and all(entry["url"].startswith("/media/released/") for entry in files)
    assert all(entry["file_extension"] == "pdf" for entry in files)
    # Policy documents went live through review with their full text frozen.
    for document in PolicyDocumentPage.objects.live():
        files = _detail(client, document)["attachments"]
        assert [entry["file_extension"] for entry in files] == ["pdf"], document.title
        assert files[0]["url"].startswith("/media/released/")
