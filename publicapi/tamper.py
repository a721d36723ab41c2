"""Find what the public is shown changed behind the platform's back, and take it offline at once
(R36 anti-tamper, R37 先行处置).

One run (:func:`verify_publication`, ``manage.py publication_verify``, on a schedule and on
demand) checks every row of the public read model against its signature
(:mod:`publicapi.integrity`) and every file a live item's release shows the public against the
SHA-256 its frozen copy is stored under (:mod:`cms.content.releases`). For each finding:

* the row goes at once: a page's read-model row and its search entry are removed, so the API
  answers 404; a site's row is removed, so the site's own document answers 404 until the site
  is rendered again by an ordinary change of its settings;
* the page (for a file: every live item showing it) is unpublished through the take-down path
  (``editorial.takedown.take_down_by_platform``), as a person's take-down is, with its reason
  in the audit log: it comes back online only through review, never by a re-render of a
  database that may itself have been changed;
* a :class:`~publicapi.models.TamperEvent` records what, when, the expected and found digests
  and what was done, and the platform's superusers and the site's 网站管理员 are mailed.

A row taken offline is gone, so a second run finds nothing more: the check is idempotent. Runs
take the job's lock (``cms.jobs.runs``): one at a time.

A key that verifies no row at all is a wrong key (a rotation without the old key kept), not an
intruder who rewrote every row: the run then takes nothing offline and fails loudly
(:class:`WrongKey`), rather than unpublishing the whole platform.

Rows are not checked on every read: the API serves stored text without reading the columns a
signature covers (``search_text`` is the largest), and the check belongs to the platform's
schedule, not to a citizen's request. Run it every few minutes; it streams the table.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.content.releases import RELEASED_DIR
from cms.jobs.runs import one_run_at_a_time
from cms.organisation.access import holders_reaching
from cms.organisation.models import Role
from cms.sites.models import SiteIdentity
from editorial.takedown import take_down_by_platform

from . import integrity, publication
from .indexing import index_remove
from .models import IntegrityCheck, PublicPage, PublicSite, TamperEvent

logger = logging.getLogger(__name__)

JOB = "publication_integrity"
JOB_LABEL = _("check of what the public is shown")
LEASE = timedelta(hours=3)
CHUNK = 2000

TAKEDOWN_REASON = _(
    "The platform found what the public is shown of this page changed outside the platform "
    "(tamper check); it is offline until it is reviewed again."
)
ACTION_ROW_REMOVED = _("Removed from the public API.")
ACTION_UNPUBLISHED = _("Unpublished through the take-down: %(pages)s.")
ACTION_NOT_LIVE = _("The page was not live.")
ACTION_UNPUBLISH_FAILED = _("Unpublishing failed (%(error)s); the row stays removed.")
ACTION_SITE_REMOVED = _(
    "The site's row was removed from the public API; it is rendered again at the next change "
    "of the site's settings."
)
FILE_MISSING = "missing"

REASONS = {
    integrity.UNSIGNED: _("no signature"),
    integrity.UNKNOWN_KEY: _("signed with a key the platform does not hold"),
    integrity.CHANGED: _("content differs from its signature"),
    "file_changed": _("file bytes differ from the released copy's digest"),
    "file_missing": _("released file is missing"),
}
MAIL_SUBJECT = _("[Tamper check] %(count)d finding(s): content taken offline")
MAIL_INTRO = _(
    "The tamper check found what the public is shown changed outside the platform. The "
    "content below was taken offline at once; put it back online only through review, after "
    "finding out how it was changed."
)
MAIL_LINE = _("%(what)s — %(reason)s; expected %(expected)s, found %(found)s. %(action)s")
WHAT_PAGE = _("page %(page)s (site %(site)s)")
WHAT_SITE = _("site %(site)s")
WHAT_FILE = _("file %(path)s, shown by page %(page)s")


WRONG_KEY = _(
    "Not one of the %(rows)d public rows verifies with the signing keys configured: the key is "
    "wrong (after a rotation, keep the old key in PUBLICATION_SIGNING_KEYS_OLD). Nothing was "
    "taken offline."
)


class WrongKey(Exception):
    pass


@dataclass
class Outcome:
    pages: int = 0
    sites: int = 0
    files: int = 0
    events: list[TamperEvent] = field(default_factory=list)


def verify_publication(*, files: bool = True) -> Outcome:
    """Check every public row (and, with ``files``, every released file of a live item); take
    whatever fails offline, record and tell. Raises ``cms.jobs.runs.RunInProgress`` when
    another run holds the job."""
    with one_run_at_a_time(JOB, label=JOB_LABEL, lease=LEASE):
        started_at = timezone.now()
        outcome = Outcome()
        pages = _failed_pages(outcome)
        sites = _failed_sites(outcome)
        rows = outcome.pages + outcome.sites
        if rows and len(pages) + len(sites) == rows:
            logger.error("Tamper check: no row verifies; the signing key is wrong")
            _record_run(started_at, outcome, IntegrityCheck.Result.WRONG_KEY)
            raise WrongKey(str(WRONG_KEY % {"rows": rows}))
        _take_pages_offline(pages, outcome)
        _take_sites_offline(sites, outcome)
        if files:
            _check_files(outcome)
        result = IntegrityCheck.Result.FOUND if outcome.events else IntegrityCheck.Result.SOUND
        _record_run(started_at, outcome, result)
        _alert(outcome.events)
        return outcome


def _record_run(started_at, outcome: Outcome, result: str) -> IntegrityCheck:
    return IntegrityCheck.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        pages=outcome.pages,
        sites=outcome.sites,
        files=outcome.files,
        findings=len(outcome.events),
        result=result,
    )


# --- Rows ---------------------------------------------------------------------------------------


def _failed_pages(outcome: Outcome) -> list:
    verifier = integrity.Verifier()
    rows = PublicPage.objects.values_list(*integrity.PAGE_COLUMNS, "signature").order_by()
    failed = []
    for *values, signature in rows.iterator(chunk_size=CHUNK):
        outcome.pages += 1
        verdict = verifier.page(values, signature)
        if not verdict.sound:
            failed.append((values[0], values[1], verdict))
    return failed


def _take_pages_offline(failed: list, outcome: Outcome) -> None:
    for page_id, site_id, verdict in failed:
        action = _take_page_offline(page_id)
        outcome.events.append(
            TamperEvent.objects.create(
                kind=TamperEvent.Kind.PAGE_ROW,
                page_id=page_id,
                site_id=site_id,
                reason=verdict.reason,
                expected=verdict.expected,
                found=verdict.found,
                action=action,
            )
        )


def _failed_sites(outcome: Outcome) -> list:
    verifier = integrity.Verifier()
    rows = PublicSite.objects.values_list(*integrity.SITE_COLUMNS, "signature").order_by()
    failed = []
    for *values, signature in rows.iterator(chunk_size=CHUNK):
        outcome.sites += 1
        verdict = verifier.site(values, signature)
        if not verdict.sound:
            failed.append((values[0], verdict))
    return failed


def _take_sites_offline(failed: list, outcome: Outcome) -> None:
    for site_id, verdict in failed:
        with transaction.atomic():
            PublicSite.objects.filter(site_id=site_id).delete()
            publication.site_changed(site_id)  # its published files go with it
            outcome.events.append(
                TamperEvent.objects.create(
                    kind=TamperEvent.Kind.SITE_ROW,
                    site_id=site_id,
                    reason=verdict.reason,
                    expected=verdict.expected,
                    found=verdict.found,
                    action=str(ACTION_SITE_REMOVED),
                )
            )


def _take_page_offline(page_id: int) -> str:
    """Remove the page's row at once, then unpublish it through the take-down path."""
    with transaction.atomic():
        PublicPage.objects.filter(page_id=page_id).delete()
        index_remove([page_id])
    done = [str(ACTION_ROW_REMOVED)]
    page = Page.objects.filter(pk=page_id).first()
    try:
        with transaction.atomic():
            taken = take_down_by_platform(page, reason=str(TAKEDOWN_REASON)) if page else []
    except Exception as error:  # the row is gone whatever stops the unpublishing
        logger.exception("Taking down tampered page %s failed", page_id)
        done.append(str(ACTION_UNPUBLISH_FAILED % {"error": error}))
    else:
        if taken:
            pages = ", ".join(str(pk) for pk in taken)
            done.append(str(ACTION_UNPUBLISHED % {"pages": pages}))
        else:
            done.append(str(ACTION_NOT_LIVE))
    return " ".join(done)


# --- Files --------------------------------------------------------------------------------------


def released_paths(data: dict) -> list[str]:
    """The stored copies a release shows the public: each file, each image and its renditions."""
    paths = []
    for kind in ("documents", "images"):
        for entry in (data.get(kind) or {}).values():
            if not entry:
                continue
            if entry.get("path"):
                paths.append(entry["path"])
            for rendition in (entry.get("renditions") or {}).values():
                if rendition and rendition.get("path"):
                    paths.append(rendition["path"])
    return paths


def expected_digest(path: str) -> str | None:
    """The SHA-256 a released copy is stored under: ``released/<sha[:2]>/<sha>/<name>``."""
    parts = path.split("/")
    if len(parts) < 4 or parts[0] != RELEASED_DIR or not parts[2].startswith(parts[1]):
        return None
    return parts[2]


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with default_storage.open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return FILE_MISSING
    return digest.hexdigest()


def _check_files(outcome: Outcome) -> None:
    """The released copies live public items show; each distinct file is read once."""
    shown = (
        Page.objects.filter(
            live=True,
            pk__in=PublicPage.objects.values("page_id"),
            live_revision__release__isnull=False,
        )
        .values_list("pk", "live_revision__release__data")
        .order_by("pk")
    )
    pages_by_path: dict[str, list[int]] = {}
    for page_id, data in shown.iterator(chunk_size=CHUNK):
        for path in released_paths(data or {}):
            pages_by_path.setdefault(path, []).append(page_id)
    failed: list[tuple[str, str, str, list[int]]] = []
    for path, page_ids in pages_by_path.items():
        outcome.files += 1
        expected = expected_digest(path) or ""
        found = file_digest(path)
        if found != expected:
            failed.append((path, expected, found, page_ids))
    site_of = dict(
        PublicPage.objects.filter(page_id__in={pk for *_, ids in failed for pk in ids}).values_list(
            "page_id", "site_id"
        )
    )
    for path, expected, found, page_ids in failed:
        reason = "file_missing" if found == FILE_MISSING else "file_changed"
        for page_id in page_ids:
            action = _take_page_offline(page_id)
            outcome.events.append(
                TamperEvent.objects.create(
                    kind=TamperEvent.Kind.FILE,
                    page_id=page_id,
                    site_id=site_of.get(page_id),
                    path=path,
                    reason=reason,
                    expected=expected,
                    found=found,
                    action=action,
                )
            )


# --- Key rotation -------------------------------------------------------------------------------


@dataclass
class Resigned:
    moved: int = 0
    current: int = 0
    failed: int = 0


def resign_publication() -> Resigned:
    """Move every row signed with an old key to the current key, after verifying it with the
    old one. A row that does not verify is left as it is, for the verifier to take offline:
    signing it again would make tampered content look cleared."""
    with one_run_at_a_time(JOB, label=JOB_LABEL, lease=LEASE):
        result = Resigned()
        verifier = integrity.Verifier()
        for model, columns, check, sign in (
            (PublicPage, integrity.PAGE_COLUMNS, verifier.page, integrity.page_signature),
            (PublicSite, integrity.SITE_COLUMNS, verifier.site, integrity.site_signature),
        ):
            rows = model.objects.values_list(*columns, "signature").order_by()
            moving = []
            for *values, signature in rows.iterator(chunk_size=CHUNK):
                verdict = check(values, signature)
                if not verdict.sound:
                    result.failed += 1
                elif verdict.key_id == verifier.current_id:
                    result.current += 1
                else:
                    moving.append((values, signature))
            for start in range(0, len(moving), CHUNK):
                with transaction.atomic():
                    for values, signature in moving[start : start + CHUNK]:
                        row = dict(zip(columns, values, strict=True))
                        # Only if the row is still what was verified.
                        result.moved += model.objects.filter(
                            pk=values[0], signature=signature
                        ).update(signature=sign(row))
        return result


# --- Telling ------------------------------------------------------------------------------------


def recipients(events: list[TamperEvent]) -> list[str]:
    """The platform's superusers and the 网站管理员 of each site a finding is in."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    emails = set(users.filter(is_superuser=True).values_list("email", flat=True))
    site_ids = {event.site_id for event in events if event.site_id is not None}
    units = set()
    for identity in SiteIdentity.objects.filter(site_id__in=site_ids):
        units |= {identity.sponsor_unit_id, identity.operator_unit_id}
    if units:
        holders = holders_reaching(units, {Role.SITE_ADMIN}).values("user_id")
        emails |= set(users.filter(pk__in=holders).values_list("email", flat=True))
    return sorted(emails)


def describe(event: TamperEvent) -> str:
    if event.kind == TamperEvent.Kind.FILE:
        what = WHAT_FILE % {"path": event.path, "page": event.page_id}
    elif event.kind == TamperEvent.Kind.SITE_ROW:
        what = WHAT_SITE % {"site": event.site_id}
    else:
        what = WHAT_PAGE % {"page": event.page_id, "site": event.site_id}
    return str(
        MAIL_LINE
        % {
            "what": what,
            "reason": REASONS.get(event.reason, event.reason),
            "expected": event.expected or "—",
            "found": event.found or "—",
            "action": event.action,
        }
    )


def _alert(events: list[TamperEvent]) -> None:
    if not events:
        return
    to = recipients(events)
    if not to:
        logger.error("Tamper check: %d finding(s) and nobody to tell", len(events))
        return
    body = "\n\n".join([str(MAIL_INTRO), *(describe(event) for event in events)])
    try:
        send_mail(str(MAIL_SUBJECT % {"count": len(events)}), body, None, to)
    except Exception:  # the content is offline and recorded; a mail server down changes neither
        logger.exception("Tamper check: the alert mail failed")
