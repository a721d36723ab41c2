"""The index of what the public may find: one row per public page, its text cut into words.

The rows are portable; each database adds its own full-text structure beside them (migration
0002): an FTS5 table on SQLite, a weighted ``tsvector`` column with a GIN index on PostgreSQL.
:mod:`search.embedded` keeps both in step and reads them.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s,，、;；]+")
TOO_FEW_TERMS = _("An entry needs two or more terms.")


def entry_terms(text: str) -> list[str]:
    """The terms of a synonym entry as written: separated by spaces or commas, each once."""
    return list(dict.fromkeys(term for term in _SEPARATORS.split(text or "") if term))


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
    validity = models.CharField(_("validity (有效性)"), max_length=10, blank=True)
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


class Synonym(models.Model):
    """Terms a citizen may use for one another (医保, 医疗保障, 医疗保险): a query naming any
    of them finds what names the others. Edited in the admin, imported with ``search_synonyms``."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        unique=True,
        help_text=_("Two or more terms that mean the same, separated by spaces or commas."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def clean(self):
        terms = entry_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError({"terms": TOO_FEW_TERMS})
        self.terms = " ".join(terms)


class MissedQuery(models.Model):
    """A query that found nothing, as folded, with how often and since when: what citizens
    could not find."""

    query = models.CharField(_("query"), max_length=100)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(_("times asked"), default=1)
    first_asked_at = models.DateTimeField(_("first asked at"), auto_now_add=True)
    last_asked_at = models.DateTimeField(_("last asked at"), auto_now=True)

    class Meta:
        verbose_name = _("query without results")
        verbose_name_plural = _("queries without results")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "site"],
                condition=models.Q(site__isnull=False),
                name="search_missed_once_per_site",
            ),
            models.UniqueConstraint(
                fields=["query"],
                condition=models.Q(site__isnull=True),
                name="search_missed_once_platform",
            ),
        ]

    def __str__(self) -> str:
        return self.query
