"""The demo platform: ``load_demo`` builds a valid, published, browsable platform, once."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, Site

from cms.content.models import (
    ColumnPage,
    NewsPage,
    NoticePage,
    ReprintSource,
    ResponsePage,
    SiteRootPage,
    TopicPage,
)
from cms.demo.corpus import DEMO_PASSWORD, SUPERUSER_NAME
from cms.demo.services import OPENING_SLUG, OPENING_TITLE, SERVICES
from cms.organisation.models import Role, RoleAssignment, Unit
from cms.sites.models import SiteIdentity, SiteKind
from editorial.rules import refusal
from editorial.stages import REVIEW_STAGES
from interpretation.models import IndexNumber, InterpretationPage, PolicyDocumentPage
from publicapi.models import PublicPage

ITEMS = 20
ITEM_MODELS = (NewsPage, NoticePage, TopicPage, ResponsePage)
PORTAL_TOP_COLUMNS = ["新闻", "政务", "服务", "互动", "区情", "专栏"]

# The read model refreshes when a transaction commits, so these tests commit for real. Flushing
# the database afterwards also removes what migrations put there (Wagtail's root page, the
# default locale, content types): each test restores it first (serialized_rollback), and
# _restore_migrated_data restores it once more for the tests of other modules that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", "--items-per-type", str(ITEMS), *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {
        "pages": sorted(Page.objects.values_list("pk", "path", "live_revision_id")),
        "revisions": Revision.objects.count(),
        "users": sorted(get_user_model().objects.values_list("pk", "password")),
        "units": Unit.objects.count(),
        "assignments": RoleAssignment.objects.count(),
        "sites": sorted(Site.objects.values_list("pk", "hostname", "root_page_id")),
        "public": sorted(PublicPage.objects.values_list("page_id", "etag")),
        "sources": ReprintSource.objects.count(),
    }


def _streams_parsed(content: dict) -> dict:
    """A revision's content with its StreamFields (JSON text) parsed: PostgreSQL's jsonb gives
    their keys back in an order of its own."""
    return {
        name: json.loads(value) if isinstance(value, str) and value.startswith("[") else value
        for name, value in content.items()
    }


def test_load_demo_builds_a_valid_published_platform(client):
    load_demo()

    # The portal replaces Wagtail's welcome page as the default site.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()
    portal = Site.objects.get(is_default_site=True)
    assert portal.hostname == "localhost"
    assert isinstance(portal.root_page.specific, SiteRootPage)
    top = [page.title for page in ColumnPage.objects.child_of(portal.root_page).order_by("path")]
    assert top == PORTAL_TOP_COLUMNS
    kinds = list(SiteIdentity.objects.values_list("kind", flat=True))
    assert kinds.count(SiteKind.PORTAL) == 1
    assert kinds.count(SiteKind.DEPARTMENT) >= 3
    assert kinds.count(SiteKind.TOWNSHIP) == 2
    for identity in SiteIdentity.objects.all():
        identity.full_clean()

    # Units with valid credit codes; every role held in at least two units.
    assert Unit.objects.count() >= 10
    for unit in Unit.objects.all():
        unit.full_clean()
    for role in Role:
        units = RoleAssignment.objects.filter(role=role).values("unit").distinct().count()
        assert units >= 2, role
    admin = get_user_model().objects.get(username=SUPERUSER_NAME)
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    officer = RoleAssignment.objects.filter(role=Role.INFO_OFFICER).first().user
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.groups.exists()  # Groups were derived from the role assignment.

    # Every column has its owner, its person and its category.
    for column in ColumnPage.objects.all():
        column.full_clean()

    # The items: the requested number of each type, valid, live with a live revision,
    # published in the past years.
    # (The items left in review are drafts: see test_review_and_library.py. The hand-written
    # service guides and notices, and the pinned opening notice, come on top: see
    # test_services.py.)
    services = [item.slug for item in SERVICES] + [OPENING_SLUG]
    for model in ITEM_MODELS:
        assert model.objects.live().exclude(slug__in=services).count() == ITEMS, model
        for page in model.objects.live().order_by("?")[:5]:
            page.full_clean()
            assert page.live and not page.has_unpublished_changes
            assert page.live_revision_id == page.latest_revision_id is not None
            assert page.live_revision.as_object().title == page.title
            assert page.first_published_at <= page.last_published_at
            assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    # The bulk writer (cms.content.bulk) stored in each revision what save_revision() stores
    # from the draft: a site root, columns, and items with covers, attachments, co-issuers.
    written = [
        SiteRootPage.objects.first(),
        ColumnPage.objects.order_by("path").last(),
        NoticePage.objects.exclude(co_issuing_units=None).first(),
        *[page for model in ITEM_MODELS for page in model.objects.exclude(cover_image=None)[:1]],
        *[page for model in ITEM_MODELS for page in model.objects.exclude(attachments=[])[:1]],
    ]
    assert any(getattr(page, "cover_image_id", None) for page in written)
    assert any(len(getattr(page, "attachments", ())) for page in written)
    for page in written:
        content = page.live_revision.content
        page.live = False
        page.latest_revision = page.live_revision = page.latest_revision_created_at = None
        page.numchild = 0  # the children came after the revision, as they do in Wagtail
        expected = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
        assert _streams_parsed(content) == _streams_parsed(expected)
    # Everything is live but the items left in review (tests/demo/test_review_and_library.py),
    # each with someone able to act, at a review stage someone other than its author.
    unpublished = Page.objects.filter(depth__gt=1, live_revision__isnull=True)
    assert PolicyDocumentPage in {page.specific_class for page in unpublished}
    for waiting in unpublished.specific():
        if waiting.current_workflow_task_state is None:
            continue  # returned to its author
        state = waiting.current_workflow_task_state.specific
        reviewers = [
            user.username for user in get_user_model().objects.all() if refusal(user, state) is None
        ]
        assert reviewers
        if state.stage in REVIEW_STAGES:
            assert waiting.owner.username not in reviewers
    # Policy documents went live through the real publish path: numbered, linked, one repealed.
    live_documents = PolicyDocumentPage.objects.live()
    assert live_documents.count() == 3
    assert all(IndexNumber.objects.filter(page=page).exists() for page in live_documents)
    assert live_documents.filter(validity="repealed", replaced_by__isnull=False).count() == 1
    assert InterpretationPage.objects.live().count() == 2
    oldest = NewsPage.objects.live().order_by("first_published_at").first().first_published_at
    newest = NewsPage.objects.live().order_by("-first_published_at").first().first_published_at
    assert (newest - oldest).days > 365
    reprint = NewsPage.objects.filter(is_reprint=True).first()
    assert reprint is not None and reprint.reprint_source.is_active
    assert NoticePage.objects.exclude(co_issuing_units=None).exists()

    # The tree is sound.
    assert all(not problems for problems in Page.find_problems())
    assert all(not problems for problems in Unit.find_problems())

    # The public API serves the demo.
    sites = json.loads(client.get("/api/v1/sites").content)["items"]
    assert len(sites) == 6
    portal_id = next(site["id"] for site in sites if site["kind"] == "portal")
    listing = client.get(f"/api/v1/sites/{portal_id}/pages", {"page_size": 5})
    assert listing.status_code == 200
    data = json.loads(listing.content)
    assert data["count"] > 0 and len(data["items"]) == 5
    first = data["items"][0]
    detail = json.loads(client.get(f"/api/v1/sites/{portal_id}/pages/{first['id']}").content)
    assert detail["title"] == first["title"] and detail["body"]
    sitemap = json.loads(client.get(f"/api/v1/sites/{portal_id}/sitemap").content)
    assert [column["title"] for column in sitemap["columns"]] == PORTAL_TOP_COLUMNS
    # The home page's pinned announcement (R7): the site opening notice, for its 30 days.
    pinned = json.loads(client.get(f"/api/v1/sites/{portal_id}/pages", {"pinned": "true"}).content)
    assert [item["title"] for item in pinned["items"]] == [OPENING_TITLE]
    assert pinned["items"][0]["announcement_kind"]["code"] == "opening"
    assert (
        pinned["items"][0]["pinned_until"]
        == (timezone.localdate() + timedelta(days=30)).isoformat()
    )


def test_load_demo_runs_once():
    load_demo("--if-empty")
    assert SiteRootPage.objects.count() == 6
    before = snapshot()

    # --if-empty: nothing happens, and it says so.
    assert load_demo("--if-empty").strip()
    assert snapshot() == before

    # Without it: refused, nothing changed.
    with pytest.raises(CommandError):
        load_demo()
    assert snapshot() == before


def test_load_demo_refuses_a_database_with_other_data():
    Unit.add_root(name="某单位", kind="department")
    with pytest.raises(CommandError):
        load_demo("--if-empty")
    assert not SiteRootPage.objects.exists()
    assert Unit.objects.count() == 1


def test_platform_welcome_lists_a_login_per_role():
    load_demo()
    out = io.StringIO()
    call_command("platform_welcome", "--port", "8123", stdout=out)
    text = out.getvalue()
    for path in ("/admin/", "/api/v1/sites", "/api/v1/openapi.json", "/api/v1/docs"):
        assert f"http://127.0.0.1:8123{path}" in text
    for role in Role:
        holder = RoleAssignment.objects.filter(role=role).order_by("user_id").first()
        assert holder.user.username in text
        assert str(role.label) in text
    assert SUPERUSER_NAME in text
    assert DEMO_PASSWORD in text


def test_platform_welcome_on_an_empty_platform():
    out = io.StringIO()
    call_command("platform_welcome", stdout=out)
    assert "http://127.0.0.1:8000/admin/" in out.getvalue()
