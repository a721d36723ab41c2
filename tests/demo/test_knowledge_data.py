"""The shape of the knowledge base's demo data (cms/demo/data/knowledge.json, guides.json) and of
its evaluation set (bench/data/ask_judged.json, ask_dev.json), issue 20 "Quality is measured".

The evaluation set was written blind, before any matcher existed; these tests keep it honest:
every expected entry exists, enough questions have no answer, and no question is a copy of a
standard question or a similar phrasing of the knowledge base (a matcher would find those by
exact lookup, and the accuracy it reports would mean nothing).
"""

import json
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

DATA = Path(settings.BASE_DIR) / "cms" / "demo" / "data"
BENCH = Path(settings.BASE_DIR) / "bench" / "data"

TOPICS = (
    "社会保障",
    "医疗保障",
    "户籍办理",
    "不动产登记",
    "住房公积金",
    "教育入学",
    "婚姻登记",
    "生育服务",
    "就业创业",
    "民政救助",
    "税费缴纳",
    "交通出行",
    "市场主体登记",
    "退役军人服务",
    "残疾人服务",
    "养老服务",
    "农业农村",
    "公共法律服务",
)
ENTRY_FIELDS = ("key", "topic", "question", "answer", "keywords", "phrasings", "guide")
GUIDE_FIELDS = (
    "key",
    "title",
    "topic",
    "implementing_body",
    "legal_basis",
    "conditions",
    "materials",
    "process",
    "legal_time_limit",
    "promised_time_limit",
    "fees",
    "place_and_hours",
    "phone",
    "online_url",
)
KINDS = {
    "colloquial",
    "short",
    "long",
    "typo",
    "traditional",
    "synonym",
    "reordered",
    "answerless",
    "near-miss",
}
NULL_KINDS = {"answerless", "near-miss"}
# Services the knowledge base deliberately does not cover: the near-miss questions ask about
# them, so no entry may mention them.
ABSENT = ("护照", "出入境", "港澳通行证", "签证", "驾照", "驾驶证", "驾校", "个人所得税", "个税")


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """Full-width folded (NFKC), lower-cased, without punctuation, symbols or whitespace."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PSZC")


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return _load(DATA / "knowledge.json")


@pytest.fixture(scope="module")
def guides() -> list[dict]:
    return _load(DATA / "guides.json")


@pytest.fixture(scope="module", params=["ask_judged.json", "ask_dev.json"])
def evaluation(request) -> tuple[str, list[dict]]:
    return request.param, _load(BENCH / request.param)


def test_normalise_folds_what_a_copy_would_differ_in():
    assert normalise("社保卡 丢了，怎么办？") == normalise("社保卡丢了怎么办?")
    assert normalise("ＡＢＣ１２３") == "abc123"
    assert normalise("社保卡丢了") != normalise("社保卡掉了")


def test_entries_are_enough_keyed_and_complete(entries):
    assert len(entries) >= 160
    keys = [entry["key"] for entry in entries]
    assert len(set(keys)) == len(keys), [k for k, n in Counter(keys).items() if n > 1]
    for entry in entries:
        assert set(entry) == set(ENTRY_FIELDS), entry["key"]
        assert entry["key"].isascii() and entry["key"] == entry["key"].lower(), entry["key"]
        for name in ("topic", "question", "answer"):
            assert isinstance(entry[name], str) and entry[name].strip(), (entry["key"], name)
        assert len(entry["question"]) < 60, entry["key"]
        assert entry["topic"] in TOPICS, entry["key"]
        assert 2 <= len(entry["keywords"]) <= 5, entry["key"]
        assert 2 <= len(entry["phrasings"]) <= 4, entry["key"]
        assert all(isinstance(w, str) and w.strip() for w in entry["keywords"]), entry["key"]
        assert all(isinstance(p, str) and p.strip() for p in entry["phrasings"]), entry["key"]
        assert entry["guide"] is None or (isinstance(entry["guide"], str) and entry["guide"])


def test_entries_ask_distinct_questions(entries):
    asked = Counter(normalise(q) for e in entries for q in [e["question"], *e["phrasings"]])
    assert [q for q, n in asked.items() if n > 1] == []


def test_every_topic_has_at_least_eight_entries(entries):
    per_topic = Counter(entry["topic"] for entry in entries)
    assert set(per_topic) == set(TOPICS)
    assert min(per_topic.values()) >= 8, per_topic


def test_the_services_left_out_are_absent_from_the_knowledge_base(entries):
    for entry in entries:
        text = json.dumps(entry, ensure_ascii=False)
        assert [word for word in ABSENT if word in text] == [], entry["key"]


def test_guides_are_enough_and_complete(guides):
    assert len(guides) >= 24
    keys = [guide["key"] for guide in guides]
    assert len(set(keys)) == len(keys)
    for guide in guides:
        assert set(guide) == set(GUIDE_FIELDS), guide["key"]
        for name in GUIDE_FIELDS:
            if name != "materials":
                assert isinstance(guide[name], str) and guide[name].strip(), (guide["key"], name)
        assert guide["topic"] in TOPICS, guide["key"]
        assert guide["phone"].startswith("0917-"), guide["key"]
        assert 2 <= len(guide["materials"]) <= 8, guide["key"]
        for material in guide["materials"]:
            assert set(material) == {"name", "requirement"}, guide["key"]
            assert material["name"].strip() and material["requirement"].strip(), guide["key"]
        url = urlsplit(guide["online_url"])
        assert url.scheme == "https" and url.hostname.endswith(".example.gov.cn"), guide["key"]


def test_entries_point_at_guides_that_exist(entries, guides):
    guide_keys = {guide["key"] for guide in guides}
    linked = [entry for entry in entries if entry["guide"] is not None]
    assert len(linked) >= 60
    assert {entry["guide"] for entry in linked} <= guide_keys
    # Every guide is reached from some entry: a guide nobody links to answers nothing.
    assert guide_keys <= {entry["guide"] for entry in linked}


def test_the_evaluation_sets_are_large_enough():
    assert len(_load(BENCH / "ask_judged.json")) >= 270
    assert len(_load(BENCH / "ask_dev.json")) >= 80


def test_evaluation_items_are_well_formed(evaluation, entries):
    name, items = evaluation
    keys = {entry["key"] for entry in entries}
    for item in items:
        assert set(item) == {"q", "expect", "kind"}, (name, item)
        assert isinstance(item["q"], str) and item["q"].strip(), (name, item)
        assert item["kind"] in KINDS, (name, item)
        if item["kind"] in NULL_KINDS:
            assert item["expect"] is None, (name, item)
        else:
            assert item["expect"] in keys, (name, item)


def test_evaluation_sets_refuse_often_enough_and_answer_mostly(evaluation):
    name, items = evaluation
    unanswered = sum(item["expect"] is None for item in items)
    assert unanswered >= 0.12 * len(items), name
    assert len(items) - unanswered >= 0.85 * len(items), name


def test_evaluation_questions_are_not_copies_of_the_knowledge_base(evaluation, entries):
    name, items = evaluation
    known = {normalise(q) for e in entries for q in [e["question"], *e["phrasings"]]}
    copies = [item["q"] for item in items if normalise(item["q"]) in known]
    assert copies == [], name


def test_evaluation_questions_are_not_keyword_lists(evaluation, entries):
    """A keyword, or two keywords of one entry run together, is what the knowledge base
    already lists; a citizen's short query must be their own fragment."""
    name, items = evaluation
    listed = set()
    for entry in entries:
        words = [normalise(w) for w in entry["keywords"]]
        listed.update(words)
        listed.update(a + b for a in words for b in words if a != b)
        listed.add("".join(words))
    copies = [item["q"] for item in items if normalise(item["q"]) in listed]
    assert copies == [], name


def test_no_question_is_asked_twice(entries):
    judged = _load(BENCH / "ask_judged.json")
    dev = _load(BENCH / "ask_dev.json")
    asked = Counter(normalise(item["q"]) for item in [*judged, *dev])
    assert [q for q, n in asked.items() if n > 1] == []


def test_the_judged_set_covers_every_topic_and_most_entries(entries):
    judged = _load(BENCH / "ask_judged.json")
    topic_of = {entry["key"]: entry["topic"] for entry in entries}
    expected = {item["expect"] for item in judged if item["expect"] is not None}
    assert {topic_of[key] for key in expected} == set(TOPICS)
    assert len(expected) >= 0.75 * len(entries)
