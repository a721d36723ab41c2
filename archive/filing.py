"""Filing pages and restoring them (R22) — the only code that writes archive records.

Filing is a bulk operation: pages are filed in batches, each batch in one transaction that
writes the archive records, one audit entry per page and the read model's archive state
together, so a reader sees a page filed everywhere or nowhere, and an interrupted run leaves
whole batches behind and can simply be run again. A page already filed is left as it is.

A page in review or scheduled to go live is not filed: its pending change would be lost, or
would change a read-only page; it is reported and the next run picks it up.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, Site, WorkflowState

from cms.content.models.columns import owning_unit_id
from cms.organisation.access import units_in_reach
from cms.organisation.models import Role
from cms.reasons import checked_reason

from . import state
from .models import ArchiveReason, ArchiveRule, PageArchive
from .signals import archive_changed

FILE_ACTION = "archive.file"
RESTORE_ACTION = "archive.restore"
BATCH_SIZE = 2000

ARCHIVE_ROLES = frozenset({Role.SITE_ADMIN})
NOT_ALLOWED = _("Only the website administrator of this content's unit can archive or restore it.")
NOT_ARCHIVED = _("This page is not archived: there is nothing to restore.")
ROOT_NOT_ARCHIVABLE = _(
    "A site's home page cannot be archived. To file a whole site before a redesign or "
    "migration, use the archive_site command, which asks for confirmation."
)
REASON_REQUIRED = _("Give the reason (at least two characters).")

SKIP_IN_REVIEW = "in_review"
SKIP_SCHEDULED = "scheduled"
SKIP_ROOT = "site_root"
SKIP_LABELS = {
    SKIP_IN_REVIEW: _("in review: file it once the review is over"),
    SKIP_SCHEDULED: _("scheduled to go live: file it after that"),
    SKIP_ROOT: _("a site's home page is never filed"),
}


@dataclass
class FilingReport:
    """What a filing did (or, in a dry run, would do)."""

    filed: list[int] = field(default_factory=list)
    already: int = 0
    skipped: dict[int, str] = field(default_factory=dict)

    def merge(self, other: "FilingReport") -> None:
        self.filed.extend(other.filed)
        self.already += other.already
        self.skipped.update(other.skipped)


def _site_root_ids() -> set[int]:
    return set(Site.objects.values_list("root_page_id", flat=True))


def _held_back(ids: list[int]) -> dict[int, str]:
    """Pages of ``ids`` that must not be filed now, with why."""
    held: dict[int, str] = {}
    for page_id in _site_root_ids().intersection(ids):
        held[page_id] = SKIP_ROOT
    in_review = WorkflowState.objects.filter(
        base_content_type_id=_page_content_type_id(),
        object_id__in=[str(page_id) for page_id in ids],
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    ).values_list("object_id", flat=True)
    for object_id in in_review:
        held.setdefault(int(object_id), SKIP_IN_REVIEW)
    scheduled = Revision.page_revisions.filter(
        object_id__in=[str(page_id) for page_id in ids], approved_go_live_at__isnull=False
    ).values_list("object_id", flat=True)
    for object_id in scheduled:
        held.setdefault(int(object_id), SKIP_SCHEDULED)
    return held


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def file_pages(
    page_ids: Iterable[int],
    *,
    reason: str,
    user=None,
    rule: ArchiveRule | None = None,
    note: str = "",
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> FilingReport:
    """File the pages of ``page_ids`` (page ids, or a queryset of them) in batches."""
    reason = ArchiveReason(reason)
    ordered = _in_tree_order(page_ids)
    report = FilingReport()
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        for attempt in range(2):
            try:
                report.merge(_file_batch(batch, reason, user, rule, note, dry_run))
                break
            except IntegrityError:
                # Another run filed some of these meanwhile: look again.
                if attempt:
                    raise
    return report


def _in_tree_order(page_ids: Iterable[int]) -> list[int]:
    """The ids in tree order, so that a batch holds neighbours (mostly one site, one column)."""
    ids = list(set(page_ids))
    found: list[tuple[str, int]] = []
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        found += Page.objects.filter(pk__in=chunk).values_list("path", "pk")
    return [pk for _path, pk in sorted(found)]


@transaction.atomic
def _file_batch(batch, reason, user, rule, note, dry_run) -> FilingReport:
    report = FilingReport()
    already = set(PageArchive.objects.filter(page_id__in=batch).values_list("page_id", flat=True))
    report.already = len(already)
    candidates = [page_id for page_id in batch if page_id not in already]
    report.skipped = _held_back(candidates)
    pages = list(
        Page.objects.filter(pk__in=[i for i in candidates if i not in report.skipped])
        .order_by("path")
        .values_list("pk", "title", "content_type_id")
    )
    report.filed = [pk for pk, _title, _ct in pages]
    if dry_run or not pages:
        return report
    now = timezone.now()
    data = {"reason": reason.value, "rule": rule.pk if rule else None, "note": note}
    _write_records(pages, now, reason, user, rule, note, data)
    _follow(report.filed, {content_type_id for _pk, _title, content_type_id in pages})
    return report


def _write_records(pages, now, reason, user, rule, note, data) -> None:
    """The archive records and one audit entry per page. On PostgreSQL two statements fed with
    arrays (the bulk of a filing's time is here); elsewhere Django's ``bulk_create``."""
    user_id = user.pk if user is not None and user.pk else None
    if connection.vendor != "postgresql":
        PageArchive.objects.bulk_create(
            PageArchive(
                page_id=pk,
                archived_at=now,
                reason=reason,
                archived_by_id=user_id,
                rule=rule,
                note=note,
            )
            for pk, _title, _ct in pages
        )
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                page_id=pk,
                content_type_id=content_type_id,
                label=title,
                action=FILE_ACTION,
                timestamp=now,
                user_id=user_id,
                data=data,
            )
            for pk, title, content_type_id in pages
        )
        return
    ids = [pk for pk, _title, _ct in pages]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(PageArchive._meta.db_table)} "
            "(page_id, archived_at, reason, archived_by_id, rule_id, note) "
            "SELECT unnest(%s::integer[]), %s, %s, %s, %s, %s",
            [ids, now, reason.value, user_id, rule.pk if rule else None, note],
        )
        cursor.execute(
            f"INSERT INTO {quote(PageLogEntry._meta.db_table)} "
            "(page_id, content_type_id, label, action, data, timestamp, uuid, user_id, "
            "revision_id, content_changed, deleted) "
            "SELECT entry.page_id, entry.content_type_id, entry.label, %s, %s::jsonb, %s, NULL, "
            "%s, NULL, false, false "
            "FROM unnest(%s::integer[], %s::integer[], %s::text[]) "
            "AS entry(page_id, content_type_id, label)",
            [
                FILE_ACTION,
                json.dumps(data, cls=DjangoJSONEncoder),
                now,
                user_id,
                ids,
                [content_type_id for _pk, _title, content_type_id in pages],
                [title for _pk, title, _ct in pages],
            ],
        )


def _follow(page_ids: list[int], content_type_ids: set[int]) -> None:
    """Whatever shows these pages (the public read model) follows, in the same transaction."""
    archive_changed.send(sender=PageArchive, page_ids=page_ids, content_type_ids=content_type_ids)


def write_pages(out, page_ids: list[int]) -> None:
    """List pages for a person reading a command's output: id, then title, in tree order."""
    for start in range(0, len(page_ids), BATCH_SIZE):
        chunk = page_ids[start : start + BATCH_SIZE]
        for pk, title in (
            Page.objects.filter(pk__in=chunk).order_by("path").values_list("pk", "title")
        ):
            out.write(f"  {pk}  {title}")


# --- By hand ------------------------------------------------------------------------------------


def may_archive(user, page: Page) -> bool:
    """The website administrator whose unit's reach holds the page (R22), or the platform's
    operators (superusers)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return owning_unit_id(page) in units_in_reach(user, ARCHIVE_ROLES)


def file_by_hand(page: Page, *, user, reason: str) -> FilingReport:
    """File ``page`` and everything below it, with the administrator's reason."""
    reason = checked_reason(reason, REASON_REQUIRED)
    if page.pk in _site_root_ids() or page.depth <= 1:
        raise ValidationError(ROOT_NOT_ARCHIVABLE, code="site_root")
    if not may_archive(user, page):
        raise PermissionDenied(NOT_ALLOWED)
    if state.is_archived(page):
        raise ValidationError(state.READ_ONLY, code="archived")
    ids = Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    return file_pages(ids, reason=ArchiveReason.MANUAL, user=user, note=reason)


@transaction.atomic
def restore(page: Page, *, user, reason: str) -> None:
    """Take ``page`` (only it) out of the archive, with the administrator's reason."""
    reason = checked_reason(reason, REASON_REQUIRED)
    record = PageArchive.objects.select_for_update().filter(page_id=page.pk).first()
    if record is None:
        raise ValidationError(NOT_ARCHIVED, code="not_archived")
    if not may_archive(user, page):
        raise PermissionDenied(NOT_ALLOWED)
    record.delete()
    state.forget(page)
    log(
        instance=page.specific,
        action=RESTORE_ACTION,
        user=user,
        data={
            "reason": reason,
            "archived_at": record.archived_at.isoformat(),
            "archive_reason": record.reason,
        },
    )
    _follow([page.pk], {page.content_type_id})
