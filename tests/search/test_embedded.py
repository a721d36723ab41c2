"""The embedded backend (search/embedded.py) on the database the tests run on: SQLite's FTS5 or
PostgreSQL's tsvector, fed words by the segmenter."""

from datetime import timedelta

import pytest
from django.db import connection

from search import embedded
from search.models import IndexedPage
from search.query import NEWEST, RELEVANCE, Filters, Query
from search.segment import as_indexed
from search.understanding import understand
from tests import factories
from tests.search.rows import NOW
from tests.search.rows import indexed_row as _row

pytestmark = pytest.mark.django_db


def find(text, *, limit=20, offset=0, sort=RELEVANCE, synonyms=None, **filters):
    """What the backend finds for ``text`` as a citizen's query is understood."""
    for name in ("site_ids", "kinds"):
        if name in filters:
            filters[name] = tuple(filters[name])
    query = Query(understand(text, synonyms), Filters(**filters), sort, limit, offset)
    return embedded.find(query)


def test_a_word_inside_a_longer_word_is_found(sites):
    portal, _other, column = sites
    row = _row(portal, column, "关于推进人工智能产业发展的实施意见")
    embedded.put([row])

    for query in ("智能", "人工智能", "产业发展", "智能产业"):
        hits = find(query)
        assert hits.page_ids == [row.page_id], query
    assert find("区块链").total == 0


def test_every_word_is_required_and_the_title_outranks_the_body(sites):
    portal, _other, column = sites
    in_title = _row(portal, column, "全区农村人居环境整治工作推进会召开", days=30)
    in_body = _row(portal, column, "区政府召开常务会议", body="会议研究了人居环境整治工作。")
    unrelated = _row(portal, column, "人居环境监测报告", body="空气质量。")
    embedded.put([in_title, in_body, unrelated])

    hits = find("人居环境 整治")

    assert hits.total == 2
    assert hits.page_ids == [in_title.page_id, in_body.page_id]  # older, but in the title
    assert hits.scores[0] > hits.scores[1] > 0


def test_document_numbers_weigh_above_the_body(sites):
    portal, _other, column = sites
    numbered = _row(portal, column, "关于印发实施方案的通知", number="渭政发〔2026〕12号")
    mentioned = _row(portal, column, "工作动态", body="根据渭政发〔2026〕12号文件精神。")
    embedded.put([mentioned, numbered])
    assert find("渭政发 2026 12").page_ids == [numbered.page_id, mentioned.page_id]
    for spelling in (
        "渭政发〔2026〕12号",
        "渭政发[2026]12号",
        "渭政发（2026）12号",
        "渭政发2026年12号",
    ):
        # The document itself first, then the text citing it (根据…文件精神).
        assert find(spelling).page_ids == [numbered.page_id, mentioned.page_id], spelling
    assert find("查询渭政发(2026)12号").page_ids == [numbered.page_id, mentioned.page_id]
    assert find("市政发〔2026〕12号").page_ids == []  # another office's number
    assert find("渭政发〔2026〕13号").page_ids == []


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

    assert find("教育").total == 3
    assert find("教育", site_ids=[portal.pk]).total == 2
    assert find("教育", site_ids=[]).total == 0
    assert find("教育", kinds=["notice"]).page_ids == [ids[1]]
    assert set(find("教育", column_path=column.path).page_ids) == {ids[0], ids[2]}
    assert find("教育", column_path=deeper.path).page_ids == [ids[2]]
    assert find("教育", archived=False).total == 2
    assert find("教育", archived=True).page_ids == [ids[2]]


def test_newest_first_among_equals_and_pages_of_results(sites):
    portal, _other, column = sites
    rows = [_row(portal, column, f"防汛工作部署会（第{n}次）", days=n) for n in range(5)]
    embedded.put(rows)

    first = find("防汛", limit=2)
    second = find("防汛", limit=2, offset=2)

    assert first.total == second.total == 5
    assert first.page_ids + second.page_ids == [row.page_id for row in rows[:4]]


def test_putting_again_replaces_and_removing_forgets(sites):
    portal, _other, column = sites
    row = _row(portal, column, "旧标题：春耕生产")
    embedded.put([row])
    row.title_words = as_indexed("新标题：秋收工作")
    embedded.put([row])
    assert find("春耕").total == 0 and find("秋收").total == 1

    embedded.remove([row.page_id])
    assert find("秋收").total == 0
    assert not IndexedPage.objects.exists()


@pytest.mark.parametrize("query", ['"', "' OR 1=1 --", "AND OR NOT", "*", "a:b", "\x00政务", "()"])
def test_any_query_text_is_safe(sites, query):
    portal, _other, column = sites
    embedded.put([_row(portal, column, "政务公开 AND 便民服务")])
    hits = find(query)
    assert hits.total == len(hits.page_ids)


def test_a_query_without_words_finds_nothing(sites):
    portal, _other, column = sites
    embedded.put([_row(portal, column, "政务公开")])
    hits = find("，。！ ")
    assert (hits.total, hits.page_ids) == (0, [])


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
    assert find("振兴").total == 1
    embedded.put([_row(portal, column, "乡村振兴简报")])
    assert find("振兴").total == 2


def test_synonyms_fillers_and_written_forms(sites):
    portal, _other, column = sites
    insurance = _row(portal, column, "城乡居民医疗保障缴费指南", body="按年度缴纳。")
    fund = _row(portal, column, "住房公积金提取须知", body="提取材料。")
    embedded.put([insurance, fund])
    synonyms = {"医保": ("医保", "医疗保障"), "医疗保障": ("医保", "医疗保障")}

    assert find("医保", synonyms=synonyms).page_ids == [insurance.page_id]
    assert find("医保怎么缴费", synonyms=synonyms).page_ids == [insurance.page_id]
    assert find("醫療保障繳費").page_ids == [insurance.page_id]  # traditional characters
    assert find("医 疗 保 障").page_ids == [insurance.page_id]  # spaces typed between
    assert find("公积金在哪里提取").page_ids == [fund.page_id]
    assert find("医保").total == 0  # no dictionary, no synonym


def test_facets_dates_validity_and_newest_first(sites):
    portal, other, column = sites
    rows = [
        _row(portal, column, "教育政策", kind="policy", validity="valid", days=1),
        _row(portal, column, "教育政策汇编", kind="policy", validity="expired", days=400),
        _row(other, column, "教育新闻", kind="news", days=3, archived=True),
    ]
    embedded.put(rows)
    ids = [row.page_id for row in rows]

    hits = find("教育")
    assert hits.total == 3
    assert hits.facets["type"] == {"policy": 2, "news": 1}
    assert hits.facets["site"] == {portal.pk: 2, other.pk: 1}
    assert hits.facets["archived"] == {False: 2, True: 1}
    assert hits.facets["validity"] == {"valid": 1, "expired": 1}
    assert find("教育", validity="expired").page_ids == [ids[1]]
    assert find("教育", sort=NEWEST).page_ids == [ids[0], ids[2], ids[1]]
    recent = find("教育", published_from=NOW - timedelta(days=10))
    assert set(recent.page_ids) == {ids[0], ids[2]}
    assert find("教育", published_before=NOW - timedelta(days=10)).page_ids == [ids[1]]


def test_filing_changes_the_state_and_keeps_the_words(sites):
    portal, _other, column = sites
    row = _row(portal, column, "秋季开学安全工作")
    embedded.put([row])
    embedded.mark_archived([row.page_id], True)
    assert find("开学", archived=True).page_ids == [row.page_id]
    embedded.mark_archived([row.page_id], False)
    assert find("开学", archived=False).page_ids == [row.page_id]
    embedded.clear()
    assert find("开学").total == 0
