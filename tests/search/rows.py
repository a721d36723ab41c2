"""Index rows of real pages, as the backends' behaviour tests (embedded and live cluster) put
them: a news page in a column, indexed with what the test says of it."""

from datetime import timedelta

from django.utils import timezone

from search.documents import Document, indexed
from search.models import IndexedPage
from tests import factories

NOW = timezone.now()


def indexed_row(
    site, column, title, *, body="", number="", days=0, archived=False, kind="news", validity=""
) -> IndexedPage:
    page = factories.news(column, title)
    return indexed(
        Document(
            page_id=page.pk,
            site_id=site.pk,
            column_path=column.path,
            kind=kind,
            title=title,
            numbers=(number,),
            body=body,
            published_at=NOW - timedelta(days=days),
            archived=archived,
            validity=validity,
        )
    )
