"""The detail of a page, by id and by path: every type's fields, the envelope, and refusals."""

import hashlib
from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file

from cms.content.models import NoticePage, PlatformImage, ResponsePage, TopicPage
from tests import factories

from .builders import fresh, published_at, relative_path
from .conftest import module_data

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "No such page, or it is not public."
# What only the detail has; a listing item is the detail without these.
DETAIL_ONLY = {
    "site",
    "breadcrumbs",
    "search_description",
    "body",
    "attachments",
    "co_issuing_units",
    "valid_until",
    "concern",
}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    partner = factories.unit("渭滨区财政局")
    site = factories.site("渭滨区人民政府", sponsor=office)
    other = factories.site("金台区人民政府")
    t = {"site": site, "other": other, "office": office, "partner": partner}
    t["xinwen"] = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    xinwen = fresh(t["xinwen"])
    xinwen.description = "本区政务新闻"
    factories.publish_reviewed(xinwen.save_revision())
    t["dongtai"] = factories.column(
        t["xinwen"], "工作动态", owner=partner, slug="dongtai", update_category="monthly"
    )
    t["tzgg"] = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
    t["yaowen"] = factories.column(other.root_page, "要闻", owner=office, slug="yaowen")

    image = PlatformImage.objects.create(
        title="常务会议现场", file=get_test_image_file("meeting.png", size=(1600, 900))
    )
    document = get_document_model().objects.create(
        title="会议纪要", file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf")
    )
    t["document"] = document
    t["news"] = published_at(
        utc(2026, 3, 2, 1, 30),
        t["dongtai"],
        "区政府召开第12次常务会议",
        summary="会议研究部署近期重点工作。",
        body=f'<p>会议由区长主持。</p><p><a linktype="document" id="{document.pk}">纪要</a></p>',
        search_description="常务会议",
        cover_image=image,
        co_issuing_units=[partner],
        attachments=[("attachment", {"document": document, "title": "会议纪要全文"})],
        source="渭滨区人民政府办公室",
    )
    t["reprint"] = published_at(
        utc(2026, 3, 3, 1, 0),
        t["dongtai"],
        "转载的新闻",
        source="",
        is_reprint=True,
        reprint_source=factories.reprint_source("新华社"),
    )
    t["notice"] = published_at(
        utc(2026, 3, 4, 1, 0),
        t["tzgg"],
        "关于清明节放假的通知",
        page_class=NoticePage,
        valid_until=date(2026, 4, 6),
    )
    t["topic"] = published_at(
        utc(2026, 3, 5, 1, 0),
        t["tzgg"],
        "优化营商环境专题",
        page_class=TopicPage,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 12, 31),
    )
    t["rumour"] = published_at(
        utc(2026, 3, 6, 1, 0),
        t["tzgg"],
        "关于网传停水消息的说明",
        page_class=ResponsePage,
        response_kind="rumour",
        concern="网传全区明日停水",
    )
    t["elsewhere"] = factories.news(t["yaowen"], "金台区的新闻")
    return t


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker, tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield from module_data(django_db_blocker, build)


def listed(api, site_id, page_id) -> dict:
    return next(i for i in api.listing(site_id, page_size=100)["items"] if i["id"] == page_id)


def test_a_news_item_in_full(api, tree):
    site, news, document = tree["site"], tree["news"], tree["document"]
    detail = api.detail(site.pk, news.pk)
    cover = detail.pop("cover")
    # Files and images are served from the copies review cleared, stored by their bytes' hash.
    assert cover["url"].startswith("/media/released/") and "meeting" in cover["url"]
    digest = hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()
    name = document.file.name.rsplit("/", 1)[-1]
    released = f"/media/released/{digest[:2]}/{digest}/{name}"
    assert (cover["width"], cover["height"], cover["alt"]) == (800, 450, "常务会议现场")
    assert detail.pop("updated_at")
    assert detail == {
        "id": news.pk,
        "type": "news",
        "title": "区政府召开第12次常务会议",
        "url_path": f"/xinwen/dongtai/{news.slug}/",
        "column": {"id": tree["dongtai"].pk, "title": "工作动态"},
        "published_at": "2026-03-02T09:30:00+08:00",
        "summary": "会议研究部署近期重点工作。",
        "source": "渭滨区人民政府办公室",
        "is_reprint": False,
        "body": f'<p>会议由区长主持。</p><p><a href="{released}">纪要</a></p>',
        "attachments": [
            {
                "title": "会议纪要全文",
                "url": released,
                "file_extension": "pdf",
                "file_size": len(b"%PDF-1.4 minutes"),
            }
        ],
        "co_issuing_units": ["渭滨区财政局"],
        "site": {"id": site.pk, "name": "渭滨区人民政府"},
        "breadcrumbs": [
            {"id": tree["xinwen"].pk, "title": "新闻", "url_path": "/xinwen/"},
            {"id": tree["dongtai"].pk, "title": "工作动态", "url_path": "/xinwen/dongtai/"},
        ],
        "search_description": "常务会议",
        "archived": False,
        "archive": None,
    }


@pytest.mark.parametrize("name", ["news", "reprint", "notice", "topic", "rumour"])
def test_a_listing_item_is_the_detail_without_the_detail_fields(api, tree, name):
    site, page = tree["site"], tree[name]
    detail = api.detail(site.pk, page.pk)
    item = listed(api, site.pk, page.pk)
    assert item == {key: value for key, value in detail.items() if key not in DETAIL_ONLY}
    assert api.find(site.pk, detail["url_path"]) == detail


def test_a_reprint_names_its_whitelisted_source(api, tree):
    detail = api.detail(tree["site"].pk, tree["reprint"].pk)
    assert (detail["source"], detail["is_reprint"]) == ("新华社", True)
    assert (detail["cover"], detail["attachments"], detail["co_issuing_units"]) == (None, [], [])


def test_type_specific_fields(api, tree):
    site = tree["site"]
    notice = api.detail(site.pk, tree["notice"].pk)
    assert (notice["type"], notice["valid_until"]) == ("notice", "2026-04-06")
    topic = api.detail(site.pk, tree["topic"].pk)
    assert (topic["type"], topic["starts_on"], topic["ends_on"]) == (
        "topic",
        "2026-03-01",
        "2026-12-31",
    )
    rumour = api.detail(site.pk, tree["rumour"].pk)
    assert (rumour["type"], rumour["response_kind"], rumour["concern"]) == (
        "response",
        "rumour",
        "网传全区明日停水",
    )
    assert listed(api, site.pk, tree["rumour"].pk)["response_kind"] == "rumour"


def test_a_column_in_detail(api, tree):
    site = tree["site"]
    top = api.detail(site.pk, tree["xinwen"].pk)
    assert {key: top[key] for key in ("type", "title", "url_path", "column", "breadcrumbs")} == {
        "type": "column",
        "title": "新闻",
        "url_path": "/xinwen/",
        "column": None,
        "breadcrumbs": [],
    }
    assert (top["description"], top["update_category"], top["responsible_unit"]) == (
        "本区政务新闻",
        "news",
        "渭滨区人民政府办公室",
    )
    sub = api.detail(site.pk, tree["dongtai"].pk)
    assert sub["column"] == {"id": tree["xinwen"].pk, "title": "新闻"}
    assert sub["breadcrumbs"] == [
        {"id": tree["xinwen"].pk, "title": "新闻", "url_path": "/xinwen/"}
    ]
    assert (sub["update_category"], sub["responsible_unit"]) == ("monthly", "渭滨区财政局")


def test_the_site_home_is_found_at_the_root(api, tree):
    site = tree["site"]
    for path in ("/", "", "//"):
        home = api.find(site.pk, path)
        assert (home["id"], home["type"], home["url_path"]) == (site.root_page_id, "site_root", "/")
        assert (home["column"], home["breadcrumbs"]) == (None, [])


@pytest.mark.parametrize(
    "path",
    [
        "/xinwen/dongtai/{slug}/",
        "xinwen/dongtai/{slug}",
        "/xinwen/dongtai/{slug}",
        "xinwen/dongtai/{slug}/",
    ],
)
def test_find_by_path_accepts_any_slashes(api, tree, path):
    news = tree["news"]
    assert api.find(tree["site"].pk, path.format(slug=news.slug))["id"] == news.pk


@pytest.mark.parametrize(
    "path",
    [
        "/xinwen/dongtai/missing/",
        "/xinwen/{slug}/",
        "/dongtai/{slug}/",
        "/XINWEN/dongtai/{slug}/",
        "/xinwen/dongtai/{slug}/extra/",
    ],
)
def test_find_by_a_wrong_path(api, tree, path):
    body = api.find(tree["site"].pk, path.format(slug=tree["news"].slug), status=404)
    assert body == {"detail": gettext(NOT_PUBLIC)}


def test_pages_belong_to_their_own_site(api, tree):
    site, other, elsewhere = tree["site"], tree["other"], tree["elsewhere"]
    assert api.detail(other.pk, elsewhere.pk)["site"]["id"] == other.pk
    assert api.detail(site.pk, elsewhere.pk, status=404) == {"detail": gettext(NOT_PUBLIC)}
    api.find(site.pk, relative_path(elsewhere, other), status=404)
    api.detail(other.pk, tree["news"].pk, status=404)


def test_refusals(api, tree):
    site = tree["site"]
    assert api.detail(site.pk, 10**9, status=404) == {"detail": gettext(NOT_PUBLIC)}
    missing = api.json(f"/sites/{site.pk}/find", status=400)
    assert missing == {
        "detail": gettext("Invalid request parameters."),
        "fields": {"path": gettext("This parameter is required.")},
    }
    bad_id = api.json(f"/sites/{site.pk}/pages/abc", status=400)
    assert bad_id["fields"] == {"page_id": gettext("Must be a whole number.")}
    nowhere = api.json(f"/sites/{site.pk + 999}/pages/{tree['news'].pk}", status=404)
    assert nowhere == {"detail": gettext(NOT_PUBLIC)}
