"""Issue 19, item 5: one form for every moment the public API shows.

``published_at``, ``updated_at`` and ``archive.archived_at`` are ISO 8601 in Asia/Shanghai with
their offset, to the second (``2026-03-02T09:30:00+08:00``): in a listing, a detail, the archive
and the search, whatever time zone or precision the database stored.
"""

import re
from datetime import UTC, datetime

from wagtail.models import Page

from archive import filing
from archive.models import ArchiveReason, PageArchive
from publicapi.services import public_page_refresh
from tests.times import moments

SHANGHAI_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def test_published_and_archived_times_are_shanghai_time_to_the_second(api, filing_site):
    item = filing_site.items.old
    # Stored in UTC with microseconds, as Django writes them.
    Page.objects.filter(pk=item.pk).update(
        first_published_at=datetime(2026, 3, 2, 1, 30, 0, 123456, tzinfo=UTC),
        last_published_at=datetime(2026, 3, 4, 16, 5, 7, 654321, tzinfo=UTC),
    )
    filing.file_pages([item.pk], reason=ArchiveReason.REDESIGN)
    PageArchive.objects.filter(page=item).update(
        archived_at=datetime(2026, 5, 31, 18, 0, 1, 999999, tzinfo=UTC)
    )
    public_page_refresh(Page.objects.get(pk=item.pk))

    site = filing_site.site.pk
    detail = api.detail(site, item.pk)
    assert detail["published_at"] == "2026-03-02T09:30:00+08:00"
    assert detail["updated_at"] == "2026-03-05T00:05:07+08:00"
    assert detail["archive"]["archived_at"] == "2026-06-01T02:00:01+08:00"

    payloads = [
        detail,
        api.listing(site, page_size=100),
        api.json(f"/sites/{site}/archive"),
        api.find(site, f"/gzdt/{item.slug}/"),
    ]
    seen = [value for payload in payloads for _key, value in moments(payload)]
    assert len(seen) >= 5
    for value in seen:
        assert SHANGHAI_SECONDS.match(value), value


def test_a_page_published_just_now_has_no_fraction_of_a_second(api, filing_site):
    for item in api.listing(filing_site.site.pk, page_size=100)["items"]:
        assert SHANGHAI_SECONDS.match(item["published_at"]), item["published_at"]
        assert SHANGHAI_SECONDS.match(item["updated_at"]), item["updated_at"]
