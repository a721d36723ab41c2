"""Filed items do not keep a column fresh (R4, R22): the monitoring reads the public read model,
where a filed item is in the archive, not current."""

import datetime

from django.utils import timezone

from archive import filing
from archive.models import ArchiveReason
from cms.content.models import NewsPage
from monitoring.standing.facts import columns_of_units
from monitoring.standing.rules import column_state
from tests import factories


def state_of(column, today=None):
    today = today or timezone.localdate()
    (found,) = [
        facts
        for facts in columns_of_units([column.responsible_unit_id], today=today)
        if facts.column_id == column.pk
    ]
    return found, column_state(found, today)


def test_a_filed_item_does_not_count_as_an_update(filing_site):
    notices = filing_site.notices
    assert state_of(notices)[1] == "fresh"
    filing.file_pages([filing_site.items.notice.pk], reason=ArchiveReason.MANUAL)
    facts, state = state_of(notices)
    assert facts.empty and state == "empty"


def test_the_newest_current_item_decides(filing_site):
    filing.file_pages([filing_site.items.other.pk], reason=ArchiveReason.MANUAL)
    facts, state = state_of(filing_site.news)
    old = NewsPage.objects.get(pk=filing_site.items.old.pk)
    assert facts.last_update == old.first_published_at
    assert state == "fresh"
    later = timezone.localdate() + datetime.timedelta(days=8)  # news: a week at most
    assert state_of(filing_site.news, today=later)[1] == "overdue"


def test_the_report_lists_the_users_columns_with_their_state(admin_client, filing_site):
    filing.file_pages([filing_site.items.notice.pk], reason=ArchiveReason.MANUAL)
    factories.login(admin_client, filing_site.people.chief)
    response = admin_client.get("/admin/reports/columns/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "通知公告" in text and "工作动态" in text
    assert text.index("通知公告") < text.index("工作动态")  # the empty column first
    assert "空栏目" in text
    export = admin_client.get("/admin/reports/columns/?export=csv")
    assert export.status_code == 200
    assert "通知公告" in b"".join(export.streaming_content).decode("utf-8-sig")
    factories.login(admin_client, filing_site.people.outsider)
    response = admin_client.get("/admin/reports/columns/")
    assert "通知公告" not in response.content.decode()
