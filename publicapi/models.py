"""The read model behind the public API.

A page's public representation is rendered once, when it goes live or changes place, and kept
here as JSON text; the API serves these rows without serialising anything per request. Only
live pages without view restrictions have a row: the table itself is the public surface.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Default listings leave filed pages out (R22); the archive reads only them. Each side has its
# own partial indexes, so neither pays for the other.
CURRENT = Q(archived_at__isnull=True)
ARCHIVED = Q(archived_at__isnull=False)


class PublicPage(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Indexed by the composite indexes below, which all start with the site.
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    column = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    type = models.CharField(max_length=32)
    is_item = models.BooleanField(help_text="Content items appear in listings; columns do not.")
    url_path = models.CharField(max_length=1024)
    published_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    listing_json = models.TextField()
    detail_json = models.TextField()
    etag = models.CharField(max_length=40)
    archived_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(
        blank=True, help_text="Title, summary and text of the page, for the site's search."
    )
    pinned_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last day a notice is shown pinned (R7); null when it is not pinned.",
    )
    # ``publicapi.integrity``: the keyed signature over every column above, written with them.
    signature = models.CharField(max_length=80, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(
                fields=["site", "is_item", "-published_at", "-page"],
                name="publicpage_site_recent",
                condition=CURRENT,
            ),
            models.Index(
                fields=["site", "type", "-published_at", "-page"],
                name="publicpage_type_recent",
                condition=CURRENT,
            ),
            models.Index(
                fields=["column", "-published_at", "-page"],
                name="publicpage_col_recent",
                condition=CURRENT,
            ),
            # A type across the platform: the knowledge base's answers read entries and guides.
            models.Index(
                fields=["type", "-published_at", "-page"],
                name="publicpage_kind_recent",
                condition=CURRENT,
            ),
            models.Index(fields=["site", "url_path"], name="publicpage_site_path"),
            # A site's columns, a few among its rows: a listing's column and those below it.
            models.Index(fields=["site", "type", "url_path"], name="publicpage_site_type_path"),
            # The pinned announcements of a site's home page: a few rows among many.
            models.Index(
                fields=["site", "pinned_until"],
                name="publicpage_site_pinned",
                condition=CURRENT & Q(pinned_until__isnull=False),
            ),
            models.Index(
                fields=["site", "-published_at", "-page"],
                name="publicpage_archive_recent",
                condition=ARCHIVED,
            ),
            # The archive of a column, newest first, and the site map's archive section, which
            # counts per column while a filing runs.
            models.Index(
                fields=["site", "column", "-published_at", "-page"],
                name="publicpage_archive_site_col",
                condition=ARCHIVED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.page_id} {self.url_path}"


class PublicCount(models.Model):
    """How many ``PublicPage`` rows share a site, a column, a type and an archive state: what a
    listing filters by, so that its count is a read of a few rows (one per column and type in
    its scope), not a COUNT over a site's rows. Written by database triggers on ``PublicPage``
    in the statement that writes the rows (:mod:`publicapi.counts`), whoever writes them."""

    site_id = models.IntegerField()
    # The row's nearest column (``PublicPage.column``); 0 for the pages without one.
    column_id = models.IntegerField()
    type = models.CharField(max_length=32)
    archived = models.BooleanField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site_id", "column_id", "type", "archived"], name="publiccount_key"
            )
        ]

    def __str__(self) -> str:
        return f"site {self.site_id} column {self.column_id} {self.type}: {self.count}"


class PublicSite(models.Model):
    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    listing_json = models.TextField()
    detail_json = models.TextField()
    sitemap_json = models.TextField()
    etag = models.CharField(max_length=40)
    updated_at = models.DateTimeField()
    # ``publicapi.integrity``: the keyed signature over every column above, written with them.
    signature = models.CharField(max_length=80, blank=True, default="")

    def __str__(self) -> str:
        return f"site {self.site_id}"


class TamperEvent(models.Model):
    """A public row or file found changed behind the platform's back (R36), and what was done
    (R37 先行处置): one row per finding, written by ``publicapi.tamper``; never edited."""

    class Kind(models.TextChoices):
        PAGE_ROW = "page_row", _("page in the public read model")
        SITE_ROW = "site_row", _("site in the public read model")
        FILE = "file", _("file shown to the public")

    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Plain ids, not keys: the record outlives the row it is about.
    page_id = models.IntegerField(_("page"), null=True, blank=True)
    site_id = models.IntegerField(_("site"), null=True, blank=True)
    path = models.CharField(_("file"), max_length=1024, blank=True)
    reason = models.CharField(_("finding"), max_length=32)
    expected = models.CharField(_("expected digest"), max_length=100, blank=True)
    found = models.CharField(_("found digest"), max_length=100, blank=True)
    action = models.TextField(_("what was done"))

    class Meta:
        verbose_name = _("tamper event")
        verbose_name_plural = _("tamper events")
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id or self.site_id or self.path} {self.detected_at}"


class IntegrityCheck(models.Model):
    """One finished run of the tamper check (``publicapi.tamper.verify_publication``): when, how
    much it read and what it found, so the administrators and the yearly report can show that
    the public content is watched, not only what was caught."""

    class Result(models.TextChoices):
        SOUND = "sound", _("nothing changed")
        FOUND = "found", _("changes found and taken offline")
        WRONG_KEY = "wrong_key", _("wrong signing key: nothing checked")

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    pages = models.PositiveIntegerField(_("page rows checked"), default=0)
    sites = models.PositiveIntegerField(_("site rows checked"), default=0)
    files = models.PositiveIntegerField(_("files checked"), default=0)
    findings = models.PositiveIntegerField(_("findings"), default=0)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)

    class Meta:
        verbose_name = _("tamper check run")
        verbose_name_plural = _("tamper check runs")
        ordering = ["-finished_at", "-pk"]
        indexes = [models.Index(fields=["finished_at"], name="publicapi_check_finished")]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.finished_at}"
