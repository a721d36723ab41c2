"""Every way Wagtail 8.0.1 can make a page live or change a live page, tried by name (R18).

tests/editorial/test_bypass.py covers the publish action, the ORM save, the superuser's publish
button, in-place change, copy, alias, revert-and-publish and fixtures. This module covers the
rest (docs/publish-paths.md lists them all): the admin's bulk action and its API, Wagtail's v3
API, the ORM and SQL below ``save()`` (the database guard of migration 0004), scheduled
publishing, moving, aliases, translation copies and republishing an old revision; then the
audit log's append-only guard and the demo loader that writes history past the guard.

Each path is tried as a superuser over HTTP and, where the path is callable, with no user and
with Wagtail's permission checks skipped. A refusal may come from the gate (``PermissionDenied``)
or from the database (``IntegrityError``); either way the item must stay as it was and the public
read model (``PublicPage``) must not show it.
"""

import io
import json
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.actions import action_registry
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.move_page import MovePageAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled
from wagtail.models import (
    APIToken,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
)

from cms.content.models import ContentItemPage, NewsPage
from cms.content.timestamps import historical_import
from editorial import dbguards
from editorial.gate import ALREADY_PUBLISHED, NO_ALIAS, NOT_CLEARED
from editorial.integrity import content_hash
from editorial.models import Clearance
from publicapi.models import PublicPage
from tests import factories

from .flow import fresh, through_the_chain

pytestmark = pytest.mark.django_db

V3_URLCONF = "tests.editorial.urls_v3"


# --- Helpers ------------------------------------------------------------------------------------


@contextmanager
def refused():
    """The step is refused by the gate or by the database, and the transaction stays usable."""
    with pytest.raises((PermissionDenied, DatabaseError)) as caught:
        with transaction.atomic():
            yield caught
    if isinstance(caught.value, DatabaseError):
        assert dbguards.is_refusal(caught.value), caught.value


def assert_never_live(page):
    stored = Page.objects.get(pk=page.pk)
    assert not stored.live
    assert stored.live_revision_id is None
    assert not PublicPage.objects.filter(page_id=page.pk).exists()


def live_state(page) -> tuple:
    """What the public sees of ``page``: its live row, its revision, its read-model row."""
    stored = NewsPage.objects.get(pk=page.pk)
    public = PublicPage.objects.filter(page_id=page.pk).values_list("detail_json", flat=True)
    return stored.live, stored.live_revision_id, stored.title, stored.body, list(public)


def no_live_copy(slug: str):
    assert not Page.objects.filter(slug=slug, live=True).exists()
    assert not PublicPage.objects.filter(page__slug=slug).exists()


@pytest.fixture
def draft(staffed_site):
    return factories.news(staffed_site.column, "未经审核的稿件", publish=False)


@pytest.fixture
def live_item(staffed_site):
    item = factories.news(staffed_site.column, "已审核发布的稿件")
    assert PublicPage.objects.filter(page_id=item.pk).exists()
    return item


@pytest.fixture
def other_column(staffed_site):
    return factories.column(
        staffed_site.site.root_page, "转发", owner=staffed_site.office, slug="zhuanfa"
    )


@pytest.fixture
def superuser_client(client):
    factories.login(client, factories.superuser())
    return client


@pytest.fixture
def legacy_alias(live_item, other_column):
    """A live alias of a live item, as one made before the review existed would be."""
    with historical_import():
        alias = CreatePageAliasAction(
            live_item.specific, recursive=False, parent=other_column, update_slug="legacy-alias"
        ).execute(skip_permission_checks=True)
    assert alias.live and alias.alias_of_id == live_item.pk
    return alias


def _cleared_draft(column, title: str, **fields) -> tuple[NewsPage, Revision]:
    """An item whose latest revision holds a clearance, not yet published."""
    page = factories.news(column, title, publish=False, **fields)
    revision = page.get_latest_revision()
    Clearance.objects.create(
        page_id=page.pk,
        revision=revision,
        content_hash=content_hash(revision),
    )
    return page, revision


# --- The admin's bulk action "publish" (real HTTP) ----------------------------------------------


def _bulk_publish_url(*pages) -> str:
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return url + "?" + "&".join(f"id={page.pk}" for page in pages)


def test_admin_bulk_publish_of_a_draft_item_is_refused(superuser_client, draft):
    url = _bulk_publish_url(draft)
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(url, {"include_descendants": ""})
    assert response.status_code in (200, 302)
    assert_never_live(draft)


def test_admin_bulk_publish_of_the_column_with_its_drafts_leaves_the_item_unpublished(
    superuser_client, staffed_site, draft
):
    url = _bulk_publish_url(staffed_site.column)
    response = superuser_client.post(url, {"include_descendants": "on"})
    assert response.status_code in (200, 302)
    assert Page.objects.get(pk=staffed_site.column.pk).live  # the column itself is not reviewed
    assert_never_live(draft)


def test_bulk_publish_action_with_no_user_is_refused(staffed_site, draft):
    with refused():
        PublishBulkAction.execute_action([Page.objects.get(pk=draft.pk)], user=None)
    with refused():
        PublishBulkAction.execute_action(
            [Page.objects.get(pk=staffed_site.column.pk)], include_descendants=True, user=None
        )
    assert_never_live(draft)


# --- The admin's own API (/admin/api/main/, session auth) ---------------------------------------


def _admin_api(client, page, action: str, data: dict | None = None):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        data=json.dumps(data or {}),
        content_type="application/json",
    )


def test_admin_api_publish_is_refused(superuser_client, draft):
    assert _admin_api(superuser_client, draft, "publish").status_code == 403
    assert_never_live(draft)


def test_admin_api_copy_keeping_it_live_is_refused(superuser_client, live_item):
    response = _admin_api(
        superuser_client, live_item, "copy", {"keep_live": True, "slug": "api-copy"}
    )
    assert response.status_code == 403
    no_live_copy("api-copy")


def test_admin_api_alias_of_a_live_item_is_refused(superuser_client, live_item, other_column):
    response = _admin_api(
        superuser_client,
        live_item,
        "create_alias",
        {"destination_page_id": other_column.pk, "update_slug": "api-alias"},
    )
    assert response.status_code == 403
    no_live_copy("api-alias")


def test_admin_api_revert_makes_only_a_draft(superuser_client, live_item):
    before = live_state(live_item)
    first = live_item.live_revision
    page = fresh(live_item)
    page.title = "改过的标题"
    page.save_revision()
    response = _admin_api(
        superuser_client, live_item, "revert_to_page_revision", {"revision_id": first.pk}
    )
    assert response.status_code == 200
    assert live_state(live_item) == before


def test_admin_api_convert_alias_is_refused(superuser_client, legacy_alias):
    before = live_state(legacy_alias)
    assert _admin_api(superuser_client, legacy_alias, "convert_alias").status_code == 403
    assert live_state(legacy_alias) == before


def test_admin_api_copy_for_translation_as_a_live_alias_is_refused(superuser_client, live_item):
    locale = Locale.objects.create(language_code="en")
    response = _admin_api(
        superuser_client,
        live_item,
        "copy_for_translation",
        {"locale": "en", "copy_parents": True, "alias": True},
    )
    assert response.status_code == 403
    assert not NewsPage.objects.filter(locale=locale).exists()


def test_admin_copy_view_publishing_the_copy_is_refused(superuser_client, live_item):
    url = f"/admin/pages/{live_item.pk}/copy/"
    data = factories.form_data(superuser_client.get(url).content, containing="new_slug")
    data.update(new_slug="admin-copy", publish_copies="on")
    factories.assert_admin_denied(superuser_client.post(url, data))
    no_live_copy("admin-copy")


# --- Wagtail's v3 API (mounted only in tests/editorial/urls_v3.py) ------------------------------


@pytest.fixture
def v3(client):
    """A client carrying a superuser's real bearer token, with the v3 API mounted."""
    _token, plaintext = APIToken.create_token(user=factories.superuser("api_admin"), name="测试")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plaintext}"
    with override_settings(ROOT_URLCONF=V3_URLCONF):
        yield client


def _v3(client, method: str, path: str, data: dict):
    return getattr(client, method)(
        f"/api/v3/pages/{path}", data=json.dumps(data), content_type="application/json"
    )


def test_v3_create_and_publish_of_an_item_puts_nothing_live(v3, staffed_site):
    """Our item fields are not writable in v3 (``APIField(writable=False)``), so Wagtail cannot
    even validate a new item there (it answers 500); the create action's publish step is tried
    from Python in the next test."""
    v3.raise_request_exception = False
    response = _v3(
        v3,
        "post",
        "",
        {
            "meta": {
                "parent_id": staffed_site.column.pk,
                "type": "content.NewsPage",
                "action": "publish",
            },
            "title": "接口直接发布的稿件",
            "slug": "v3-created",
        },
    )
    assert response.status_code >= 400
    no_live_copy("v3-created")


@pytest.mark.parametrize("as_superuser", [True, False], ids=["superuser", "no-user"])
def test_create_action_with_publish_is_refused(staffed_site, as_superuser):
    """What v3's create endpoint runs: ``action_registry``'s create action with publish=True."""
    user = factories.superuser() if as_superuser else None
    action_class = action_registry.get_action_class(NewsPage, "create")
    form = _NewItemForm(
        data={"title": "接口直接发布的稿件", "slug": "created", "source": "某区政府办公室"},
        instance=NewsPage(),
    )
    with refused():
        action_class(
            form.instance, staffed_site.column, user=user, form=form, publish=True
        ).execute(skip_permission_checks=not as_superuser)
    no_live_copy("created")


class _NewItemForm(forms.ModelForm):
    """The few fields a new item needs, as v3's form would carry them."""

    class Meta:
        model = NewsPage
        fields = ["title", "slug", "source"]


def test_the_admin_create_view_publish_button_is_refused(superuser_client, staffed_site):
    url = f"/admin/pages/add/content/newspage/{staffed_site.column.pk}/"
    data = factories.page_form(superuser_client, url)
    data.update(title="新建即发布的稿件", slug="admin-created", source="某区政府办公室")
    data["action-publish"] = "action-publish"
    superuser_client.post(url, data)
    no_live_copy("admin-created")


def test_v3_update_of_a_live_item_with_publish_is_refused(v3, live_item):
    before = live_state(live_item)
    response = _v3(
        v3,
        "patch",
        f"{live_item.pk}/",
        {"meta": {"type": "content.NewsPage", "action": "publish"}, "title": "接口改过的标题"},
    )
    assert response.status_code == 403, response.content
    assert live_state(live_item) == before


def test_v3_publish_is_refused(v3, draft):
    assert _v3(v3, "post", f"{draft.pk}/actions/publish/", {}).status_code == 403
    assert_never_live(draft)


def test_v3_copy_keeping_it_live_is_refused(v3, live_item):
    response = _v3(
        v3, "post", f"{live_item.pk}/actions/copy/", {"keep_live": True, "slug": "v3-copy"}
    )
    assert response.status_code == 403, response.content
    no_live_copy("v3-copy")


def test_v3_alias_of_a_live_item_is_refused(v3, live_item, other_column):
    response = _v3(
        v3,
        "post",
        f"{live_item.pk}/actions/create_alias/",
        {"destination_id": other_column.pk, "slug": "v3-alias"},
    )
    assert response.status_code == 403, response.content
    no_live_copy("v3-alias")


def test_v3_revert_makes_only_a_draft(v3, live_item):
    before = live_state(live_item)
    first = live_item.live_revision
    page = fresh(live_item)
    page.title = "改过的标题"
    page.save_revision()
    response = _v3(v3, "post", f"{live_item.pk}/actions/revert/", {"revision_id": first.pk})
    assert response.status_code == 200, response.content
    assert live_state(live_item) == before


def test_v3_convert_alias_is_refused(v3, legacy_alias):
    before = live_state(legacy_alias)
    response = _v3(v3, "post", f"{legacy_alias.pk}/actions/convert_alias/", {})
    assert response.status_code == 403, response.content
    assert live_state(legacy_alias) == before


def test_v3_move_keeps_a_live_item_as_it_was(v3, live_item, other_column):
    before = live_state(live_item)[:4]
    response = _v3(
        v3,
        "post",
        f"{live_item.pk}/actions/move/",
        {"destination_id": other_column.pk, "position": "last-child"},
    )
    assert response.status_code == 200, response.content
    assert live_state(live_item)[:4] == before
    assert Page.objects.get(pk=live_item.pk).get_parent().pk == other_column.pk


def test_the_registered_publish_action_with_no_user_and_checks_skipped_is_refused(draft):
    """v3's publish endpoint runs ``action_registry``'s publish action; so can any code."""
    action_class = action_registry.get_action_class(Page, "publish")
    with refused():
        action_class(draft.get_latest_revision(), user=None).execute(skip_permission_checks=True)
    assert_never_live(draft)


# --- Below save(): the ORM and SQL (the database guard) -----------------------------------------


def test_queryset_update_making_an_item_live_is_refused(draft):
    revision = draft.get_latest_revision()
    with refused():
        NewsPage.objects.filter(pk=draft.pk).update(live=True, live_revision=revision)
    with refused():
        Page.objects.filter(pk=draft.pk).update(live=True)
    assert_never_live(draft)


def test_queryset_update_swapping_a_live_items_revision_is_refused(live_item):
    before = live_state(live_item)
    page = fresh(live_item)
    page.title = "未经审核的修改"
    uncleared = page.save_revision()
    with refused():
        Page.objects.filter(pk=live_item.pk).update(live_revision=uncleared)
    assert live_state(live_item) == before


def test_bulk_update_making_an_item_live_is_refused(draft):
    page = NewsPage.objects.get(pk=draft.pk)
    page.live, page.live_revision = True, page.latest_revision
    with refused():
        NewsPage.objects.bulk_update([page], ["live", "live_revision"])
    assert_never_live(draft)


def test_raw_sql_making_an_item_live_is_refused(draft):
    revision = draft.get_latest_revision()
    with refused(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page SET live = %s, live_revision_id = %s WHERE id = %s",
            [True, revision.pk, draft.pk],
        )
    assert_never_live(draft)


def test_the_database_lets_a_cleared_revision_go_live_once(staffed_site):
    page, revision = _cleared_draft(staffed_site.column, "已审核的稿件")
    Page.objects.filter(pk=page.pk).update(live=True, live_revision=revision)
    assert Page.objects.get(pk=page.pk).live


def test_structural_pages_are_not_guarded(staffed_site):
    Page.objects.filter(pk=staffed_site.column.pk).update(live=False)
    Page.objects.filter(pk=staffed_site.column.pk).update(live=True)
    assert Page.objects.get(pk=staffed_site.column.pk).live


def test_the_import_escape_ends_with_the_import(draft):
    revision = draft.get_latest_revision()
    with historical_import():
        Page.objects.filter(pk=draft.pk).update(live=True, live_revision=revision)
        Page.objects.filter(pk=draft.pk).update(live=False, live_revision=None)
    # Same outer transaction, escape closed: refused again.
    with refused():
        Page.objects.filter(pk=draft.pk).update(live=True, live_revision=revision)
    assert_never_live(draft)


def test_the_guard_knows_every_information_item_type():
    concrete = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, ContentItemPage) and not model._meta.abstract
    }
    assert concrete == set(dbguards.ITEM_MODELS)


# --- Moving, aliases, translations --------------------------------------------------------------


@pytest.mark.parametrize("as_superuser", [True, False], ids=["superuser", "no-user"])
def test_moving_a_live_item_keeps_it_as_it_was(
    staffed_site, live_item, other_column, as_superuser, django_capture_on_commit_callbacks
):
    before = live_state(live_item)[:4]
    user = factories.superuser() if as_superuser else None
    with django_capture_on_commit_callbacks(execute=True):
        MovePageAction(
            Page.objects.get(pk=live_item.pk), other_column, pos="last-child", user=user
        ).execute(skip_permission_checks=not as_superuser)
    assert live_state(live_item)[:4] == before
    moved = Page.objects.get(pk=live_item.pk)
    assert moved.get_parent().pk == other_column.pk
    assert moved.url_path.endswith(PublicPage.objects.get(page_id=live_item.pk).url_path)


def test_moving_a_draft_item_does_not_publish_it(draft, other_column):
    MovePageAction(Page.objects.get(pk=draft.pk), other_column, pos="last-child").execute(
        skip_permission_checks=True
    )
    assert_never_live(draft)


@pytest.mark.parametrize("as_superuser", [True, False], ids=["superuser", "no-user"])
def test_converting_a_live_alias_to_an_ordinary_page_is_refused(legacy_alias, as_superuser):
    before = live_state(legacy_alias)
    user = factories.superuser() if as_superuser else None
    with refused():
        ConvertAliasPageAction(Page.objects.get(pk=legacy_alias.pk).specific, user=user).execute(
            skip_permission_checks=not as_superuser
        )
    assert live_state(legacy_alias) == before


def test_an_information_item_cannot_be_aliased_so_its_review_is_never_held_back(
    draft, other_column
):
    with pytest.raises(PermissionDenied) as caught:
        CreatePageAliasAction(
            fresh(draft), recursive=False, parent=other_column, update_slug="draft-alias"
        ).execute(skip_permission_checks=True)
    assert str(caught.value) == str(NO_ALIAS)
    assert not Page.objects.filter(alias_of=draft).exists()
    # The source passes review and goes live as usual.
    factories.publish_reviewed(fresh(draft).get_latest_revision())
    assert fresh(draft).live


def test_copy_for_translation_as_a_live_alias_is_refused(live_item):
    locale = Locale.objects.create(language_code="en")
    with refused():
        CopyPageForTranslationAction(
            Page.objects.get(pk=live_item.pk), locale, copy_parents=True, alias=True
        ).execute(skip_permission_checks=True)
    assert not NewsPage.objects.filter(locale=locale).exists()


def test_copy_for_translation_as_a_copy_is_only_a_draft(live_item):
    locale = Locale.objects.create(language_code="en")
    copy = NewsPage.objects.get(pk=live_item.pk).copy_for_translation(locale, copy_parents=True)
    assert_never_live(copy)


# --- Republishing what was taken down or replaced -----------------------------------------------


@pytest.fixture
def reviewed_twice(client, staffed_site):
    """An item published through the chain, then changed and published through it again."""
    item = factories.news(
        staffed_site.column, "第一次审核的标题", publish=False, owner=staffed_site.people.author
    )
    first = through_the_chain(client, staffed_site, item)
    assert fresh(item).live_revision_id == first.pk
    second = through_the_chain(client, staffed_site, item, title="第二次审核的标题")
    assert fresh(item).live_revision_id == second.pk
    return item, first, second


def test_republishing_an_older_cleared_revision_is_refused(reviewed_twice):
    item, first, _second = reviewed_twice
    before = live_state(item)
    with refused():
        first.publish()
    with refused():
        Page.objects.filter(pk=item.pk).update(live_revision=first)
    assert live_state(item) == before


def test_unpublish_then_republish_needs_review_again(client, staffed_site, reviewed_twice):
    item, first, second = reviewed_twice
    fresh(item).unpublish()
    assert not PublicPage.objects.filter(page_id=item.pk).exists()
    for revision in (second, first):
        with refused():
            revision.publish(skip_permission_checks=True)
        with refused():
            Page.objects.filter(pk=item.pk).update(live=True, live_revision=revision)
    assert not Page.objects.get(pk=item.pk).live
    assert not PublicPage.objects.filter(page_id=item.pk).exists()
    # Through review again, it comes back.
    third = through_the_chain(client, staffed_site, item)
    assert fresh(item).live and fresh(item).live_revision_id == third.pk
    assert PublicPage.objects.filter(page_id=item.pk).exists()


def test_deleting_a_live_item_is_not_refused(live_item):
    """Deleting a page deletes its revisions; Django first clears ``live_revision``."""
    fresh(live_item).delete()
    assert not Page.objects.filter(pk=live_item.pk).exists()


# --- What was approved stays what was approved --------------------------------------------------


def test_the_author_cannot_overwrite_the_cleared_live_revision_in_place(staffed_site):
    author = staffed_site.people.author
    item = factories.news(staffed_site.column, "原标题", publish=False, owner=author)
    page = fresh(item)
    revision = page.save_revision(user=author)
    factories.publish_reviewed(revision)
    page = fresh(item)
    page.title = "悄悄改过的标题"
    with refused():
        page.save_revision(user=author, overwrite_revision=revision)
    revision.refresh_from_db()
    assert revision.content["title"] == "原标题"
    # Scheduling data on the revision is not content: Wagtail may still write it.
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)


# --- Scheduled publishing (R18) -----------------------------------------------------------------


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward: the test cannot wait for a go-live time to pass."""

    def travel(delta: timedelta):
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return travel


def _run_scheduled(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_our_command_replaces_wagtails():
    assert get_commands()["publish_scheduled"] == "editorial"
    assert get_commands()["publish_scheduled_pages"] == "editorial"


def test_an_item_approved_with_a_future_go_live_time_goes_live_when_the_time_comes(
    client, staffed_site, later, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    go_live_at = timezone.now() + timedelta(hours=2)
    item = factories.news(
        staffed_site.column,
        "定时发布的通知",
        publish=False,
        owner=people.author,
        go_live_at=go_live_at,
    )
    with django_capture_on_commit_callbacks(execute=True):
        through_the_chain(client, staffed_site, item)
    revision = fresh(item).latest_revision
    assert Clearance.objects.filter(revision=revision).exists()
    revision.refresh_from_db()
    # The editor's form keeps the minute.
    assert abs(revision.approved_go_live_at - go_live_at) < timedelta(minutes=1)
    assert_never_live(item)

    out, _err = _run_scheduled()  # before the time: nothing happens
    assert_never_live(item)

    later(timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        out, err = _run_scheduled()
    stored = fresh(item)
    assert stored.live and stored.live_revision_id == revision.pk
    assert PublicPage.objects.filter(page_id=item.pk).exists()
    assert "定时发布的通知" in out and not err
    assert PageLogEntry.objects.filter(
        page_id=item.pk, action="wagtail.publish.scheduled", revision=revision
    ).exists()


@pytest.fixture
def due_rows(staffed_site):
    """Three items due to go live, in this order: cleared, never reviewed, cleared."""
    soon = timezone.now() + timedelta(minutes=30)
    rows = []
    for offset, (title, cleared) in enumerate(
        [("第一条定时稿件", True), ("未经审核的定时稿件", False), ("第三条定时稿件", True)]
    ):
        page = factories.news(staffed_site.column, title, publish=False, go_live_at=soon)
        revision = page.get_latest_revision()
        if cleared:
            factories.publish_reviewed(revision)  # scheduled, as the last approval does
        else:
            # Scheduling an unreviewed version is refused in Python (see below); a schedule
            # written below save() is what is left, and the command must report it.
            revision = page.save_revision()
        Revision.objects.filter(pk=revision.pk).update(
            approved_go_live_at=soon + timedelta(seconds=offset)
        )
        rows.append((page, revision))
    return rows


def test_a_refused_row_is_reported_and_the_others_go_live(due_rows, later):
    (first, _r1), (unreviewed, unreviewed_revision), (third, _r3) = due_rows
    later(timedelta(hours=1))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("publish_scheduled", stdout=out, stderr=err)
    assert fresh(first).live and fresh(third).live
    assert_never_live(unreviewed)
    unreviewed_revision.refresh_from_db()
    assert unreviewed_revision.approved_go_live_at is not None  # left for a person
    assert "未经审核的定时稿件" in err.getvalue()
    assert str(NOT_CLEARED) in err.getvalue()  # the gate's reason, in Chinese
    assert "1" in str(failed.value)
    assert "第一条定时稿件" in out.getvalue() and "第三条定时稿件" in out.getvalue()


def test_wagtails_own_loop_stops_at_the_first_refusal(due_rows, later):
    """Why the command is ours: Wagtail's stops at the refused row, the third never goes live."""
    (first, _r1), (unreviewed, unreviewed_revision), (third, _r3) = due_rows
    later(timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        call_command(WagtailPublishScheduled(), stdout=io.StringIO())
    assert fresh(first).live
    assert not fresh(third).live
    # It cleared the schedule before the refusal, outside any transaction of its own.
    unreviewed_revision.refresh_from_db()
    assert unreviewed_revision.approved_go_live_at is None


def test_a_revision_that_went_live_once_is_refused_when_scheduled_again(
    client, staffed_site, later
):
    page = factories.news(
        staffed_site.column, "曾经发布过的稿件", publish=False, owner=staffed_site.people.author
    )
    revision = through_the_chain(client, staffed_site, page)
    fresh(page).unpublish()
    # Scheduling the same revision again: it went live once since its review, so the gate (and
    # below it the database) refuses it, and the command says why.
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() + timedelta(minutes=1)
    )
    later(timedelta(hours=1))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=err)
    assert str(ALREADY_PUBLISHED) in err.getvalue()
    assert not fresh(page).live


def test_dry_run_changes_nothing(due_rows, later):
    later(timedelta(hours=1))
    out, _err = _run_scheduled("--dry-run")
    for page, revision in due_rows:
        assert_never_live(page)
        assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None
        assert page.title in out


def test_expired_items_are_unpublished_as_wagtail_does(staffed_site, later):
    item = factories.news(
        staffed_site.column, "限时公告", expire_at=timezone.now() + timedelta(minutes=10)
    )
    assert fresh(item).live
    later(timedelta(hours=1))
    out, _err = _run_scheduled()
    stored = fresh(item)
    assert not stored.live and stored.expired
    assert "限时公告" in out
    assert PageLogEntry.objects.filter(
        page_id=item.pk, action="wagtail.unpublish.scheduled"
    ).exists()


# --- The audit log is append-only (Accountability) ----------------------------------------------


@pytest.fixture
def log_entry(live_item):
    return PageLogEntry.objects.filter(page_id=live_item.pk).first()


def test_a_page_log_entry_cannot_be_deleted(log_entry):
    with refused():
        log_entry.delete()
    with refused():
        PageLogEntry.objects.all().delete()
    with refused(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailcore_pagelogentry WHERE id = %s", [log_entry.pk])
    assert PageLogEntry.objects.filter(pk=log_entry.pk).exists()


def test_a_page_log_entry_cannot_be_edited(log_entry):
    original = (log_entry.action, log_entry.user_id, log_entry.timestamp, log_entry.data)
    with refused():
        PageLogEntry.objects.filter(pk=log_entry.pk).update(user=factories.superuser())
    with refused():
        PageLogEntry.objects.filter(pk=log_entry.pk).update(data={"改": "过"})
    with refused():
        PageLogEntry.objects.filter(pk=log_entry.pk).update(deleted=True)
    log_entry.timestamp = timezone.now() - timedelta(days=1)
    with refused():
        log_entry.save()
    stored = PageLogEntry.objects.get(pk=log_entry.pk)
    assert (stored.action, stored.user_id, stored.timestamp, stored.data) == original


def test_a_model_log_entry_cannot_be_deleted_or_edited():
    unit = factories.unit("审计测试单位")
    entry = ModelLogEntry.objects.log_action(unit, "wagtail.create")
    with refused():
        entry.delete()
    with refused():
        ModelLogEntry.objects.filter(pk=entry.pk).update(label="改过")
    assert ModelLogEntry.objects.get(pk=entry.pk).label == entry.label


def test_deleting_a_model_keeps_its_log_entries_with_no_content_type():
    """The one UPDATE Django makes: a deleted content type is set to NULL (on_delete=SET_NULL)."""
    gone = ContentType.objects.create(app_label="retired", model="oldthing")
    entry = ModelLogEntry.objects.create(
        content_type=gone,
        label="旧系统的对象",
        action="wagtail.create",
        timestamp=timezone.now(),
        object_id="1",
    )
    gone.delete()
    stored = ModelLogEntry.objects.get(pk=entry.pk)
    assert stored.content_type_id is None and stored.label == "旧系统的对象"


def test_deleting_a_page_logs_it_and_keeps_its_history(staffed_site, draft):
    from wagtail.actions.delete_page import DeletePageAction

    earlier = set(PageLogEntry.objects.filter(page_id=draft.pk).values_list("pk", flat=True))
    DeletePageAction(Page.objects.get(pk=draft.pk), user=factories.superuser()).execute(
        skip_permission_checks=True
    )
    kept = set(PageLogEntry.objects.filter(page_id=draft.pk).values_list("pk", flat=True))
    assert earlier < kept
    assert PageLogEntry.objects.filter(page_id=draft.pk, deleted=True).exists()


# --- History written past the guard: the demo loader --------------------------------------------


def test_the_demo_loader_still_writes_its_history(db):
    call_command("load_demo", "--items-per-type", "3", stdout=io.StringIO())
    item = NewsPage.objects.filter(live=True).first()
    assert item is not None and item.live_revision_id is not None
    assert not Clearance.objects.filter(page_id=item.pk).exists()
    # The escape closed with the import: the same row is guarded again.
    Page.objects.filter(pk=item.pk).update(live=False)
    with refused():
        Page.objects.filter(pk=item.pk).update(live=True)


def test_the_gate_says_why_an_old_cleared_revision_cannot_come_back(reviewed_twice):
    item, first, _second = reviewed_twice
    with pytest.raises(PermissionDenied) as caught:
        first.publish(skip_permission_checks=True)
    assert str(caught.value) == str(ALREADY_PUBLISHED)
    with translation.override("zh-hans"):
        assert str(ALREADY_PUBLISHED) == "该版本自审核以来已发布过一次；如需再次发布，请重新送审。"
    assert fresh(item).live_revision_id == _second.pk
