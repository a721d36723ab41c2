"""A page's rows, as Wagtail's own path leaves them for a page created and published once.

For each page: a ``wagtailcore_page`` row (treebeard path, depth, numchild, url_path, specific
content type, default locale, ``live=True``, ``has_unpublished_changes=False``), the row of its
type's table (multi-table inheritance), one row per ``ParentalManyToManyField`` link, and one
revision, both latest and live, whose content is what ``save_revision()`` stores. Not written
here: the search and reference indexes and the admin's log entries, which a loader adds if it
wants them (the demo does, the benchmark does not).

The caller reserves the ids (:func:`.rows.reserve_ids`) and computes the paths
(:mod:`cms.content.treepaths`), so every parent and revision is known before a row is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from modelcluster.models import get_all_child_m2m_relations
from wagtail.models import Locale, Page, Revision

from ..treepaths import STEPLEN
from .revisions import revision_content
from .rows import Table


class _LinkTable:
    """The rows of one ``ParentalManyToManyField``'s through table."""

    def __init__(self, field):
        through = field.remote_field.through
        self.name = field.name
        self.table = Table.local(through, without=["id"])
        self.source = through._meta.get_field(field.m2m_field_name()).attname
        self.target = through._meta.get_field(field.m2m_reverse_field_name()).attname

    def add(self, page_id: int, target_ids: Iterable[int]) -> None:
        for target_id in target_ids:
            self.table.add({self.source: page_id, self.target: target_id})


class PageRows:
    """Collects the rows of pages of the given types; :meth:`flush` writes them."""

    def __init__(self, models: Iterable[type[Page]]):
        self.locale_id = Locale.get_default().pk
        self.page_content_type_id = ContentType.objects.get_for_model(Page).pk
        models = list(dict.fromkeys(models))
        self.content_type_ids = {
            cls: type_id
            for cls, type_id in zip(
                models,
                (ContentType.objects.get_for_model(cls).pk for cls in models),
                strict=True,
            )
        }
        self.page_table = Table.local(Page)
        self.type_tables = {cls: Table.local(cls) for cls in models}
        self.link_tables = {
            cls: [_LinkTable(field) for field in get_all_child_m2m_relations(cls)] for cls in models
        }
        self.revision_table = Table.local(Revision)

    def values(
        self,
        cls: type[Page],
        *,
        page_id: int,
        path: str,
        numchild: int,
        title: str,
        slug: str,
        url_path: str,
        owner_id: int | None,
        translation_key: uuid.UUID,
    ) -> dict[str, Any]:
        """The shared page fields of a new page, a draft until :meth:`add_published`."""
        return {
            "id": page_id,
            "page_ptr_id": page_id,
            "path": path,
            "depth": len(path) // STEPLEN,
            "numchild": numchild,
            "translation_key": translation_key,
            "locale_id": self.locale_id,
            "latest_revision_id": None,
            "live": False,  # a draft until published, as the admin creates pages
            "has_unpublished_changes": False,
            "first_published_at": None,
            "last_published_at": None,
            "live_revision_id": None,
            "title": title,
            "draft_title": title,
            "slug": slug,
            "content_type_id": self.content_type_ids[cls],
            "url_path": url_path,
            "owner_id": owner_id,
            "latest_revision_created_at": None,
            "search_description": "",
        }

    def add_published(
        self,
        page: Page,
        *,
        revision_id: int,
        published_at: datetime,
        revised_at: datetime,
        user_id: int | None,
        links: dict[str, list[int]] | None = None,
    ) -> None:
        """Add the page's rows and its one revision, as if saved, revised and published.

        ``links`` holds the ids of each ``ParentalManyToManyField`` (``co_issuing_units``).
        The first publication keeps ``first_published_at`` if the page has one already.
        """
        content = revision_content(page, links)  # taken before publishing, as Wagtail does
        values = page.__dict__
        values["live"] = True
        values["has_unpublished_changes"] = False
        values["latest_revision_id"] = revision_id
        values["live_revision_id"] = revision_id
        if values.get("first_published_at") is None:
            values["first_published_at"] = published_at
        values["last_published_at"] = published_at
        values["latest_revision_created_at"] = revised_at
        cls = type(page)
        self.page_table.add(page)
        self.type_tables[cls].add(page)
        for link in self.link_tables[cls]:
            link.add(page.pk, (links or {}).get(link.name, ()))
        self.revision_table.add(
            {
                "id": revision_id,
                "content_type_id": values["content_type_id"],
                "base_content_type_id": self.page_content_type_id,
                "object_id": str(page.pk),
                "created_at": revised_at,
                "user_id": user_id,
                "object_str": page.title,
                "content": content,
                "approved_go_live_at": None,
            }
        )

    def tables(self) -> list[Table]:
        """Every table, referenced rows first: deferred constraint checks find them either way."""
        return [
            self.page_table,
            *self.type_tables.values(),
            self.revision_table,
            *(link.table for links in self.link_tables.values() for link in links),
        ]

    def flush(self) -> int:
        """Write what was added; the number of rows."""
        return sum(table.flush() for table in self.tables())
