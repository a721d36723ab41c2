"""How an external link is checked over HTTP, and what counts as alive, redirected, dead or
timing out.

One check of an address: ``HEAD``, and ``GET`` (without reading the body) when the server
refuses ``HEAD`` (405, 501) or answers it with any other client error: many servers and their
firewalls answer ``HEAD`` with 403 or 404 where a browser's ``GET`` is served, and a link is
called dead only when the ``GET`` a citizen's browser sends fails too. Redirects are followed
by hand, up to ``LINKS_MAX_REDIRECTS``, each hop a request of its own. A final 2xx is *alive*,
or *redirected* (with the final address) when a redirect led there. Any other answer (4xx,
5xx, a redirect without a ``Location``, too many redirects), a refused connection, an unknown
host or a TLS failure is *dead*; no answer within the connect or read timeout is *timing out*.
A check that fails is tried again, after ``LINKS_RETRY_BACKOFF`` seconds doubled each time, up
to ``LINKS_RETRIES`` times: only the last attempt's outcome counts, so a link is dead for a run
only after its retries.

Politeness (:class:`HostGate`): at most one request in flight per host, and at least
``LINKS_HOST_DELAY`` seconds between the end of one request to a host and the start of the
next. :func:`check_many` checks hosts side by side, ``LINKS_CONCURRENCY`` at a time, and the
links of one host one after another.
"""

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as HTTPTimeoutError

from .conf import setting
from .models import LinkState
from .outcomes import WORKING, Outcome

HEAD_REFUSED = frozenset({405, 501})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class HostGate:
    """One request at a time per host, with a pause between two requests to the same host."""

    def __init__(self, delay: float, *, clock: Callable[[], float] = time.monotonic, sleep=None):
        self.delay = delay
        self.clock = clock
        self.sleep = sleep or time.sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._last_end: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks[host]
        with lock:
            last = self._last_end.get(host)
            if last is not None:
                wait = last + self.delay - self.clock()
                if wait > 0:
                    self.sleep(wait)
            try:
                yield
            finally:
                self._last_end[host] = self.clock()


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class LinkChecker:
    """Checks external addresses; one instance per run (it holds the connection pools and the
    per-host gate). Safe to use from several threads."""

    def __init__(
        self,
        *,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        max_redirects: int | None = None,
        host_delay: float | None = None,
        concurrency: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        def chosen(value, name):
            return setting(name) if value is None else value

        self.retries = chosen(retries, "LINKS_RETRIES")
        self.backoff = chosen(backoff, "LINKS_RETRY_BACKOFF")
        self.max_redirects = chosen(max_redirects, "LINKS_MAX_REDIRECTS")
        self.concurrency = max(1, chosen(concurrency, "LINKS_CONCURRENCY"))
        self.sleep = sleep
        self.gate = HostGate(chosen(host_delay, "LINKS_HOST_DELAY"), sleep=sleep)
        self.pool = urllib3.PoolManager(
            num_pools=max(10, self.concurrency * 2),
            headers={"User-Agent": setting("LINKS_USER_AGENT"), "Accept": "*/*"},
            retries=False,
            timeout=urllib3.Timeout(
                connect=chosen(connect_timeout, "LINKS_CONNECT_TIMEOUT"),
                read=chosen(read_timeout, "LINKS_READ_TIMEOUT"),
            ),
        )

    def check(self, url: str) -> Outcome:
        """The outcome of ``url`` for this run, after the retries a failure gets."""
        started = time.monotonic()
        attempt = 0
        while True:
            outcome = self._once(url)
            if outcome.state in WORKING or attempt >= self.retries:
                break
            self.sleep(self.backoff * (2**attempt))
            attempt += 1
        elapsed = int((time.monotonic() - started) * 1000)
        return replace(outcome, attempts=attempt + 1, elapsed_ms=elapsed)

    def _once(self, url: str) -> Outcome:
        current = url
        for hop in range(self.max_redirects + 1):
            try:
                status, location = self._request(current)
            except NewConnectionError as error:
                return Outcome(LinkState.DEAD, error=_reason(error))
            except HTTPTimeoutError as error:
                return Outcome(LinkState.TIMEOUT, error=_reason(error))
            except (HTTPError, OSError, ValueError) as error:
                return Outcome(LinkState.DEAD, error=_reason(error))
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                continue
            if 200 <= status < 300:
                if hop == 0:
                    return Outcome(LinkState.ALIVE, status_code=status)
                return Outcome(LinkState.REDIRECTED, status_code=status, final_url=current)
            return Outcome(LinkState.DEAD, status_code=status, final_url=current if hop else "")
        return Outcome(LinkState.DEAD, final_url=current, error="too many redirects")

    def _request(self, url: str) -> tuple[int, str]:
        with self.gate.turn(host_of(url)):
            response = self.pool.request("HEAD", url, redirect=False)
            if response.status in HEAD_REFUSED or 400 <= response.status < 500:
                response = self.pool.request("GET", url, redirect=False, preload_content=False)
                # Only the answer's head matters: the body (a file, perhaps) is never read.
                response.close()
            return response.status, response.headers.get("Location", "")

    def check_many(
        self, urls: list[str], *, keep_going: Callable[[], bool] = lambda: True
    ) -> dict[str, Outcome]:
        """Check ``urls``: hosts side by side, one host's links in turn; stops starting new
        checks once ``keep_going`` says no (those links are left out of the answer)."""
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_host[host_of(url)].append(url)
        results: dict[str, Outcome] = {}

        def one_host(host_urls: list[str]) -> None:
            for url in host_urls:
                if not keep_going():
                    return
                results[url] = self.check(url)

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            for future in [pool.submit(one_host, host_urls) for host_urls in by_host.values()]:
                future.result()
        return results

    def close(self) -> None:
        self.pool.clear()


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]
