"""The demo's service guides and notices (cms/demo/services.py) and the search's judged queries
(bench/data/search_judged.json, issue 13): every service item is live and public, and every
title the judged set names is a public page of the demo, so that the set never points at
nothing."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page

from cms.content.models import NoticePage
from cms.demo.services import SERVICES, TITLES
from publicapi.models import PublicPage

from .test_demo import _restore_migrated_data, load_demo  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

JUDGED = Path(settings.BASE_DIR) / "bench" / "data" / "search_judged.json"
KINDS = {"word", "question", "number", "synonym", "spacing", "variant"}


def _judged() -> list[dict]:
    return json.loads(JUDGED.read_text(encoding="utf-8"))


def test_the_service_items_are_distinct_and_keyed():
    assert len(SERVICES) >= 60
    assert len(TITLES) == len(SERVICES)
    assert len({item.title for item in SERVICES}) == len(SERVICES)
    assert TITLES["yibao-jiaofei"] == next(i.title for i in SERVICES if i.key == "yibao-jiaofei")
    for item in SERVICES:
        assert 3 <= len(item.body) <= 8, item.key
        assert item.source.strip(), item.key


def test_the_judged_set_has_enough_queries_each_with_a_first_item():
    queries = _judged()
    assert len(queries) >= 150
    assert len({query["q"] for query in queries}) == len(queries)
    for query in queries:
        assert query["q"].strip() and query["kind"] in KINDS, query
        grades = [entry["grade"] for entry in query["relevant"]]
        assert 2 in grades and set(grades) <= {1, 2}, query["q"]
        titles = [entry["title"] for entry in query["relevant"]]
        assert len(set(titles)) == len(titles), query["q"]
    assert {query["kind"] for query in queries} == KINDS


def test_service_items_are_live_and_public_and_judged_titles_exist():
    load_demo()

    public = PublicPage.objects.filter(archived_at__isnull=True)
    pages = {page.slug: page for page in NoticePage.objects.filter(slug__startswith="service-")}
    for item in SERVICES:
        page = pages[item.slug]
        assert page.title == item.title
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert public.filter(page_id=page.pk).exists(), item.key
    # Each service title names one page only: a search for it has one right answer.
    titles = set(TITLES.values())
    assert Page.objects.filter(title__in=titles).count() == len(titles)

    named = {entry["title"] for query in _judged() for entry in query["relevant"]}
    shown = set(
        Page.objects.filter(
            title__in=named, pk__in=PublicPage.objects.values("page_id")
        ).values_list("title", flat=True)
    )
    assert named - shown == set()
