"""What the rescan of live content found, and what it has scanned with which dictionary.

* ``ContentHit``: one term of the 错敏词 dictionary found in one live page (one row per page and
  term, however often it occurs), with the unit and site it belongs to, so a unit's list is one
  indexed query;
* ``ScannedTerm``: the dictionary the last complete pass scanned with; the difference with the
  active dictionary is what the next pass has to do (:mod:`.rescan`);
* ``ScannedPage``: each live page as last scanned, by the ETag of what the public is served;
  a page whose ETag differs, or that has no row, is scanned again, and one gone from the read
  model loses its hits;
* ``ScanState``: one row, the progress of a full pass (so a killed run resumes); one run at a
  time is the platform's job lock (:mod:`cms.jobs.runs`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentHit(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint's index starts with the page
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # indexed below, with the order the dashboard reads in
    )
    column = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    term = models.CharField(_("term"), max_length=100)
    category = models.CharField(_("category"), max_length=20)
    severity = models.CharField(_("severity"), max_length=10)
    blocking = models.BooleanField(_("blocking"))
    correction = models.CharField(_("correction"), max_length=200, blank=True)
    start = models.PositiveIntegerField(
        help_text="Where the term first occurs in the page's text (title, summary, text)."
    )
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    excerpt = models.CharField(_("excerpt"), max_length=200)
    first_found_at = models.DateTimeField(_("first found"))
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("content finding")
        verbose_name_plural = _("content findings")
        constraints = [
            models.UniqueConstraint(fields=["page", "term"], name="contenthit_page_term"),
        ]
        indexes = [
            models.Index(
                fields=["unit", "-blocking", "-first_found_at", "-id"], name="contenthit_unit"
            ),
            models.Index(
                fields=["site", "-blocking", "-first_found_at", "-id"], name="contenthit_site"
            ),
            models.Index(fields=["term"], name="contenthit_term"),
            # The platform's superusers read every unit's hits in the same order.
            models.Index(fields=["-blocking", "-first_found_at", "-id"], name="contenthit_all"),
        ]

    def __str__(self) -> str:
        return f"{self.term} @ {self.page_id}"


class ScannedTerm(models.Model):
    """A term of the dictionary as the last complete pass matched it."""

    term = models.CharField(max_length=100, unique=True)
    correction = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.term


class ScannedPage(models.Model):
    """A live page as last scanned: its ETag then."""

    page_id = models.BigIntegerField(primary_key=True)
    etag = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.page_id} {self.etag}"


class ScanState(models.Model):
    """The one row of the rescan's progress (one run at a time: :mod:`cms.jobs.runs`)."""

    # A full pass under way: the last page id done (pages are scanned in id order), else null.
    full_pass_position = models.BigIntegerField(null=True, blank=True)
    full_pass_started_at = models.DateTimeField(null=True, blank=True)
    last_full_pass_at = models.DateTimeField(null=True, blank=True)
    last_pass_at = models.DateTimeField(null=True, blank=True)
    # The newest publication (``PublicPage.updated_at``) the passes have seen.
    updated_through = models.DateTimeField(null=True, blank=True)
    # The digest of the dictionary the last pass brought the hits up to date with.
    dictionary_digest = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"rescan state {self.last_pass_at}"
