"""The embedded backend (search/embedded.py) on the database the tests run on: SQLite's FTS5 or
PostgreSQL's tsvector, fed words by the segmenter."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from search import embedded
from search.models import IndexedPage
from search.segment import as_indexed
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def sites(db):
    office = factories.unit("渭川区人民政府办公室")
    portal = factories.site("渭川区人民政府", sponsor=office)
    other = factories.site("渭川区教育局", sponsor=office)
    return portal, other, factories.column(portal.root_page, "政务要闻", owner=office)


def _row(site, column, title, *, body="", number="", days=0, archived=False, kind="news"):
    page = factories.news(column, title)
    return IndexedPage(
        page=Page.objects.get(pk=page.pk),
        site=site,
        column_path=column.path,
        kind=kind,
        title=title,
        published_at=NOW - timedelta(days=days),
        archived=archived,
        title_words=as_indexed(title),
        number_words=as_indexed(number),
        body_words=as_indexed(body),
    )


def test_a_word_inside_a_longer_word_is_found(sites):
    portal, _other, column = sites
    row = _row(portal, column, "关于推进人工智能产业发展的实施意见")
    embedded.put([row])

    for query in ("智能", "人工智能", "产业发展", "智能产业"):
        hits = embedded.find(query)
        assert hits.page_ids == [row.page_id], query
    assert embedded.find("区块链").total == 0


def test_every_word_is_required_and_the_title_outranks_the_body(sites):
    portal, _other, column = sites
    in_title = _row(portal, column, "全区农村人居环境整治工作推进会召开", days=30)
    in_body = _row(portal, column, "区政府召开常务会议", body="会议研究了人居环境整治工作。")
    unrelated = _row(portal, column, "人居环境监测报告", body="空气质量。")
    embedded.put([in_title, in_body, unrelated])

    hits = embedded.find("人居环境 整治")

    assert hits.total == 2
    assert hits.page_ids == [in_title.page_id, in_body.page_id]  # older, but in the title
    assert hits.scores[0] > hits.scores[1] > 0


def test_document_numbers_weigh_above_the_body(sites):
    portal, _other, column = sites
    numbered = _row(portal, column, "关于印发实施方案的通知", number="渭政发〔2026〕12号")
    mentioned = _row(portal, column, "工作动态", body="根据渭政发〔2026〕12号文件精神。")
    embedded.put([mentioned, numbered])
    assert embedded.find("渭政发 2026 12").page_ids == [numbered.page_id, mentioned.page_id]


def test_filters_sites_types_columns_and_filing(sites):
    portal, other, column = sites
    office = column.responsible_unit
    deeper = factories.column(column, "部门动态", owner=office)
    rows = [
        _row(portal, column, "教育工作会议", kind="news"),
        _row(
            other,
            factories.column(other.root_page, "通知", owner=office),
            "教育工作通知",
            kind="notice",
        ),
        _row(portal, deeper, "教育工作简报", kind="news", archived=True),
    ]
    embedded.put(rows)
    ids = [row.page_id for row in rows]

    assert embedded.find("教育").total == 3
    assert embedded.find("教育", site_ids=[portal.pk]).total == 2
    assert embedded.find("教育", site_ids=[]).total == 0
    assert embedded.find("教育", kinds=["notice"]).page_ids == [ids[1]]
    assert set(embedded.find("教育", column_path=column.path).page_ids) == {ids[0], ids[2]}
    assert embedded.find("教育", column_path=deeper.path).page_ids == [ids[2]]
    assert embedded.find("教育", archived=False).total == 2
    assert embedded.find("教育", archived=True).page_ids == [ids[2]]


def test_newest_first_among_equals_and_pages_of_results(sites):
    portal, _other, column = sites
    rows = [_row(portal, column, f"防汛工作部署会（第{n}次）", days=n) for n in range(5)]
    embedded.put(rows)

    first = embedded.find("防汛", limit=2)
    second = embedded.find("防汛", limit=2, offset=2)

    assert first.total == second.total == 5
    assert first.page_ids + second.page_ids == [row.page_id for row in rows[:4]]


def test_putting_again_replaces_and_removing_forgets(sites):
    portal, _other, column = sites
    row = _row(portal, column, "旧标题：春耕生产")
    embedded.put([row])
    row.title_words = as_indexed("新标题：秋收工作")
    embedded.put([row])
    assert embedded.find("春耕").total == 0 and embedded.find("秋收").total == 1

    embedded.remove([row.page_id])
    assert embedded.find("秋收").total == 0
    assert not IndexedPage.objects.exists()


@pytest.mark.parametrize("query", ['"', "' OR 1=1 --", "AND OR NOT", "*", "a:b", "\x00政务", "()"])
def test_any_query_text_is_safe(sites, query):
    portal, _other, column = sites
    embedded.put([_row(portal, column, "政务公开 AND 便民服务")])
    hits = embedded.find(query)
    assert hits.total == len(hits.page_ids)


def test_a_query_without_words_finds_nothing(sites):
    portal, _other, column = sites
    embedded.put([_row(portal, column, "政务公开")])
    assert embedded.find("，。！ ") == embedded.Hits(0, [], [])


def test_the_structure_comes_back_after_a_table_rebuild(sites):
    """SQLite drops a table's triggers when a migration rebuilds it; post_migrate reinstalls
    them and refills the full-text table (on PostgreSQL: the trigger that fills the vector)."""
    portal, _other, column = sites
    embedded.put([_row(portal, column, "乡村振兴")])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as after a migration
            cursor.execute(f"DROP TRIGGER search_vector_fill ON {embedded.TABLE}")
        else:
            for name in embedded.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute(
                f"INSERT INTO {embedded.FTS_TABLE}({embedded.FTS_TABLE}) VALUES ('delete-all')"
            )
    embedded.install()
    assert embedded.find("振兴").total == 1
    embedded.put([_row(portal, column, "乡村振兴简报")])
    assert embedded.find("振兴").total == 2
