"""Static publication (静态发布): the public API's answers, written as files.

With ``PUBLICATION_STATIC_ROOT`` set, every change of the read model is also written, after its
transaction commits, as the files nginx or a CDN serves in place of Python
(``docs/nginx-static.conf``): the site listing, each site's detail, site map and archive
calendar, the first page of its listing and of each column's listing, and every page's detail.
The bytes come from the functions the API's views answer with (``publicapi.api``,
``publicapi.archive``); nothing here serialises anything.

A file's path is the address it answers for, below the root; an address that is also a
directory takes a file name inside it, and the one query string served from a file (``column``
of a listing) is part of the file name:

======================================  ================================================
address                                 file below the root
======================================  ================================================
``/api/v1/sites``                       ``api/v1/sites/index.json``
``/api/v1/sites/3``                     ``api/v1/sites/3/index.json``
``/api/v1/sites/3/sitemap``             ``api/v1/sites/3/sitemap``
``/api/v1/sites/3/archive/calendar``    ``api/v1/sites/3/archive/calendar``
``/api/v1/sites/3/pages``               ``api/v1/sites/3/pages/index.json``
``/api/v1/sites/3/pages?column=7``      ``api/v1/sites/3/pages/column-7.json``
``/api/v1/sites/3/pages/123``           ``api/v1/sites/3/pages/123``
======================================  ================================================

Where the API sends an ETag, the file has a sidecar ``<file>.etag`` holding the header's value
(quoted), and its modification time is the API's Last-Modified. Each file is written to a
temporary name in its directory, synced and renamed over the old one, so a reader sees the old
file or the new, never a part. What should not exist is derived, not remembered: a page's file
is looked for under every site, a site's column listings are those of its public columns.
``publication_sync`` rewrites everything and removes the rest, repairing a write that failed
after its commit (a failed write is logged; the commit stands).

A change of an item rewrites its detail, its site's own files and the listings of the columns
above it, where it was and where it is; a change of a column, a home or a site rewrites the
site's files whole (navigation and every listing may show it).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import transaction

from . import api, archive
from .models import PublicPage, PublicSite

logger = logging.getLogger(__name__)

SITES = Path("api/v1/sites")
INDEX = "index.json"
ETAG_SUFFIX = ".etag"
TEMP_PREFIX = ".tmp-"


def static_root() -> Path | None:
    root = settings.PUBLICATION_STATIC_ROOT
    return Path(root) if root else None


# --- Addresses and files --------------------------------------------------------------------


def site_list_file() -> Path:
    return SITES / INDEX


def site_dir(site_id: int) -> Path:
    return SITES / str(site_id)


def detail_file(site_id: int, page_id: int) -> Path:
    return site_dir(site_id) / "pages" / str(page_id)


def column_listing_file(site_id: int, column_id: int) -> Path:
    return site_dir(site_id) / "pages" / f"column-{column_id}.json"


def address_of(relative: Path | str) -> str:
    """The API address (path and query) a file below the root answers for."""
    path = "/" + str(relative)
    directory, name = path.rsplit("/", 1)
    if name == INDEX:
        return directory
    if name.startswith("column-") and name.endswith(".json"):
        return f"{directory}?column={name[len('column-') : -len('.json')]}"
    return path


@dataclass(frozen=True)
class Representation:
    body: bytes
    etag: str | None = None  # the ETag header's value, quoted
    modified: int | None = None  # the Last-Modified second


def _from_answer(answer) -> Representation | None:
    from django.utils.http import quote_etag

    if answer is None:
        return None
    if answer.etag is None or answer.updated_at is None:
        return Representation(answer.body.encode())
    return Representation(
        answer.body.encode(), quote_etag(answer.etag), int(answer.updated_at.timestamp())
    )


def _from_response(response) -> Representation | None:
    return Representation(response.content) if response.status_code == 200 else None


def site_files(site_id: int, column_ids=None) -> dict[Path, Representation | None]:
    """The files of ``site_id`` apart from its pages' details (of its columns, only the
    listings of ``column_ids`` when given), each with what the API answers at its address (None
    where it answers no 200): read through the API's own functions."""
    files = {
        site_dir(site_id) / INDEX: _from_answer(api.site_detail_answer(site_id)),
        site_dir(site_id) / "sitemap": _from_answer(api.site_map_answer(site_id)),
        site_dir(site_id) / "archive" / "calendar": _from_response(
            archive.calendar_response(site_id, archive.ArchiveFilters.model_validate({}))
        ),
        site_dir(site_id) / "pages" / INDEX: _from_response(
            api.listing_response(site_id, api.ListingQuery.model_validate({}))
        ),
    }
    if column_ids is None:
        column_ids = PublicPage.objects.filter(site_id=site_id, type="column").values_list(
            "page_id", flat=True
        )
    for column_id in column_ids:
        query = api.ListingQuery.model_validate({"column": str(column_id)})
        files[column_listing_file(site_id, column_id)] = _from_response(
            api.listing_response(site_id, query)
        )
    return files


def detail_representation(site_id: int, page_id: int) -> Representation | None:
    return _from_answer(api.page_detail_answer(site_id, page_id))


def site_list_representation() -> Representation:
    return _from_answer(api.site_list_answer())


# --- Writing ---------------------------------------------------------------------------------


@dataclass
class Tally:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: set[Path] = field(default_factory=set)


def _write_bytes(path: Path, data: bytes, modified: int | None) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same directory, synced,
    then renamed over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # the web server's user reads it
        if modified is not None:
            os.utime(temporary, (modified, modified))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _same(path: Path, data: bytes, modified: int | None) -> bool:
    try:
        if modified is not None and int(path.stat().st_mtime) != modified:
            return False
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def _put(root: Path, relative: Path, data: bytes, modified: int | None, tally: Tally) -> None:
    tally.kept.add(relative)
    path = root / relative
    if _same(path, data, modified):
        tally.unchanged += 1
        return
    _write_bytes(path, data, modified)
    tally.written += 1


def _remove(root: Path, relative: Path, tally: Tally) -> None:
    for path in (root / relative, root / f"{relative}{ETAG_SUFFIX}"):
        try:
            path.unlink()
            tally.removed += 1
        except (FileNotFoundError, NotADirectoryError):
            pass


def publish(root: Path, relative: Path, representation: Representation | None, tally: Tally):
    """Write ``relative`` (and its ETag sidecar) as ``representation`` says, or remove them."""
    if representation is None:
        _remove(root, relative, tally)
        return
    # The body goes first: a reader never gets an ETag before the body it names.
    _put(root, relative, representation.body, representation.modified, tally)
    sidecar = Path(f"{relative}{ETAG_SUFFIX}")
    if representation.etag is None:
        _remove(root, sidecar, tally)
    else:
        _put(root, sidecar, representation.etag.encode(), None, tally)


def _site_ids_on_disk(root: Path) -> list[int]:
    try:
        return [int(entry.name) for entry in os.scandir(root / SITES) if entry.name.isdigit()]
    except FileNotFoundError:
        return []


def publish_site(root: Path, site_id: int, tally: Tally) -> None:
    """The site's own files, and no column listing of a column it no longer has."""
    files = site_files(site_id)
    for relative, representation in files.items():
        publish(root, relative, representation, tally)
    pages = root / site_dir(site_id) / "pages"
    if pages.is_dir():
        for entry in os.scandir(pages):
            relative = site_dir(site_id) / "pages" / entry.name
            if entry.name.startswith("column-") and entry.name.endswith(".json"):
                if relative not in files:
                    _remove(root, relative, tally)
    if not PublicSite.objects.filter(site_id=site_id).exists() and not (
        PublicPage.objects.filter(site_id=site_id).exists()
    ):
        shutil.rmtree(root / site_dir(site_id), ignore_errors=True)


def _ancestor_paths(url_path: str) -> list[str]:
    """The url paths above ``url_path`` (``/a/b/c/`` → ``/``, ``/a/``, ``/a/b/``)."""
    parts = url_path.strip("/").split("/")
    return ["/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts))]


def publish_site_around(root: Path, site_id: int, item_paths: set[str], tally: Tally) -> None:
    """The site's own files, and of its column listings only those of the columns above the
    items at ``item_paths``: a column lists its own and its sub-columns' items, so no other
    column's listing changes when these items do."""
    above = {ancestor for path in item_paths for ancestor in _ancestor_paths(path)}
    column_ids = PublicPage.objects.filter(
        site_id=site_id, type="column", url_path__in=sorted(above)
    ).values_list("page_id", flat=True)
    for relative, representation in site_files(site_id, column_ids).items():
        publish(root, relative, representation, tally)


class _Changes:
    """What a set of changed pages asks to be rewritten: whole sites, and, in the other sites,
    the listings above the changed items."""

    def __init__(self, site_ids: set[int]):
        self.whole_sites = set(site_ids)
        self.item_paths: dict[int, set[str]] = {}

    def add(self, place: Place) -> None:
        if place.is_item:
            self.item_paths.setdefault(place.site_id, set()).add(place.url_path)
        else:  # a column, a home: the site's navigation and every listing may change
            self.whole_sites.add(place.site_id)

    def publish(self, root: Path, tally: Tally) -> None:
        for site_id in sorted(self.whole_sites):
            publish_site(root, site_id, tally)
        for site_id, paths in sorted(self.item_paths.items()):
            if site_id not in self.whole_sites:
                publish_site_around(root, site_id, paths, tally)
        if self.whole_sites or self.item_paths:
            publish(root, site_list_file(), site_list_representation(), tally)


def publish_changes(root: Path, pages: dict[int, set[Place] | None], site_ids: set[int]) -> Tally:
    """Bring the files of ``pages`` and of ``site_ids`` (and the site listing) in line with the
    read model. ``pages`` maps each page to where its row was before the change (None when not
    known: every site is looked at, and its site rewritten whole). A page's detail is wherever
    its row now says and nowhere else: removed from a site it left (moved, unpublished,
    deleted). The listings that showed the page before and those that show it now change."""
    tally = Tally()
    changes = _Changes(site_ids)
    rows = places(PublicPage.objects.filter(page_id__in=list(pages)))
    on_disk = _site_ids_on_disk(root) if None in pages.values() else []
    for page_id in sorted(pages):
        now = rows.get(page_id)
        former = pages[page_id]
        if former is None:
            for other in on_disk:
                if (now is None or other != now.site_id) and (
                    root / detail_file(other, page_id)
                ).exists():
                    _remove(root, detail_file(other, page_id), tally)
                    changes.whole_sites.add(other)
            if now is not None:
                changes.whole_sites.add(now.site_id)  # where it was in the site is not known
        else:
            for place in sorted(former):
                if now is None or place.site_id != now.site_id:
                    _remove(root, detail_file(place.site_id, page_id), tally)
                changes.add(place)
        if now is not None:
            publish(
                root,
                detail_file(now.site_id, page_id),
                detail_representation(now.site_id, page_id),
                tally,
            )
            changes.add(now)
    changes.publish(root, tally)
    return tally


def sync(root: Path | None = None, *, site_ids: list[int] | None = None) -> Tally:
    """Write every file the read model answers (of ``site_ids`` only, when given) and remove
    every other file under the root (temporary files a crash left included)."""
    root = root or static_root()
    if root is None:
        raise ValueError("PUBLICATION_STATIC_ROOT is not set")
    tally = Tally()
    sites = site_ids
    if sites is None:
        sites = sorted(
            set(PublicSite.objects.values_list("site_id", flat=True))
            | set(PublicPage.objects.values_list("site_id", flat=True).distinct())
        )
    for site_id in sites:
        pages = PublicPage.objects.filter(site_id=site_id).order_by("page_id")
        for page_id in pages.values_list("page_id", flat=True).iterator(chunk_size=2000):
            relative = detail_file(site_id, page_id)
            publish(root, relative, detail_representation(site_id, page_id), tally)
        publish_site(root, site_id, tally)
    publish(root, site_list_file(), site_list_representation(), tally)
    if site_ids is None:
        _remove_others(root, tally)
    return tally


def _remove_others(root: Path, tally: Tally) -> None:
    for directory, _subdirectories, names in os.walk(root, topdown=False):
        for name in names:
            path = Path(directory) / name
            if path.relative_to(root) not in tally.kept:
                path.unlink()
                tally.removed += 1
        if Path(directory) != root and not os.listdir(directory):
            os.rmdir(directory)


# --- After the commit -------------------------------------------------------------------------


class _Pending(threading.local):
    def __init__(self):
        # Page → where its row was before the change; None: not known.
        self.pages: dict[int, set[Place] | None] = {}
        self.site_ids: set[int] = set()
        self.everything = False
        self.deferred = 0


_pending = _Pending()


class Place(NamedTuple):
    """Where a page's row is in the read model: its site, its url path, whether it is an item."""

    site_id: int
    url_path: str
    is_item: bool


def places(rows) -> dict[int, Place]:
    """The place of each of the read model's ``rows`` (a queryset), by page."""
    found = rows.values_list("page_id", "site_id", "url_path", "is_item")
    return {page_id: Place(site_id, path, is_item) for page_id, site_id, path, is_item in found}


def former_places(page_ids: list[int]) -> dict[int, Place]:
    """Where the rows of ``page_ids`` are, read before a change moves or removes them (nothing
    is read when static publication is off)."""
    if static_root() is None:
        return {}
    return places(PublicPage.objects.filter(page_id__in=page_ids))


def page_changed(*page_ids: int, former: dict[int, Place] | None = None) -> None:
    """The read model's rows of ``page_ids`` were written or removed: their files follow after
    the commit (their sites' listings, site maps and calendars with them). ``former``: where
    the rows were before (:func:`former_places`); a page not in it had no row. When not given,
    the page's file is looked for under every site."""
    if static_root() is None:
        return
    for page_id in page_ids:
        known = None if former is None else ({former[page_id]} if page_id in former else set())
        if page_id in _pending.pages:
            before = _pending.pages[page_id]
            known = None if before is None or known is None else before | known
        _pending.pages[page_id] = known
    _schedule()


def site_changed(site_id: int) -> None:
    if static_root() is not None:
        _pending.site_ids.add(site_id)
        _schedule()


def everything_changed() -> None:
    """The whole read model was rebuilt: every file is rewritten and the rest removed."""
    if static_root() is not None:
        _pending.everything = True
        _schedule()


@contextmanager
def batch():
    """Write once at the end of the block what its changes ask for (a subtree of a thousand
    pages rewrites its site's listings once, not a thousand times)."""
    _pending.deferred += 1
    try:
        yield
    finally:
        _pending.deferred -= 1
        _schedule()


def _schedule() -> None:
    if _pending.deferred:
        return
    if _pending.pages or _pending.site_ids or _pending.everything:
        # Robust: a failed write is logged and leaves the commit as it is; publication_sync
        # repairs the files.
        transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Write what the committed changes ask for; a second call with nothing pending is free."""
    root = static_root()
    pages, site_ids, everything = _pending.pages, _pending.site_ids, _pending.everything
    _pending.pages, _pending.site_ids, _pending.everything = {}, set(), False
    if root is None or not (pages or site_ids or everything):
        return
    # A failure propagates to ``on_commit``, which logs it; ``publication_sync`` repairs.
    if everything:
        sync(root)
    else:
        publish_changes(root, pages, site_ids)
