"""Filed items do not keep a column fresh (R4, R22)."""

import datetime

from django.utils import timezone

from archive import filing
from archive.models import ArchiveReason
from cms.content.freshness import freshness
from cms.content.models import ColumnPage, NewsPage
from tests import factories


def state_of(column, now=None):
    return freshness(ColumnPage.objects.filter(pk=column.pk), now=now)[0]


def test_a_filed_item_does_not_count_as_an_update(filing_site):
    notices = filing_site.notices
    assert state_of(notices).state == "fresh"
    filing.file_pages([filing_site.items.notice.pk], reason=ArchiveReason.MANUAL)
    row = state_of(notices)
    assert row.empty and row.overdue and row.state_label == "空栏目"


def test_the_newest_current_item_decides(filing_site):
    filing.file_pages([filing_site.items.other.pk], reason=ArchiveReason.MANUAL)
    row = state_of(filing_site.news)
    old = NewsPage.objects.get(pk=filing_site.items.old.pk)
    assert row.last_update == old.first_published_at
    assert row.state == "fresh"
    later = timezone.now() + datetime.timedelta(days=8)  # news: a week at most
    assert state_of(filing_site.news, now=later).state == "overdue"


def test_the_report_lists_the_users_columns_with_their_state(admin_client, filing_site):
    filing.file_pages([filing_site.items.notice.pk], reason=ArchiveReason.MANUAL)
    factories.login(admin_client, filing_site.people.chief)
    response = admin_client.get("/admin/reports/columns/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "通知公告" in text and "工作动态" in text
    assert text.index("通知公告") < text.index("工作动态")  # the empty column first
    assert "空栏目" in text
    factories.login(admin_client, filing_site.people.outsider)
    assert "通知公告" not in admin_client.get("/admin/reports/columns/").content.decode()
