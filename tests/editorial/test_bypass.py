"""Nothing goes live unreviewed (R18): every way Wagtail can make a page live, tried and refused.

Each path is tried with no clearance for the revision; the gate (editorial/gate.py) must refuse it
whoever asks — a superuser, no user at all, or with Wagtail's permission checks skipped.
"""

import json

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Page

from cms.content.models import NewsPage
from editorial.gate import NOT_CLEARED
from tests import factories

from .flow import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staffed_site):
    return factories.news(staffed_site.column, "未经审核的稿件", publish=False)


@pytest.fixture
def live_item(staffed_site):
    return factories.news(staffed_site.column, "已审核发布的稿件")


def _not_live(page):
    assert not Page.objects.get(pk=page.pk).live


def test_publishing_a_revision_from_python_is_refused(draft):
    with pytest.raises(PermissionDenied):
        draft.get_latest_revision().publish()
    _not_live(draft)


def test_publishing_with_permission_checks_skipped_and_no_user_is_refused(draft):
    action = PublishPageRevisionAction(draft.get_latest_revision(), user=None)
    with pytest.raises(PermissionDenied):
        action.execute(skip_permission_checks=True)
    _not_live(draft)


def test_setting_live_in_the_orm_is_refused_on_the_specific_and_the_generic_page(draft):
    page = NewsPage.objects.get(pk=draft.pk)
    page.live = True
    page.live_revision = page.latest_revision
    with pytest.raises(PermissionDenied):
        page.save()
    generic = Page.objects.get(pk=draft.pk)
    generic.live = True
    with pytest.raises(PermissionDenied):
        generic.save()
    _not_live(draft)


def test_the_superusers_publish_button_is_refused(client, draft):
    factories.login(client, factories.superuser())
    url = f"/admin/pages/{draft.pk}/edit/"
    data = factories.page_form(client, url)
    data["action-publish"] = "action-publish"
    client.post(url, data)
    _not_live(draft)


def test_changing_a_live_items_content_in_place_is_refused(live_item):
    page = NewsPage.objects.get(pk=live_item.pk)
    page.body = "<p>未经审核的新内容</p>"
    with pytest.raises(PermissionDenied):
        page.save()
    assert "未经审核" not in NewsPage.objects.get(pk=live_item.pk).body


def test_copying_a_live_page_keeping_it_live_is_refused(live_item, staffed_site):
    action = CopyPageAction(
        live_item, to=staffed_site.column, update_attrs={"slug": "copy"}, keep_live=True
    )
    with pytest.raises(PermissionDenied):
        action.execute(skip_permission_checks=True)
    assert not NewsPage.objects.filter(slug="copy", live=True).exists()


def test_aliasing_a_live_page_is_refused(live_item, staffed_site):
    other = factories.column(
        staffed_site.site.root_page, "转发", owner=staffed_site.office, slug="zhuanfa"
    )
    action = CreatePageAliasAction(live_item, recursive=False, parent=other, update_slug="alias")
    with pytest.raises(PermissionDenied):
        action.execute(skip_permission_checks=True)
    assert not Page.objects.filter(slug="alias", live=True).exists()


def test_reverting_to_an_uncleared_revision_and_publishing_is_refused(live_item):
    page = fresh(live_item)
    page.title = "未经审核的修改"
    uncleared = page.save_revision()
    with pytest.raises(PermissionDenied):
        uncleared.publish()
    assert fresh(live_item).title == "已审核发布的稿件"


def test_a_fixture_cannot_load_a_live_page(tmp_path, live_item):
    page = NewsPage.objects.get(pk=live_item.pk)
    data = json.loads(serializers.serialize("json", [page]))
    data[0]["fields"]["title"] = "夹带的内容"
    fixture = tmp_path / "pages.json"
    fixture.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PermissionDenied):
        call_command("loaddata", str(fixture), verbosity=0)
    assert fresh(live_item).title == "已审核发布的稿件"


def test_the_refusal_says_why_in_chinese(draft):
    with pytest.raises(PermissionDenied) as refused:
        draft.get_latest_revision().publish()
    assert str(NOT_CLEARED) in str(refused.value)
    assert "三审三校" in str(refused.value)
