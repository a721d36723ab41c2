"""How fresh each column is (R4): when it last got a new item, and whether that is too long ago.

A column's last update is the first publication of the newest live item directly in it. Held
items (:mod:`cms.content.holds`: filed, archive/, R22) do not count: a column kept alive only by
archived pages is not updated, and a column with nothing else counts as empty, as the national
checks count it (R5).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from . import holds
from .models import ColumnPage
from .update_rules import max_update_interval


def with_last_update(columns: QuerySet) -> QuerySet:
    """``columns`` annotated with ``last_update`` (None for a column with no current item)."""
    items = Page.objects.filter(
        live=True, path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
    ).exclude(pk__in=ColumnPage.objects.values("pk"))
    newest = (
        holds.not_held(items)
        .order_by(F("first_published_at").desc(nulls_last=True))
        .values("first_published_at")[:1]
    )
    return columns.annotate(last_update=Subquery(newest))


STATE_LABELS = {
    "empty": _("Empty"),
    "overdue": _("Overdue (not updated)"),
    "fresh": _("Up to date"),
}


@dataclass(frozen=True)
class Freshness:
    column: ColumnPage
    last_update: datetime | None
    due_by: datetime | None
    overdue: bool

    @property
    def empty(self) -> bool:
        return self.last_update is None

    @property
    def state(self) -> str:
        return "empty" if self.empty else "overdue" if self.overdue else "fresh"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def freshness(columns: QuerySet, now: datetime | None = None) -> list[Freshness]:
    """The freshness of each live column of ``columns``: empty and overdue ones first."""
    now = now or timezone.now()
    found = []
    for column in with_last_update(columns.filter(live=True)):
        due_by = None
        if column.last_update is not None:
            due_by = column.last_update + max_update_interval(column.update_category)
        overdue = due_by is None or due_by < now
        found.append(Freshness(column, column.last_update, due_by, overdue))
    found.sort(key=lambda f: (not f.empty, not f.overdue, f.due_by or now, f.column.path))
    return found
