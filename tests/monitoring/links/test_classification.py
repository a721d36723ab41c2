"""Every link of live content checked and classified: external ones against the loopback server
(alive, redirected, dead, timing out), internal ones against the public read model (alive,
missing, filed), files against storage; what the dashboard reads of them, by unit and site."""

from datetime import UTC, datetime

import pytest
from django.db.models import F

from monitoring.links.checking import links_check
from monitoring.links.collection import links_collect
from monitoring.links.models import Link, LinkKind, LinkState, LinkUse
from monitoring.links.selectors import broken_counts_by_unit, broken_links

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def _run():
    links_collect(now=NOW)
    return links_check(clock=lambda: NOW)


def _link(url: str) -> Link:
    return Link.objects.get(url=url)


def test_each_link_of_live_content_is_classified(platform):
    report = _run()
    urls = platform.urls
    expected = {
        urls["ok"]: (LinkKind.EXTERNAL, LinkState.ALIVE, 200),
        urls["moved"]: (LinkKind.EXTERNAL, LinkState.REDIRECTED, 200),
        urls["missing"]: (LinkKind.EXTERNAL, LinkState.DEAD, 404),
        urls["broken"]: (LinkKind.EXTERNAL, LinkState.DEAD, 500),
        urls["no_head"]: (LinkKind.EXTERNAL, LinkState.ALIVE, 200),
        urls["slow"]: (LinkKind.EXTERNAL, LinkState.TIMEOUT, None),
        urls["refused"]: (LinkKind.EXTERNAL, LinkState.DEAD, None),
        platform.internal("/xinwen/" + platform.target.slug + "/"): (
            LinkKind.INTERNAL,
            LinkState.ALIVE,
            None,
        ),
        platform.internal("/xinwen/" + platform.filed.slug + "/"): (
            LinkKind.INTERNAL,
            LinkState.FILED,
            None,
        ),
        urls["nowhere"]: (LinkKind.INTERNAL, LinkState.DEAD, None),
        platform.internal("/xinwen/"): (LinkKind.INTERNAL, LinkState.ALIVE, None),
        platform.internal("/media/documents/real.pdf"): (LinkKind.MEDIA, LinkState.ALIVE, None),
        platform.internal("/media/documents/gone.pdf"): (LinkKind.MEDIA, LinkState.DEAD, None),
    }
    found = {
        link.url: (link.kind, link.state, link.status_code)
        for link in Link.objects.filter(uses__page_id=platform.source.pk)
    }
    assert found == expected
    # mailto: is not an address to check; the one address used on two pages is one link.
    assert not Link.objects.filter(url__startswith="mailto").exists()
    assert LinkUse.objects.filter(link=_link(urls["missing"])).count() == 2
    assert report.checked == Link.objects.count() == len(expected)
    assert _link(urls["moved"]).final_url == urls["ok"]
    assert all(link.checked_at == NOW for link in Link.objects.all())
    # Each use carries its link's state, which the dashboard's selectors read.
    assert not LinkUse.objects.exclude(link_state=F("link__state")).exists()
    failing = LinkUse.objects.filter(link__failing_since__isnull=False)
    assert failing.exists()
    assert not failing.exclude(link_failing_since=F("link__failing_since")).exists()


def test_a_failing_link_keeps_when_it_started_failing(platform):
    _run()
    dead = _link(platform.urls["missing"])
    assert (dead.failing_since, dead.consecutive_failures) == (NOW, 1)
    alive = _link(platform.urls["ok"])
    assert (alive.failing_since, alive.consecutive_failures) == (None, 0)
    check = dead.checks.get()
    assert (check.outcome, check.status_code, check.attempts) == (LinkState.DEAD, 404, 2)


def test_broken_links_of_a_unit_name_the_page_and_the_unit(platform):
    _run()
    rows = list(broken_links(unit_ids=[platform.bureau.pk], now=NOW))
    assert [(row.page_id, row.link.url, row.unit_id) for row in rows] == [
        (platform.school_item.pk, platform.urls["missing"], platform.bureau.pk)
    ]
    row = rows[0]
    assert (row.page_title, row.page_url_path, row.site_id) == (
        "招生通知",
        f"/jiaoyu/{platform.school_item.slug}/",
        platform.site.pk,
    )
    assert (row.state, row.failing_since, row.failing_checks) == (LinkState.DEAD, NOW, 1)
    # One external failure, one check: not standing yet (it may be a blip).
    assert row.standing is False


def test_broken_links_list_dead_timing_out_and_filed_only(platform):
    _run()
    urls = platform.urls
    listed = {
        row.link.url: row.state for row in broken_links(unit_ids=[platform.office.pk], now=NOW)
    }
    assert listed == {
        urls["missing"]: LinkState.DEAD,
        urls["broken"]: LinkState.DEAD,
        urls["refused"]: LinkState.DEAD,
        urls["slow"]: LinkState.TIMEOUT,
        urls["nowhere"]: LinkState.DEAD,
        platform.internal("/media/documents/gone.pdf"): LinkState.DEAD,
        platform.internal("/xinwen/" + platform.filed.slug + "/"): LinkState.FILED,
    }
    # Internal failures stand at once: the read model is no flaky network.
    standing = {
        row.link.url for row in broken_links(unit_ids=[platform.office.pk], now=NOW) if row.standing
    }
    assert standing == {
        urls["nowhere"],
        platform.internal("/media/documents/gone.pdf"),
        platform.internal("/xinwen/" + platform.filed.slug + "/"),
    }


def test_broken_links_come_longest_failing_first(platform):
    _run()
    older = _link(platform.urls["broken"])
    # As a run a month ago would have left it (the use carries the link's failing_since).
    Link.objects.filter(pk=older.pk).update(failing_since=datetime(2026, 5, 1, tzinfo=UTC))
    LinkUse.objects.filter(link=older).update(link_failing_since=datetime(2026, 5, 1, tzinfo=UTC))
    first = broken_links(unit_ids=[platform.office.pk], now=NOW).first()
    assert first.link_id == older.pk


def test_counts_by_unit(platform):
    _run()
    assert broken_counts_by_unit() == [
        (platform.office.pk, "测试县人民政府办公室", 5, 1, 1),
        (platform.bureau.pk, "测试县教育局", 1, 0, 0),
    ]
    assert broken_counts_by_unit(unit_ids=[platform.bureau.pk]) == [
        (platform.bureau.pk, "测试县教育局", 1, 0, 0)
    ]
    assert broken_counts_by_unit(site_ids=[platform.site.pk + 1000]) == []
