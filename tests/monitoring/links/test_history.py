"""History: a link failing in one run and working in the next is a blip; a link failing run
after run for a week stands as broken, "dead since <date> (N days, M checks)". Runs are given
fixed clocks a day apart instead of waiting days (``monitoring.links.history`` holds the rule)."""

from datetime import UTC, datetime, timedelta

import pytest

from monitoring.links.checking import links_check
from monitoring.links.collection import links_collect
from monitoring.links.history import check_record, current_failure, failure_spells, stands
from monitoring.links.models import Link, LinkKind, LinkState, LinkUse
from monitoring.links.outcomes import Outcome
from monitoring.links.selectors import broken_links

from .platform import body_linking, republish

pytestmark = pytest.mark.django_db

DAY0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _run_on(day: int):
    when = DAY0 + day * DAY
    links_collect(now=when)
    return links_check(clock=lambda: when)


@pytest.mark.parametrize(
    ("kind", "checks", "span", "expected"),
    [
        (LinkKind.EXTERNAL, 1, timedelta(days=3), False),  # one check: could be a blip
        (LinkKind.EXTERNAL, 2, timedelta(hours=23, minutes=59), False),  # not a day yet
        (LinkKind.EXTERNAL, 2, timedelta(hours=24), True),  # two checks a day apart
        (LinkKind.EXTERNAL, 8, timedelta(days=7), True),
        (LinkKind.INTERNAL, 1, timedelta(0), True),  # the read model is no flaky network
        (LinkKind.MEDIA, 1, timedelta(0), True),
    ],
)
def test_the_rule_at_its_boundary(kind, checks, span, expected):
    assert (
        stands(kind=kind, failing_since=DAY0, consecutive_failures=checks, now=DAY0 + span)
        is expected
    )


def test_the_selector_says_what_the_rule_says(platform):
    links_collect(now=DAY0)
    link = Link.objects.get(url=platform.urls["missing"])
    for checks, span, expected in [
        (2, timedelta(hours=23, minutes=59), False),
        (2, timedelta(hours=24), True),
        (1, timedelta(days=2), False),
    ]:
        Link.objects.filter(pk=link.pk).update(
            state=LinkState.DEAD, failing_since=DAY0, consecutive_failures=checks
        )
        LinkUse.objects.filter(link=link).update(link_state=LinkState.DEAD, link_failing_since=DAY0)
        row = broken_links(unit_ids=[platform.bureau.pk], now=DAY0 + span).get()
        assert row.standing is expected, (checks, span)
        assert (
            stands(
                kind=LinkKind.EXTERNAL,
                failing_since=DAY0,
                consecutive_failures=checks,
                now=DAY0 + span,
            )
            is expected
        )


def test_a_week_dead_stands_and_a_blip_does_not(
    platform, server, django_capture_on_commit_callbacks
):
    # /flaky/2/… answers 503 twice (the first run and its retry), then 200 for ever.
    flaky = server.url("/flaky/2/news")
    with_flaky = {**platform.urls, "flaky": flaky}
    with django_capture_on_commit_callbacks(execute=True):
        republish(platform.source, body_linking(with_flaky))
    for day in range(8):
        _run_on(day)
    dead = Link.objects.get(url=platform.urls["missing"])
    failure = current_failure(dead, DAY0 + 7 * DAY)
    assert (failure.since, failure.days, failure.checks, failure.standing) == (
        DAY0,
        7,
        8,
        True,
    )
    blip = Link.objects.get(url=flaky)
    assert (blip.state, blip.failing_since, blip.consecutive_failures) == (
        LinkState.ALIVE,
        None,
        0,
    )
    assert current_failure(blip, DAY0 + 7 * DAY) is None
    (spell,) = failure_spells(blip)
    assert (spell.started_at, spell.checks, spell.ended_at, spell.blip) == (
        DAY0,
        1,
        DAY0 + DAY,
        True,
    )
    (outage,) = failure_spells(dead)
    assert (outage.checks, outage.ended_at, outage.standing, outage.blip) == (8, None, True, False)
    # The blip is not listed; the week-dead link is, standing.
    listed = {row.link.url: row.standing for row in broken_links(now=DAY0 + 7 * DAY)}
    assert flaky not in listed
    assert listed[platform.urls["missing"]] is True


def test_an_outage_that_ends_is_told_from_a_blip():
    link = Link.objects.create(url="http://example.invalid/a", url_hash="a", kind="external")
    dead = Outcome(LinkState.DEAD, status_code=404)
    alive = Outcome(LinkState.ALIVE, status_code=200)
    for day, outcome in enumerate([dead, alive, dead, dead, dead, alive]):
        check_record(link, outcome, DAY0 + day * DAY)
    first, second = failure_spells(link)
    assert (first.checks, first.blip) == (1, True)
    assert (second.started_at, second.checks, second.ended_at, second.blip) == (
        DAY0 + 2 * DAY,
        3,
        DAY0 + 5 * DAY,
        False,
    )


def test_a_dead_link_timing_out_continues_the_same_failure():
    link = Link.objects.create(url="http://example.invalid/b", url_hash="b", kind="external")
    check_record(link, Outcome(LinkState.DEAD, status_code=500), DAY0)
    check_record(link, Outcome(LinkState.TIMEOUT), DAY0 + DAY)
    link.refresh_from_db()
    assert (link.state, link.failing_since, link.consecutive_failures) == (
        LinkState.TIMEOUT,
        DAY0,
        2,
    )


def test_a_link_that_keeps_working_adds_no_history_until_it_changes():
    link = Link.objects.create(url="http://example.invalid/c", url_hash="c", kind="external")
    alive = Outcome(LinkState.ALIVE, status_code=200)
    rows = [check_record(link, alive, DAY0 + day * DAY) for day in range(3)]
    assert [row is not None for row in rows] == [True, False, False]
    link.refresh_from_db()
    assert link.checked_at == DAY0 + 2 * DAY
    check_record(link, Outcome(LinkState.DEAD, status_code=404), DAY0 + 3 * DAY)
    check_record(link, Outcome(LinkState.DEAD, status_code=404), DAY0 + 4 * DAY)
    check_record(link, alive, DAY0 + 5 * DAY)
    check_record(link, alive, DAY0 + 6 * DAY)
    assert list(link.checks.order_by("checked_at").values_list("outcome", flat=True)) == [
        LinkState.ALIVE,
        LinkState.DEAD,
        LinkState.DEAD,
        LinkState.ALIVE,
    ]
    (spell,) = failure_spells(link)
    assert (spell.checks, spell.ended_at, spell.standing) == (2, DAY0 + 5 * DAY, True)
