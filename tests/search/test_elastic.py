"""The Elasticsearch backend (search/elastic.py) and the choice of backend (search/index.py).

No Elasticsearch cluster exists on these machines: the client is replaced by a recording fake
(``FakeCluster``) that keeps indexes, aliases and documents as a cluster's REST API does. What
is checked is what the backend sends it (mapping, bulk operations, the query, alias changes)
and how it reads the answer; ``test_elastic_live.py`` asks a real cluster.

The JSON the backend sends is compared with snapshots in ``snapshots/elastic/``: the index
creation body for each ``SEARCH_ELASTIC_ANALYZER``, a bulk body and the search bodies of
representative queries. After a deliberate change of what the cluster is sent, regenerate
them and commit them with the change::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/search/test_elastic.py
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from search import elastic, embedded, index
from search.models import IndexedPage
from search.query import NEWEST, Filters, Query, Terms
from search.segment import as_indexed
from search.understanding import understand

SNAPSHOTS = Path(__file__).parent / "snapshots" / "elastic"
SNAPSHOT_DIFFERS = (
    "What the backend sends the cluster differs from {path}. If the change is deliberate, run "
    "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/search/test_elastic.py` and commit the new "
    "snapshot with the change; otherwise undo the change."
)


def assert_snapshot(name: str, sent) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(sent, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), SNAPSHOT_DIFFERS.format(path=path)
    assert text == path.read_text(encoding="utf-8"), SNAPSHOT_DIFFERS.format(path=path)


class _Answer:
    def __init__(self, body):
        self.body = body


class _Indices:
    """The indices API over the cluster's state: ``{index: {"aliases", "docs", …}}``."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.created = {}

    def _log(self, *call):
        self.cluster.calls.append(call)

    def exists(self, index):
        return index in self.created or self.exists_alias(index)

    def exists_alias(self, name):
        return any(name in state["aliases"] for state in self.created.values())

    def get_alias(self, name):
        found = {
            i: {"aliases": {name: {}}} for i, s in self.created.items() if name in s["aliases"]
        }
        assert found, f"GET _alias/{name}: 404"
        return found

    def create(self, index, aliases=None, settings=None, mappings=None):
        assert not self.exists(index), f"{index} exists"
        self._log("create", index, sorted(aliases or {}))
        self.created[index] = {
            "settings": settings,
            "mappings": mappings,
            "aliases": set(aliases or {}),
            "docs": {},
        }

    def delete(self, index, ignore_unavailable=False):
        assert ignore_unavailable or index in self.created
        self._log("delete", index)
        self.created.pop(index, None)

    def refresh(self, index):
        self._log("refresh", index)

    def update_aliases(self, actions):
        self._log("update_aliases", actions)
        for action in actions:  # remove_index first, as the cluster does
            if "remove_index" in action:
                self.created.pop(action["remove_index"]["index"])
        for action in actions:
            (kind, target), *_ = action.items()
            if kind == "add":
                self.created[target["index"]]["aliases"].add(target["alias"])
            elif kind == "remove":
                self.created[target["index"]]["aliases"].remove(target["alias"])

    def resolve(self, name):
        """The indexes a name (an index or an alias) stands for."""
        if name in self.created:
            return [name]
        return sorted(i for i, state in self.created.items() if name in state["aliases"])


class FakeCluster:
    """Stands in for ``elasticsearch.Elasticsearch``: records calls, keeps documents, answers
    searches with the hits it is given (and notes which index they were asked of)."""

    def __init__(self, hits=()):
        self.indices = _Indices(self)
        self.calls = []
        self.bulks = []
        self.searches = []
        self.hits = list(hits)

    def docs(self, name):
        return {pk: doc for i in self.indices.resolve(name) for pk, doc in self.docs_of(i).items()}

    def docs_of(self, index):
        return self.indices.created[index]["docs"]

    def bulk(self, operations, refresh=None, require_alias=None):
        self.calls.append(("bulk", operations, bool(require_alias)))
        self.bulks.append(operations)
        items = []
        operations = list(operations)
        while operations:
            (kind, meta), *_ = operations.pop(0).items()
            source = operations.pop(0) if kind != "delete" else None
            name = meta["_index"]
            if require_alias and name in self.indices.created:
                items.append({kind: {"_id": meta["_id"], "error": {"type": "not an alias"}}})
                continue
            resolved = self.indices.resolve(name)
            assert resolved or require_alias, f"{name} would be made with a guessed mapping"
            if not resolved:
                items.append({kind: {"_id": meta["_id"], "error": {"type": "no such alias"}}})
                continue
            [concrete] = resolved
            docs = self.docs_of(concrete)
            error = None
            if kind == "index":
                docs[meta["_id"]] = source
            elif kind == "create" and meta["_id"] in docs:
                error = {"type": "version_conflict_engine_exception"}
            elif kind == "create":
                docs[meta["_id"]] = source
            elif kind == "update" and meta["_id"] not in docs:
                error = {"type": "document_missing_exception"}
            elif kind == "update":
                docs[meta["_id"]].update(source["doc"])
            elif kind == "delete":
                docs.pop(meta["_id"], None)
            items.append({kind: {"_index": concrete, "_id": meta["_id"], "error": error}})
        return {"errors": any(item[k]["error"] for item in items for k in item), "items": items}

    def search(self, index, body, **params):
        resolved = [i for name in index for i in self.indices.resolve(name)]
        self.searches.append({"index": index, "resolved": resolved, "body": body, **params})
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
    settings.SEARCH_ELASTIC_ANALYZER = "words"
    fake = FakeCluster(hits=[(12, 7.5), (9, 2.25)])
    monkeypatch.setattr(elastic, "client", lambda: fake)
    stamps = iter(f"2026120{n}000000000000" for n in range(1, 10))
    monkeypatch.setattr(elastic, "versioned_name", lambda: f"weichuan-pages-{next(stamps)}")
    return fake


def _row(page_id=12, **fields):
    return IndexedPage(
        **{
            "page_id": page_id,
            "site_id": 3,
            "column_path": "000100020003",
            "kind": "news",
            "title": "关于推进人工智能产业发展的实施意见",
            "published_at": datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
            "title_words": as_indexed("关于推进人工智能产业发展的实施意见"),
            "number_words": as_indexed("渭政发〔2026〕12号"),
            "body_words": as_indexed("为加快人工智能产业发展，制定本意见。"),
            **fields,
        }
    )


FIRST = "weichuan-pages-20261201000000000000"
SECOND = "weichuan-pages-20261202000000000000"
THIRD = "weichuan-pages-20261203000000000000"


def test_the_first_index_is_created_once_behind_the_alias_with_words_split_on_spaces(cluster):
    elastic.ensure_index()
    elastic.ensure_index()

    assert list(cluster.indices.created) == [FIRST]
    created = cluster.indices.created[FIRST]
    assert created["aliases"] == {"weichuan-pages"}
    properties = created["mappings"]["properties"]
    for name in ("title_words", "number_words", "body_words"):
        assert properties[name] == {"type": "text", "analyzer": "words"}
    assert created["settings"]["analysis"]["analyzer"]["words"] == {
        "type": "custom",
        "tokenizer": "whitespace",
    }
    assert properties["site"]["type"] == "integer" and properties["kind"]["type"] == "keyword"


@pytest.mark.parametrize("analyzer", ["words", "ik", "smartcn", "cjk"])
def test_the_index_body_for_each_analyzer_setting(cluster, settings, analyzer):
    settings.SEARCH_ELASTIC_ANALYZER = analyzer
    elastic.ensure_index()
    created = cluster.indices.created[FIRST]
    assert_snapshot(f"index-{analyzer}", {k: created[k] for k in ("settings", "mappings")})
    cn = created["mappings"]["properties"]["title_words"].get("fields", {}).get("cn")
    assert (cn is None) == (analyzer == "words")
    assert "fields" not in created["mappings"]["properties"]["number_words"]


def test_an_unknown_analyzer_setting_fails_closed(cluster, settings):
    settings.SEARCH_ELASTIC_ANALYZER = "jieba"
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ELASTIC_ANALYZER"):
        elastic.ensure_index()


@pytest.mark.django_db  # written once the transaction commits
def test_put_and_remove_send_one_bulk_each(cluster, django_capture_on_commit_callbacks):
    elastic.ensure_index()
    with django_capture_on_commit_callbacks(execute=True):
        index.put([_row(12), _row(13, archived=True)])
        index.remove([12])
        assert cluster.bulks == []  # nothing before the transaction commits

    put, removed = cluster.bulks
    assert_snapshot("bulk-put", put)
    assert put[0] == {"index": {"_index": "weichuan-pages", "_id": "12"}}
    assert put[1]["title_words"].split() == as_indexed(_row().title).split()
    assert "智能" in put[1]["title_words"].split()  # cut here, not by the cluster
    assert put[1]["site"] == 3 and put[1]["published_at"] == "2026-03-02T01:00:00+00:00"
    assert put[3]["archived"] is True
    assert removed == [{"delete": {"_index": "weichuan-pages", "_id": "12"}}]
    assert list(cluster.docs("weichuan-pages")) == ["13"]
    with django_capture_on_commit_callbacks(execute=True):
        index.put([])
        index.remove([])
        index.mark_archived([], True)
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


# 医保怎么报销 with a synonym: (医保 or 医疗 保障) and 报销.
GROUPS = Terms(((("医保",), ("医疗", "保障")), (("报销",),)))
EVERY_FILTER = Filters(
    site_ids=(3, 4),
    kinds=("policy", "notice"),
    column_path="00010002",
    archived=False,
    validity="valid",
    published_from=datetime(2025, 1, 1, tzinfo=UTC),
    published_before=datetime(2026, 1, 1, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("name", "analyzer", "query"),
    [
        ("search-relevance", "words", Query(GROUPS, EVERY_FILTER, limit=10, offset=20)),
        ("search-newest", "words", Query(GROUPS, sort=NEWEST)),
        ("search-relaxed", "words", Query(Terms((*GROUPS.groups, (("指南",),)), required=2))),
        ("search-ik", "ik", Query(GROUPS, EVERY_FILTER)),
    ],
)
def test_the_search_bodies(cluster, settings, name, analyzer, query):
    settings.SEARCH_ELASTIC_ANALYZER = analyzer
    index.find(query)
    [sent] = cluster.searches
    assert_snapshot(name, sent["body"])
    aggs = sent["body"]["aggs"]
    assert {name: agg["terms"]["field"] for name, agg in aggs.items()} == {
        "type": "kind",
        "site": "site",
        "archived": "archived",
        "validity": "validity",
    }


def test_the_subfields_weigh_less_than_the_words_and_require_the_whole_word(cluster, settings):
    settings.SEARCH_ELASTIC_ANALYZER = "cjk"
    index.find(Query(understand("报销")))
    [clause] = [cluster.searches[0]["body"]["query"]["bool"]["must"][0]["multi_match"]]
    weights = {
        name: float(weight or 1)
        for name, _, weight in (field.partition("^") for field in clause["fields"])
    }
    assert weights["title_words.cn"] < weights["title_words"]
    assert weights["body_words.cn"] < weights["body_words"]
    assert clause["operator"] == "and"


def test_a_page_of_results_and_no_words_sends_nothing(cluster):
    index.find(Query(understand("会议"), limit=10, offset=30))
    assert (cluster.searches[0]["body"]["from"], cluster.searches[0]["body"]["size"]) == (30, 10)
    assert index.find(Query(understand("，。 "))).total == 0
    assert len(cluster.searches) == 1


def _steps(cluster):
    return [(call[0], call[1]) if call[0] != "bulk" else ("bulk",) for call in cluster.calls]


def test_a_rebuild_fills_a_new_index_and_swaps_the_alias_before_deleting_the_old(cluster):
    elastic.ensure_index()
    elastic.put([_row(12), _row(13)])
    reads = []

    def batches():
        yield [_row(12)]
        index.find(Query(understand("人工智能")))  # a citizen searches meanwhile
        reads.append(cluster.searches[-1]["resolved"])
        yield [_row(14)]

    cluster.calls.clear()
    elastic.rebuild(batches())

    assert reads == [[FIRST]]  # the old index answered during the rebuild
    assert list(cluster.indices.created) == [SECOND]
    assert cluster.indices.created[SECOND]["aliases"] == {"weichuan-pages"}
    assert sorted(cluster.docs("weichuan-pages")) == ["12", "14"]  # 13 left the read model
    steps = _steps(cluster)
    assert steps[0] == ("create", SECOND)
    assert steps[-2:] == [("update_aliases", steps[-2][1]), ("delete", FIRST)]
    assert steps[-2][1] == [  # one atomic call
        {"remove": {"index": FIRST, "alias": "weichuan-pages"}},
        {"add": {"index": SECOND, "alias": "weichuan-pages"}},
        {"remove": {"index": SECOND, "alias": "weichuan-pages-next"}},
    ]
    fills = [op for call in cluster.bulks[-2:] for op in call[::2]]
    assert fills == [
        {"create": {"_index": SECOND, "_id": "12"}},
        {"create": {"_index": SECOND, "_id": "14"}},
    ]
    index.find(Query(understand("人工智能")))
    assert cluster.searches[-1]["resolved"] == [SECOND]


def test_writes_during_a_rebuild_reach_both_indexes_and_the_newer_document_stays(cluster):
    elastic.ensure_index()
    elastic.put([_row(12, title="旧"), _row(15)])

    def batches():
        elastic.put([_row(12, title="新")])  # published after the rebuild read its batch
        elastic.mark_archived([15], True)  # filed after it read its batch, before it copied it
        yield [_row(12, title="旧"), _row(15)]
        elastic.put([_row(16)])  # published after its batch was copied
        yield []

    elastic.rebuild(batches())

    docs = cluster.docs("weichuan-pages")
    assert docs["12"]["title"] == "新"
    assert sorted(docs) == ["12", "15", "16"]
    # The limitation the module names: the state the rebuild read, until the page changes.
    assert docs["15"]["archived"] is False
    while_rebuilding = cluster.bulks[1]
    assert [op["index"]["_index"] for op in while_rebuilding[::2]] == [
        "weichuan-pages",
        "weichuan-pages-next",
    ]
    writes = [call for call in cluster.calls if call[0] == "bulk" and "create" not in call[1][0]]
    assert writes and all(require_alias for _bulk, _ops, require_alias in writes)


def test_a_failed_rebuild_deletes_its_index_and_leaves_the_live_one(cluster):
    elastic.ensure_index()
    elastic.put([_row(12)])

    def batches():
        yield [_row(13)]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        elastic.rebuild(batches())

    assert list(cluster.indices.created) == [FIRST]
    assert list(cluster.docs("weichuan-pages")) == ["12"]
    assert not cluster.indices.exists_alias("weichuan-pages-next")
    elastic.put([_row(14)])  # writes go to the live index alone again
    assert [op["index"]["_index"] for op in cluster.bulks[-1][::2]] == ["weichuan-pages"]


def test_a_rebuild_deletes_what_an_unfinished_one_left(cluster):
    elastic.ensure_index()
    left = elastic.begin_rebuild()  # the process was killed here
    elastic.rebuild([[_row(12)]])
    assert left == SECOND
    assert list(cluster.indices.created) == [THIRD]
    assert cluster.indices.created[THIRD]["aliases"] == {"weichuan-pages"}


def test_an_index_by_the_alias_name_is_replaced_in_the_same_atomic_call(cluster):
    """A cluster filled before indexes were versioned holds a plain index by the alias's name."""
    cluster.indices.created["weichuan-pages"] = {"aliases": set(), "docs": {"9": {}}}
    elastic.rebuild([[_row(12)]])
    [swap] = [call[1] for call in cluster.calls if call[0] == "update_aliases"]
    assert swap[0] == {"remove_index": {"index": "weichuan-pages"}}
    assert list(cluster.docs("weichuan-pages")) == ["12"]


def test_clear_swaps_in_an_empty_index(cluster):
    elastic.ensure_index()
    elastic.put([_row(12)])
    elastic.clear()
    assert list(cluster.indices.created) == [SECOND]
    assert cluster.docs("weichuan-pages") == {}


@pytest.fixture
def alias(cluster):
    elastic.ensure_index()


@pytest.mark.django_db
def test_the_read_model_rebuild_goes_through_the_alias_swap(cluster, alias, filing_site):
    from publicapi.indexing import index_rebuild

    sizes = []
    assert index_rebuild(progress=sizes.append) == 3 == sum(sizes)
    assert list(cluster.indices.created) == [SECOND]
    assert len(cluster.docs("weichuan-pages")) == 3


@pytest.mark.django_db
def test_without_a_cluster_address_the_embedded_backend_answers(monkeypatch):
    def no_cluster():
        raise AssertionError("the cluster was asked")

    monkeypatch.setattr(elastic, "client", no_cluster)
    with override_settings(ELASTICSEARCH_URL=""):
        assert index.backend() is embedded
        assert index.find(Query(understand("会议"))).total == 0
