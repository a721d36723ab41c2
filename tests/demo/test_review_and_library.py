"""The demo's library and review queues (issue 19, item 16): images and documents in the
collections of their units, covers and files served from the frozen releases, and for every
role printed by ``platform_welcome`` a queue that is not empty, each waiting item with a printed
person able to act."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.models import Page, Site, TaskState, WorkflowState

from cms.content.models import NewsPage, NoticePage, PlatformImage
from cms.demo.corpus import DEMO_PASSWORD, SUPERUSER_NAME
from cms.demo.library import MAP_APPROVAL_NUMBER
from cms.demo.welcome import login_rows
from cms.organisation.models import UnitCollection
from editorial.findings import blocking
from editorial.models import ReviewTaskState
from editorial.rules import refusal
from editorial.stages import STAGE_ORDER, Stage
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


def test_every_printed_role_opens_a_queue_with_items_someone_printed_may_act_on(client):
    load_demo()

    waiting = list(
        ReviewTaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state"
        )
    )
    stages = {state.stage for state in waiting}
    assert stages == set(STAGE_ORDER), set(STAGE_ORDER) - stages
    # A 重大 item at 签发; a joint item at 会签 with its co-issuing units; a blocking finding at
    # a review stage.
    assert all(state.co_issuing_unit_ids() for state in waiting if state.stage == Stage.COUNTERSIGN)
    assert any(blocking(state.findings) and state.stage == Stage.THIRD_REVIEW for state in waiting)
    # One item returned to its author, with the opinion.
    returned = WorkflowState.objects.get(status=WorkflowState.STATUS_NEEDS_CHANGES)
    rejected = returned.task_states.get(status=TaskState.STATUS_REJECTED).specific
    assert rejected.opinion
    assert not Page.objects.get(pk=returned.object_id).live

    User = get_user_model()
    rows = login_rows()
    printed = [User.objects.get(username=row[0]) for row in rows if row[0] != SUPERUSER_NAME]
    assert len(printed) == 5
    for state in waiting:
        able = [person.username for person in printed if refusal(person, state) is None]
        assert able, (state.stage, state.workflow_state.content_object.title)

    for person in printed:
        assert client.login(username=person.username, password=DEMO_PASSWORD)
        response = client.get(QUEUE)
        assert response.status_code == 200
        html = response.content.decode()
        mine = [
            state
            for state in waiting
            if refusal(person, state) is None
            and f"/admin/pages/{state.workflow_state.object_id}/edit/" in html
        ]
        assert mine, person.username
        client.logout()
