"""The index of what the public may find: one row per public page, its text cut into words.

The rows are portable; each database adds its own full-text structure beside them (migration
0002): an FTS5 table on SQLite, a weighted ``tsvector`` column with a GIN index on PostgreSQL.
:mod:`search.embedded` keeps both in step and reads them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedPage(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    # The materialised path of the page's column, to search a column and what is below it.
    column_path = models.CharField(max_length=255, blank=True, db_index=True)
    kind = models.CharField(_("type"), max_length=40)
    title = models.TextField(_("title"))
    published_at = models.DateTimeField(_("published at"), null=True)
    archived = models.BooleanField(_("filed (已归档)"), default=False)
    # The words (search.segment.as_indexed) of each weighted part.
    title_words = models.TextField(blank=True)
    number_words = models.TextField(blank=True)
    body_words = models.TextField(blank=True)

    class Meta:
        verbose_name = _("indexed page")
        verbose_name_plural = _("indexed pages")
        indexes = [models.Index(fields=["site", "-published_at"], name="search_site_newest")]

    def __str__(self) -> str:
        return self.title
