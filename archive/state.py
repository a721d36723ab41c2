"""Whether a page is filed, and what that forbids — the one place that says so.

A filed page is read-only (R22): no edit, no new revision, no submission for review, no move,
no unpublishing, nothing added below it, and it cannot be deleted; the website administrator
restores it first (:mod:`archive.filing`). The take-down of R37 stays possible: it is the
emergency path and skips everything by design.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.locks import BaseLock
from wagtail.models import Page

from cms.content.holds import Hold

from .models import PageArchive

# What the public sees, prominently, on a filed page (004 第十五条).
ARCHIVED_LABEL = _("Archived")
READ_ONLY = _("This page is archived (已归档) and cannot be changed. Restore it first.")

_UNSET = object()
# Set on the pages of a listing by :func:`with_filed_mark` (whether a record exists), so that
# the listing's rows are not read one by one.
FILED_MARK = "filed_in_archive"


def with_filed_mark(pages: QuerySet) -> QuerySet:
    """``pages`` marked with whether each is filed, in the query that lists them."""
    return pages.annotate(**{FILED_MARK: Exists(PageArchive.objects.filter(page=OuterRef("pk")))})


def archive_of(page: Page) -> PageArchive | None:
    """The page's archive record, read once per page instance (not at all for a page a
    listing marked as not filed)."""
    cached = page.__dict__.get("_archive_record", _UNSET)
    if cached is _UNSET:
        if not page.pk or page.__dict__.get(FILED_MARK) is False:
            cached = None
        else:
            cached = PageArchive.objects.filter(page_id=page.pk).first()
        page.__dict__["_archive_record"] = cached
    return cached


def forget(page: Page) -> None:
    page.__dict__.pop("_archive_record", None)
    page.__dict__.pop(FILED_MARK, None)


def is_archived(page: Page) -> bool:
    return archive_of(page) is not None


def holds_archived(page: Page) -> bool:
    """``page`` or a page below it is filed."""
    if page.numchild == 0:
        return is_archived(page)  # read once per page already
    return PageArchive.objects.filter(page__path__startswith=page.path).exists()


def assert_not_archived(page: Page) -> None:
    if is_archived(page):
        raise ArchivedPage(READ_ONLY, code="archived")


class ArchivedPage(ValidationError):
    """Raised by every change refused because the page is filed."""


def archived_on(record: PageArchive) -> str:
    return date_format(localtime(record.archived_at), "DATETIME_FORMAT")


class ArchiveLock(BaseLock):
    """Wagtail's editor shows a filed page as locked, for everybody."""

    def __init__(self, page, record: PageArchive):
        super().__init__(page)
        self.record = record

    def for_user(self, user):
        return True

    def get_locked_by(self, user):
        return gettext("Archived")

    def get_message(self, user):
        return gettext(
            "This page was archived on %(time)s (%(reason)s): it stays online, read-only. "
            "The website administrator can restore it."
        ) % {"time": archived_on(self.record), "reason": self.record.get_reason_display()}

    def get_description(self, user):
        return gettext("No one can change an archived page.")


def archive_lock(page: Page) -> ArchiveLock | None:
    record = archive_of(page)
    return ArchiveLock(page, record) if record is not None else None


class FiledHold(Hold):
    """Filing as the ground asks about holds (:mod:`cms.content.holds`): registered by the
    app's ``ready()``."""

    def is_held(self, page: Page) -> bool:
        return is_archived(page)

    def holds_within(self, page: Page) -> bool:
        return holds_archived(page)

    def lock(self, page: Page) -> ArchiveLock | None:
        return archive_lock(page)

    def refuse_change(self, page: Page) -> None:
        assert_not_archived(page)
