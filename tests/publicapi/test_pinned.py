"""Pinned announcements in the public API (R7): a notice's ``pinned_until`` and
``announcement_kind`` in its summary and detail, and the listing's ``pinned`` filter that a
site's home page reads: pinned today or later, newest first; a lapsed pin, an unpinned notice
and every other type never; a notice taken down or filed leaves it at once."""

import importlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext

from archive import filing
from archive.models import ArchiveReason
from cms.content.announcements import AnnouncementKind
from cms.content.models import NoticePage
from cms.organisation.models import Role
from editorial.takedown import take_down
from publicapi.models import PublicPage
from publicapi.services import _NOT_ARCHIVED_TAIL
from tests import factories

from .builders import fresh, published_at
from .conftest import module_data

pytestmark = pytest.mark.django_db

INVALID = "Invalid request parameters."


def build() -> dict:
    office = factories.unit("岐山县人民政府办公室")
    site = factories.site("岐山县人民政府", sponsor=office)
    other = factories.site("扶风县人民政府")
    t = {"site": site, "other": other, "office": office}
    tzgg = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
    xinwen = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    elsewhere = factories.column(other.root_page, "通知公告", owner=office, slug="tzgg")
    today = timezone.localdate()

    def notice(parent, title, when, **fields):
        return published_at(when, parent, title, page_class=NoticePage, **fields)

    # Imports with their own publication times, oldest first.
    t["last_day"] = notice(
        tzgg, "关于春节假期办事安排的通知", datetime(2026, 1, 5, 2, tzinfo=UTC), pinned_until=today
    )
    t["lapsed"] = notice(
        tzgg,
        "关于开展网站普查的通知",
        datetime(2026, 1, 6, 2, tzinfo=UTC),
        pinned_until=today - timedelta(days=1),
    )
    t["unpinned"] = notice(tzgg, "关于征集意见的公告", datetime(2026, 1, 7, 2, tzinfo=UTC))
    t["news"] = published_at(datetime(2026, 1, 8, 2, tzinfo=UTC), xinwen, "县政府召开常务会议")
    # Published now, through review: a closure notice with its 30 days.
    t["closure"] = factories.news(
        tzgg,
        "关于岐山县人民政府门户网站迁移的公告",
        page_class=NoticePage,
        announcement_kind=AnnouncementKind.CLOSURE,
        pinned_until=today + timedelta(days=30),
    )
    t["other_site"] = notice(
        elsewhere, "扶风县置顶通知", datetime(2026, 1, 9, 2, tzinfo=UTC), pinned_until=today
    )
    return t


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def ids(tree, *names) -> list[int]:
    return [tree[name].pk for name in names]


def test_the_pinned_listing_holds_the_notices_pinned_today_or_later_newest_first(api, tree):
    assert api.listed_ids(tree["site"].pk, pinned="true") == ids(tree, "closure", "last_day")
    assert api.listed_ids(tree["other"].pk, pinned="true") == ids(tree, "other_site")


def test_the_rest_of_the_listing_leaves_the_pinned_out(api, tree):
    assert api.listed_ids(tree["site"].pk, pinned="false") == ids(
        tree, "news", "unpinned", "lapsed"
    )
    assert api.listed_ids(tree["site"].pk) == ids(
        tree, "closure", "news", "unpinned", "lapsed", "last_day"
    )


def test_the_pinned_filter_goes_with_the_others(api, tree):
    site = tree["site"].pk
    assert api.listed_ids(site, pinned="true", type="notice") == ids(tree, "closure", "last_day")
    assert api.listed_ids(site, pinned="true", type="news") == []
    assert api.listed_ids(site, pinned="true", published_to="2026-01-31") == ids(tree, "last_day")


def test_the_read_model_keeps_the_pin_of_notices_only(tree):
    stored = dict(
        PublicPage.objects.filter(site=tree["site"], is_item=True).values_list(
            "page_id", "pinned_until"
        )
    )
    today = timezone.localdate()
    assert stored == {
        tree["last_day"].pk: today,
        tree["lapsed"].pk: today - timedelta(days=1),
        tree["unpinned"].pk: None,
        tree["news"].pk: None,
        tree["closure"].pk: today + timedelta(days=30),
    }


def test_a_notice_says_its_pin_and_kind_in_its_summary_and_detail(api, tree):
    site, closure = tree["site"].pk, tree["closure"]
    expected = {
        "pinned_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "announcement_kind": {"code": "closure", "label": "关停/迁移"},
    }
    summary = api.listing(site, pinned="true")["items"][0]
    detail = api.detail(site, closure.pk)
    for data in (summary, detail):
        assert {key: data[key] for key in expected} == expected
    unpinned = api.detail(site, tree["unpinned"].pk)
    assert unpinned["pinned_until"] is None
    assert unpinned["announcement_kind"] == {"code": "ordinary", "label": "普通通知公告"}
    news = api.detail(site, tree["news"].pk)
    assert "pinned_until" not in news and "announcement_kind" not in news


@pytest.mark.parametrize("value", ["yes", "1", "True", "on", ""])
def test_a_pinned_value_other_than_true_or_false_is_refused_in_chinese(api, tree, value):
    body = api.listing(tree["site"].pk, status=400, pinned=value)
    assert body == {"detail": gettext(INVALID), "fields": {"pinned": "必须为 true 或 false。"}}


def test_a_pinned_notice_taken_down_leaves_the_pinned_listing(api, tree, refreshes):
    webmaster = factories.user("wangzhan", unit=tree["office"], role=Role.SITE_ADMIN)
    with refreshes():
        take_down(fresh(tree["closure"]), user=webmaster, reason="迁移日期推迟，先行撤下。")
    assert api.listed_ids(tree["site"].pk, pinned="true") == ids(tree, "last_day")


def test_a_pinned_notice_filed_leaves_the_pinned_listing(api, tree, refreshes):
    with refreshes():
        filing.file_pages([tree["last_day"].pk], reason=ArchiveReason.MANUAL)
    assert api.listed_ids(tree["site"].pk, pinned="true") == ids(tree, "closure")
    # Filed, it is still public, with its pin, in the archive.
    filed = api.detail(tree["site"].pk, tree["last_day"].pk)
    assert (filed["archived"], filed["pinned_until"]) == (True, timezone.localdate().isoformat())


def test_notices_rendered_before_announcements_are_brought_in_line_by_the_migration(tree):
    """The data migration gives rows rendered without the new keys what a render gives them
    now, with the archive state still last (the filing swaps that tail in place)."""
    migration = importlib.import_module("publicapi.migrations.0005_notice_pin_in_rendered_rows")
    row = PublicPage.objects.get(page_id=tree["unpinned"].pk)
    rendered = {name: json.loads(getattr(row, name)) for name in ("listing_json", "detail_json")}
    old = {
        name: json.dumps(
            {k: v for k, v in data.items() if k not in ("pinned_until", "announcement_kind")},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for name, data in rendered.items()
    }
    PublicPage.objects.filter(pk=row.pk).update(**old)

    migration.add_notice_pin(apps, None)

    row.refresh_from_db()
    for name, data in rendered.items():
        assert json.loads(getattr(row, name)) == data
        assert getattr(row, name).endswith(_NOT_ARCHIVED_TAIL)
    news = PublicPage.objects.get(page_id=tree["news"].pk)
    assert "announcement_kind" not in json.loads(news.detail_json)
