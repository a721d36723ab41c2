"""External links classified over real HTTP against a server on loopback (``server.py``):
alive, redirected, dead (404, 500, refused, a redirect loop) and timing out; HEAD refused and
GET answered; retries before a failure counts; at most one request in flight per host, with
the pause between two, while different hosts are checked side by side."""

import pytest

from monitoring.links.http import LinkChecker
from monitoring.links.models import LinkState

from .server import PAUSE_SECONDS, closed_port


def checker(**options) -> LinkChecker:
    return LinkChecker(
        **{"connect_timeout": 1.0, "read_timeout": 0.4, "retries": 0, "backoff": 0.01, **options}
    )


@pytest.mark.parametrize(
    ("path", "state", "status"),
    [
        ("/ok", LinkState.ALIVE, 200),
        ("/moved", LinkState.REDIRECTED, 200),
        ("/missing", LinkState.DEAD, 404),
        ("/broken", LinkState.DEAD, 500),
        ("/no-head", LinkState.ALIVE, 200),
        ("/head-forbidden", LinkState.ALIVE, 200),
        ("/slow", LinkState.TIMEOUT, None),
    ],
)
def test_each_answer_is_classified(server, path, state, status):
    outcome = checker().check(server.url(path))
    assert (outcome.state, outcome.status_code) == (state, status)


def test_a_redirect_gives_the_final_address(server):
    outcome = checker().check(server.url("/moved"))
    assert outcome.final_url == server.url("/ok")
    assert [(r.method, r.path) for r in server.recorder.requests] == [
        ("HEAD", "/moved"),
        ("HEAD", "/ok"),
    ]


def test_a_server_refusing_head_is_asked_with_get(server):
    outcome = checker().check(server.url("/no-head"))
    assert outcome.state == LinkState.ALIVE
    assert [r.method for r in server.recorder.requests] == ["HEAD", "GET"]


def test_a_server_error_on_head_is_not_asked_again_with_get(server):
    """A 5xx is the server failing, not refusing the method: retries decide, not a GET."""
    outcome = checker().check(server.url("/broken"))
    assert (outcome.state, outcome.status_code) == (LinkState.DEAD, 500)
    assert [r.method for r in server.recorder.requests] == ["HEAD"]


def test_a_refused_connection_is_dead_not_timing_out():
    outcome = checker().check(f"http://127.0.0.1:{closed_port()}/ok")
    assert outcome.state == LinkState.DEAD
    assert "NewConnectionError" in outcome.error


def test_a_redirect_loop_is_dead_after_the_limit(server):
    outcome = checker(max_redirects=3).check(server.url("/loop"))
    assert (outcome.state, outcome.error) == (LinkState.DEAD, "too many redirects")
    assert len(server.recorder.requests) == 4  # the first request and three redirects


def test_a_timeout_is_its_own_state_after_the_read_timeout(server):
    outcome = checker(read_timeout=0.3).check(server.url("/slow"))
    assert outcome.state == LinkState.TIMEOUT
    assert "ReadTimeoutError" in outcome.error
    assert 300 <= outcome.elapsed_ms < 1500


def test_a_failure_is_retried_before_it_counts(server):
    # Two 503s, then 200: two retries see it alive, one retry is not enough.
    alive = checker(retries=2).check(server.url("/flaky/2/a"))
    assert (alive.state, alive.attempts) == (LinkState.ALIVE, 3)
    dead = checker(retries=1).check(server.url("/flaky/2/b"))
    assert (dead.state, dead.status_code, dead.attempts) == (LinkState.DEAD, 503, 2)
    assert server.recorder.hits["/flaky/2/b"] == 2


def test_dead_is_said_only_after_every_retry(server):
    outcome = checker(retries=2).check(server.url("/missing"))
    assert (outcome.state, outcome.attempts) == (LinkState.DEAD, 3)
    # Each attempt asks with HEAD, then with GET before a client error counts.
    assert server.recorder.hits["/missing"] == 6
    assert [r.method for r in server.recorder.requests] == ["HEAD", "GET"] * 3


def test_retries_wait_longer_each_time(server):
    waits = []
    checker(retries=3, backoff=0.5, sleep=waits.append).check(server.url("/broken"))
    assert waits == [0.5, 1.0, 2.0]


def test_one_host_is_never_asked_twice_at_once_and_hosts_go_side_by_side(server):
    delay = 0.1
    urls = [server.url(f"/pause/{n}") for n in range(4)] + [
        server.url(f"/pause/{n}", host="localhost") for n in range(4, 7)
    ]
    outcomes = checker(host_delay=delay, concurrency=4).check_many(urls)
    assert {outcome.state for outcome in outcomes.values()} == {LinkState.ALIVE}
    recorder = server.recorder
    assert dict(recorder.max_in_flight) == {"127.0.0.1": 1, "localhost": 1}
    # Two hosts were asked at the same time: the checks are concurrent across hosts.
    assert recorder.max_total == 2
    for records in recorder.by_host().values():
        records.sort(key=lambda record: record.start)
        for before, after in zip(records, records[1:], strict=False):
            assert after.start >= before.end + delay * 0.9, (before, after)
    # Sequential per host: four pauses one after another on the busier host.
    busiest = recorder.by_host()["127.0.0.1"]
    assert busiest[-1].end - busiest[0].start >= 4 * PAUSE_SECONDS + 3 * delay * 0.9


def test_a_deadline_stops_new_checks(server):
    urls = [server.url(f"/pause/{n}") for n in range(3)]
    asked = []

    def keep_going():
        asked.append(1)
        return len(asked) <= 1

    outcomes = checker().check_many(urls, keep_going=keep_going)
    assert list(outcomes) == [urls[0]]
