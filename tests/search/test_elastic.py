"""The Elasticsearch backend (search/elastic.py) and the choice of backend (search/index.py).

No Elasticsearch cluster exists on these machines: the client is replaced by a recording fake
(``FakeCluster``) that answers as a cluster's REST API does. What is checked is what the
backend sends it (mapping, bulk operations, the query) and how it reads the answer.
"""

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from search import elastic, embedded, index
from search.models import IndexedPage
from search.query import Filters, Query
from search.segment import as_indexed
from search.understanding import understand


class _Answer:
    def __init__(self, body):
        self.body = body


class _Indices:
    def __init__(self):
        self.created = {}

    def exists(self, index):
        return index in self.created

    def create(self, index, settings=None, mappings=None):
        self.created[index] = {"settings": settings, "mappings": mappings}


class FakeCluster:
    """Stands in for ``elasticsearch.Elasticsearch``: records calls, answers searches."""

    def __init__(self, hits=()):
        self.indices = _Indices()
        self.bulks = []
        self.searches = []
        self.hits = list(hits)

    def bulk(self, operations, refresh=None):
        self.bulks.append(operations)

    def search(self, index, body, **params):
        self.searches.append({"index": index, "body": body, **params})
        return _Answer(
            {
                "took": 1,
                "timed_out": False,
                "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                "hits": {
                    "total": {"value": len(self.hits), "relation": "eq"},
                    "max_score": None,
                    "hits": [
                        {"_index": index, "_id": str(pk), "_score": score}
                        for pk, score in self.hits
                    ],
                },
            }
        )


@pytest.fixture
def cluster(monkeypatch, settings):
    settings.ELASTICSEARCH_URL = "http://es.example.gov.cn:9200"
    settings.SEARCH_INDEX_PREFIX = "weichuan"
    fake = FakeCluster(hits=[(12, 7.5), (9, 2.25)])
    monkeypatch.setattr(elastic, "client", lambda: fake)
    return fake


def _row(page_id=12, **fields):
    return IndexedPage(
        page_id=page_id,
        site_id=3,
        column_path="000100020003",
        kind="news",
        title="关于推进人工智能产业发展的实施意见",
        published_at=datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
        title_words=as_indexed("关于推进人工智能产业发展的实施意见"),
        number_words=as_indexed("渭政发〔2026〕12号"),
        body_words=as_indexed("为加快人工智能产业发展，制定本意见。"),
        **fields,
    )


def test_the_index_is_created_once_with_words_split_on_spaces_only(cluster):
    elastic.ensure_index()
    elastic.ensure_index()

    assert list(cluster.indices.created) == ["weichuan-pages"]
    created = cluster.indices.created["weichuan-pages"]
    properties = created["mappings"]["properties"]
    for name in ("title_words", "number_words", "body_words"):
        assert properties[name] == {"type": "text", "analyzer": "words"}
    assert created["settings"]["analysis"]["analyzer"]["words"] == {
        "type": "custom",
        "tokenizer": "whitespace",
    }
    assert properties["site"]["type"] == "integer" and properties["kind"]["type"] == "keyword"


@pytest.mark.django_db  # written once the transaction commits
def test_put_and_remove_send_one_bulk_each(cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        index.put([_row(12), _row(13, archived=True)])
        index.remove([12])
        assert cluster.bulks == []  # nothing before the transaction commits

    put, removed = cluster.bulks
    assert put[0] == {"index": {"_index": "weichuan-pages", "_id": "12"}}
    assert put[1]["title_words"].split() == as_indexed(_row().title).split()
    assert "智能" in put[1]["title_words"].split()  # cut here, not by the cluster
    assert put[1]["site"] == 3 and put[1]["published_at"] == "2026-03-02T01:00:00+00:00"
    assert put[3]["archived"] is True
    assert removed == [{"delete": {"_index": "weichuan-pages", "_id": "12"}}]
    with django_capture_on_commit_callbacks(execute=True):
        index.put([])
    assert len(cluster.bulks) == 2  # nothing sent for nothing


def test_every_word_is_required_with_the_title_weighted_and_the_filters_applied(cluster):
    filters = Filters(site_ids=(3, 4), kinds=("news",), column_path="00010002", archived=False)
    hits = index.find(Query(understand("人工智能 产业"), filters))

    assert (hits.total, hits.page_ids, hits.scores) == (2, [12, 9], [7.5, 2.25])
    [sent] = cluster.searches
    assert sent["index"] == ["weichuan-pages"]
    body = sent["body"]
    must = body["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in must] == ["人工智能", "产业"]
    assert all(
        clause["multi_match"]["fields"] == ["title_words^10", "number_words^4", "body_words"]
        for clause in must
    )
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"site": [3, 4]}},
        {"terms": {"kind": ["news"]}},
        {"prefix": {"column_path": "00010002"}},
        {"term": {"archived": False}},
    ]
    assert body["sort"][0] == "_score"
    assert body["track_total_hits"] is True
    assert (body["from"], body["size"]) == (0, 20)


def test_a_page_of_results_and_no_words_sends_nothing(cluster):
    index.find(Query(understand("会议"), limit=10, offset=30))
    assert (cluster.searches[0]["body"]["from"], cluster.searches[0]["body"]["size"]) == (30, 10)
    assert index.find(Query(understand("，。 "))).total == 0
    assert len(cluster.searches) == 1


@pytest.mark.django_db
def test_without_a_cluster_address_the_embedded_backend_answers(monkeypatch):
    def no_cluster():
        raise AssertionError("the cluster was asked")

    monkeypatch.setattr(elastic, "client", no_cluster)
    with override_settings(ELASTICSEARCH_URL=""):
        assert index.backend() is embedded
        assert index.find(Query(understand("会议"))).total == 0
