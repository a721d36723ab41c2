"""The site's only window on the platform: the public HTTP API.

Every answer is kept (per worker, the most recently used ones) and used as it is while it is
younger than ``FRONTEND_FRESH_SECONDS``; after that it is revalidated with its ETag, so an
unchanged page costs the API a 304. When the API cannot be reached or fails, the last good copy
is served and marked stale, so the page can say so; with no copy, :class:`Unavailable` is raised
and the site answers with its Chinese 503 page. A 404 forgets the copy at once: a page taken down
is gone from the site no later than ``FRONTEND_FRESH_SECONDS`` after the API stops serving it.
"""

import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import urllib3
from django.conf import settings

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """The API did not give what was asked for."""


class NotFound(ApiError):
    """No such thing, or it is not public (the API's 404)."""


class Refused(ApiError):
    """The API refused the request's parameters (400, 409, 413, 415, 422, 429); it says why."""

    def __init__(self, status: int, detail: str, fields: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.fields = fields or {}


class Unavailable(ApiError):
    """The API cannot be reached or failed, and there is no copy to show."""


@dataclass(frozen=True)
class Answer:
    data: Any
    etag: str | None
    last_modified: str | None
    # True when the API could not be asked and this is the last good copy.
    stale: bool = False


@dataclass
class _Kept:
    data: Any
    etag: str | None
    last_modified: str | None
    checked_at: float
    stale: bool = False


class Store:
    """The answers a worker keeps: the ``size`` most recently used, by URL."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str) -> _Kept | None:
        with self._lock:
            kept = self._entries.get(url)
            if kept is not None:
                self._entries.move_to_end(url)
            return kept

    def put(self, url: str, kept: _Kept) -> None:
        with self._lock:
            self._entries[url] = kept
            self._entries.move_to_end(url)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def drop(self, url: str) -> None:
        with self._lock:
            self._entries.pop(url, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


REFUSALS = {400, 409, 413, 415, 422, 429}


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        fresh_seconds: float,
        timeout: float,
        store: Store,
        clock=time.monotonic,
    ):
        self.base_url = base_url.rstrip("/")
        self.fresh_seconds = fresh_seconds
        self.timeout = urllib3.Timeout(connect=min(timeout, 2.0), read=timeout)
        self.store = store
        self.clock = clock
        # Keep-alive connections to the API, shared by the worker's threads.
        self.pool = urllib3.PoolManager(num_pools=4, maxsize=8, retries=False)

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = {key: value for key, value in (params or {}).items() if value not in (None, "")}
        return self.base_url + path + (f"?{urlencode(sorted(query.items()))}" if query else "")

    def get(self, path: str, params: dict[str, Any] | None = None) -> Answer:
        """The API's answer to ``GET path?params``, kept and revalidated as the module says."""
        url = self.url(path, params)
        kept = self.store.get(url)
        now = self.clock()
        if kept is not None and now - kept.checked_at < self.fresh_seconds:
            return Answer(kept.data, kept.etag, kept.last_modified, kept.stale)
        headers = {"Accept": "application/json"}
        if kept is not None and kept.etag:
            headers["If-None-Match"] = kept.etag
        try:
            response = self.pool.request("GET", url, headers=headers, timeout=self.timeout)
        except urllib3.exceptions.HTTPError as exc:
            return self._last_good_copy(url, kept, now, exc)
        status = response.status
        if status == 304 and kept is not None:
            kept.checked_at, kept.stale = now, False
            return Answer(kept.data, kept.etag, kept.last_modified)
        if status == 200:
            try:
                data = json.loads(response.data)
            except ValueError as exc:
                return self._last_good_copy(url, kept, now, exc)
            fresh = _Kept(
                data, response.headers.get("ETag"), response.headers.get("Last-Modified"), now
            )
            self.store.put(url, fresh)
            return Answer(fresh.data, fresh.etag, fresh.last_modified)
        if status == 404:
            self.store.drop(url)
            raise NotFound(_detail(response))
        if status in REFUSALS:
            raise _refusal(response)
        return self._last_good_copy(url, kept, now, ApiError(f"HTTP {status}"))

    def post(
        self,
        path: str,
        *,
        fields: dict[str, Any] | None = None,
        files: list[tuple[str, str, bytes, str]] = (),
        json_body: dict[str, Any] | None = None,
        client_address: str = "",
    ) -> Any:
        """Send a citizen's form to the API (never kept): its JSON answer, or :class:`Refused`
        with the API's reasons, or :class:`Unavailable`. ``fields`` and ``files`` (field, name,
        bytes, content type) go as multipart, ``json_body`` as JSON. The citizen's address goes
        along for the API's per-address limits."""
        headers = {"Accept": "application/json"}
        if client_address:
            headers["X-Forwarded-For"] = client_address
        if json_body is not None:
            sending = {"json": json_body}
        else:
            body = [(key, str(value)) for key, value in (fields or {}).items()]
            body += [(field, (name, data, kind)) for field, name, data, kind in files]
            sending = {"fields": body}
        try:
            response = self.pool.request(
                "POST", self.base_url + path, headers=headers, timeout=self.timeout, **sending
            )
        except urllib3.exceptions.HTTPError as exc:
            logger.warning("The API could not be reached for POST %s: %s", path, exc)
            raise Unavailable(str(exc)) from exc
        if response.status in (200, 201):
            return json.loads(response.data)
        if response.status == 404:
            raise NotFound(_detail(response))
        if response.status in REFUSALS:
            raise _refusal(response)
        logger.warning("The API answered POST %s with %s", path, response.status)
        raise Unavailable(f"HTTP {response.status}")

    def _last_good_copy(self, url: str, kept: _Kept | None, now: float, cause) -> Answer:
        logger.warning("The API failed for %s: %s", url, cause)
        if kept is None:
            raise Unavailable(str(cause))
        # Ask again only after another fresh period, not on every request to a failing API.
        kept.checked_at, kept.stale = now, True
        return Answer(kept.data, kept.etag, kept.last_modified, stale=True)


def _json(response) -> dict:
    try:
        data = json.loads(response.data)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _detail(response) -> str:
    return str(_json(response).get("detail", ""))


def _refusal(response) -> Refused:
    data = _json(response)
    fields = data.get("fields") if isinstance(data.get("fields"), dict) else None
    return Refused(response.status, str(data.get("detail", "")), fields)


_client: ApiClient | None = None
_client_lock = threading.Lock()


def client() -> ApiClient:
    """The worker's client, configured from the settings."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                _client = ApiClient(
                    settings.FRONTEND_API_URL,
                    fresh_seconds=settings.FRONTEND_FRESH_SECONDS,
                    timeout=settings.FRONTEND_API_TIMEOUT,
                    store=Store(settings.FRONTEND_CACHE_ENTRIES),
                )
    return _client
