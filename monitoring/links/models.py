"""What the link checks keep: each link once, where it is used, and its history (错断链, R30).

``Link`` is one address, normalised (:mod:`monitoring.links.addresses`), with its state after
the last check; ``LinkCheck`` is the history, one row per check; ``LinkUse`` says which live
page uses the link, with the page's site and responsible unit written when it is collected, so
the dashboard reads a unit's broken links with one indexed query; ``CollectedPage`` remembers
which version of each read-model row the uses were taken from (one run at a time is
:mod:`monitoring.links.runs`). The rules live in named modules: states and the blip rule in
:mod:`monitoring.links.history`, the HTTP check in :mod:`monitoring.links.http`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    INTERNAL = "internal", _("Page of the platform")
    MEDIA = "media", _("File of the platform")
    EXTERNAL = "external", _("External address")


class LinkState(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    ALIVE = "alive", _("Alive")
    REDIRECTED = "redirected", _("Redirected")
    DEAD = "dead", _("Dead")
    TIMEOUT = "timeout", _("Timing out")
    FILED = "filed", _("Leads to a filed page")


# States that list a link as broken: the address is dead, timing out, or leads to a filed page.
FAILING_STATES = (LinkState.DEAD, LinkState.TIMEOUT, LinkState.FILED)


class Link(models.Model):
    url = models.TextField(_("address"))
    url_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of ``url``.")
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices)
    # Internal links: the site whose read model answers them, and the path on it; media links:
    # the path below the platform's address.
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    path = models.TextField(blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=LinkState.choices, default=LinkState.UNCHECKED
    )
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    final_url = models.TextField(_("final address"), blank=True)
    error = models.TextField(_("error"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("The first failing check of the current run of failures."),
    )
    consecutive_failures = models.PositiveIntegerField(_("failing checks in a row"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        indexes = [
            # The next run's work: the least recently checked first, never checked before all.
            models.Index(fields=["checked_at", "id"], name="link_due"),
            models.Index(
                fields=["state", "failing_since"],
                name="link_failing",
                condition=Q(failing_since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.url


class LinkCheck(models.Model):
    """One check of a link (after the retries of its run): the history."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("checked at"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=LinkState.choices)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    final_url = models.TextField(_("final address"), blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time taken (ms)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        indexes = [
            models.Index(fields=["link", "-checked_at"], name="linkcheck_link_recent"),
            models.Index(fields=["checked_at"], name="linkcheck_age"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.outcome} {self.checked_at:%Y-%m-%d %H:%M}"


class LinkUse(models.Model):
    """A live page uses a link; the site and responsible unit are written when collected."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="uses")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    page_title = models.CharField(_("page title"), max_length=255)
    page_url_path = models.CharField(_("page path"), max_length=1024)
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    column = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The column the page belongs to (the column itself for a column).",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    where = models.CharField(
        _("field"), max_length=100, help_text=_("The fields of the page that hold the link.")
    )
    # The link's state and failing_since, copied whenever the state changes
    # (monitoring.links.history): a unit's broken links, longest failing first, are then read
    # from a small partial index, never from all its uses.
    link_state = models.CharField(
        max_length=16, choices=LinkState.choices, default=LinkState.UNCHECKED
    )
    link_failing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link use")
        verbose_name_plural = _("link uses")
        constraints = [
            models.UniqueConstraint(fields=["page", "link"], name="linkuse_page_link"),
        ]
        indexes = [
            models.Index(fields=["unit", "link"], name="linkuse_unit"),
            models.Index(fields=["site", "link"], name="linkuse_site"),
            models.Index(
                fields=["unit", "link_failing_since", "link"],
                name="linkuse_unit_failing",
                condition=Q(link_state__in=FAILING_STATES),
            ),
            models.Index(
                fields=["site", "link_failing_since", "link"],
                name="linkuse_site_failing",
                condition=Q(link_state__in=FAILING_STATES),
            ),
            # A column given to another unit: its uses follow (collection.py).
            models.Index(fields=["column", "unit"], name="linkuse_column_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.link_id}"


class CollectedPage(models.Model):
    """Which version of a read-model row its links were last collected from."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    etag = models.CharField(max_length=40)
    updated_at = models.DateTimeField()
    collected_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.page_id} {self.etag}"
