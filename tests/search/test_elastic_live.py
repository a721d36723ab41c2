"""The Elasticsearch backend against a real cluster: the behaviour ``test_embedded.py`` asks of
the embedded backend, asked of the cluster, and the rebuild through the alias swap.

Skipped unless ``ELASTICSEARCH_URL`` is set in the environment (the test settings never search
a cluster otherwise). Each test uses its own ``SEARCH_INDEX_PREFIX`` and deletes its indexes at
the end, so the suite may run against a shared cluster::

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest tests/search/test_elastic_live.py

``SEARCH_ELASTIC_ANALYZER=ik`` (or ``smartcn``, ``cjk``) runs it with the cluster's analysis
as a subfield too; the cluster needs the plugin (docs/search-elasticsearch.md).
"""

import os
import uuid
from datetime import timedelta

import pytest

from search import elastic
from search.query import NEWEST, RELEVANCE, Filters, Query
from search.understanding import understand
from tests import factories
from tests.search.rows import NOW
from tests.search.rows import indexed_row as _row

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
NO_CLUSTER = "no Elasticsearch cluster: set ELASTICSEARCH_URL to run the live suite"

pytestmark = [pytest.mark.skipif(not LIVE_URL, reason=NO_CLUSTER), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def cluster(settings):
    """A fresh alias and index of this test's own, deleted afterwards."""
    settings.ELASTICSEARCH_URL = LIVE_URL
    settings.SEARCH_INDEX_PREFIX = f"govcms-test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_ELASTIC_ANALYZER = os.environ.get("SEARCH_ELASTIC_ANALYZER", "words")
    elastic.ensure_index()
    yield elastic.client()
    es = elastic.client()
    # Named one by one: clusters refuse to delete by wildcard (destructive_requires_name).
    for name in es.indices.get(index=f"{elastic.index_name()}-*", allow_no_indices=True):
        es.indices.delete(index=name, ignore_unavailable=True)


def _behind_alias(es) -> list[str]:
    return sorted(es.indices.get_alias(name=elastic.index_name()))


def find(text, *, limit=20, offset=0, sort=RELEVANCE, synonyms=None, **filters):
    for name in ("site_ids", "kinds"):
        if name in filters:
            filters[name] = tuple(filters[name])
    query = Query(understand(text, synonyms), Filters(**filters), sort, limit, offset)
    return elastic.find(query)


def test_a_word_inside_a_longer_word_is_found(sites):
    portal, _other, column = sites
    row = _row(portal, column, "关于推进人工智能产业发展的实施意见")
    elastic.put([row])

    for query in ("智能", "人工智能", "产业发展", "智能产业"):
        assert find(query).page_ids == [row.page_id], query
    assert find("区块链").total == 0


def test_every_group_is_required_and_the_title_outranks_the_body(sites):
    portal, _other, column = sites
    in_title = _row(portal, column, "全区农村人居环境整治工作推进会召开", days=30)
    in_body = _row(portal, column, "区政府召开常务会议", body="会议研究了人居环境整治工作。")
    unrelated = _row(portal, column, "人居环境监测报告", body="空气质量。")
    elastic.put([in_title, in_body, unrelated])

    hits = find("人居环境 整治")

    assert hits.total == 2
    assert hits.page_ids == [in_title.page_id, in_body.page_id]  # older, but in the title
    assert hits.scores[0] > hits.scores[1] > 0


def test_any_alternative_satisfies_its_group(sites):
    portal, _other, column = sites
    insurance = _row(portal, column, "城乡居民医疗保障缴费指南", body="按年度缴纳。")
    fund = _row(portal, column, "住房公积金提取须知", body="提取材料。")
    elastic.put([insurance, fund])
    synonyms = {"医保": ("医保", "医疗保障"), "医疗保障": ("医保", "医疗保障")}

    assert find("医保", synonyms=synonyms).page_ids == [insurance.page_id]
    assert find("医保怎么缴费", synonyms=synonyms).page_ids == [insurance.page_id]
    assert find("医保提取", synonyms=synonyms).total == 0  # every group still required
    assert find("公积金在哪里提取").page_ids == [fund.page_id]


def test_document_numbers_in_any_brackets_weigh_above_the_body(sites):
    portal, _other, column = sites
    numbered = _row(portal, column, "关于印发实施方案的通知", number="渭政发〔2026〕12号")
    mentioned = _row(portal, column, "工作动态", body="根据渭政发〔2026〕12号文件精神。")
    elastic.put([mentioned, numbered])

    assert find("渭政发 2026 12").page_ids == [numbered.page_id, mentioned.page_id]
    for spelling in (
        "渭政发〔2026〕12号",
        "渭政发[2026]12号",
        "渭政发（2026）12号",
        "渭政发2026年12号",
        "查询渭政发(2026)12号",
    ):
        # The document itself first, then the text citing it (根据…文件精神).
        assert find(spelling).page_ids == [numbered.page_id, mentioned.page_id], spelling
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
    elastic.put(rows)
    ids = [row.page_id for row in rows]

    assert find("教育").total == 3
    assert find("教育", site_ids=[portal.pk]).total == 2
    assert find("教育", site_ids=[]).total == 0
    assert find("教育", kinds=["notice"]).page_ids == [ids[1]]
    assert set(find("教育", column_path=column.path).page_ids) == {ids[0], ids[2]}
    assert find("教育", column_path=deeper.path).page_ids == [ids[2]]
    assert find("教育", archived=False).total == 2
    assert find("教育", archived=True).page_ids == [ids[2]]


def test_facets_dates_validity_and_newest_first(sites):
    portal, other, column = sites
    rows = [
        _row(portal, column, "教育政策", kind="policy", validity="valid", days=1),
        _row(portal, column, "教育政策汇编", kind="policy", validity="expired", days=400),
        _row(other, column, "教育新闻", kind="news", days=3, archived=True),
    ]
    elastic.put(rows)
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
    elastic.put([row])
    elastic.mark_archived([row.page_id], True)
    assert find("开学", archived=True).page_ids == [row.page_id]
    elastic.mark_archived([row.page_id], False)
    assert find("开学", archived=False).page_ids == [row.page_id]
    elastic.remove([row.page_id])
    assert find("开学").total == 0


@pytest.mark.parametrize("query", ['"', "' OR 1=1 --", "AND OR NOT", "*", "a:b", "()"])
def test_any_query_text_is_safe(sites, query):
    portal, _other, column = sites
    elastic.put([_row(portal, column, "政务公开 AND 便民服务")])
    hits = find(query)
    assert hits.total == len(hits.page_ids)


def test_a_rebuild_swaps_the_alias_and_serves_the_old_index_until_then(sites, cluster):
    portal, _other, column = sites
    old = _row(portal, column, "春耕生产工作部署")
    kept = _row(portal, column, "秋收工作安排")
    elastic.put([old, kept])
    [live] = _behind_alias(cluster)

    name = elastic.begin_rebuild()
    elastic.fill(name, [kept])
    late = _row(portal, column, "秋收进度通报")
    elastic.put([late])  # published during the rebuild: reaches both indexes
    assert find("春耕").page_ids == [old.page_id]  # readers still on the old index
    elastic.finish_rebuild(name)

    assert _behind_alias(cluster) == [name] != [live]
    assert not cluster.indices.exists(index=live)
    assert not cluster.indices.exists_alias(name=elastic.next_alias())
    assert find("春耕").total == 0
    assert set(find("秋收").page_ids) == {kept.page_id, late.page_id}

    elastic.rebuild([[kept]])
    assert find("秋收").page_ids == [kept.page_id]
    assert len(_behind_alias(cluster)) == 1
