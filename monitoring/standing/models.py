"""What the daily inspection keeps: the thresholds, each day's run, each site's standing with its
findings, each column's state, and every warning sent (so that each is sent once)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="warning")
class VetoThresholds(BaseGenericSetting):
    """The veto lines (单项否决, 004 第十四条) and the warning window, as data an administrator
    can adjust; the defaults are the national check's."""

    home_stale_days = models.PositiveSmallIntegerField(
        _("home page and news columns: days without an update"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_(
            "A site fails outright when its home page or a news column goes this many days "
            "without an update."
        ),
    )
    notice_policy_stale_months = models.PositiveSmallIntegerField(
        _("notice and policy columns: months without an update"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    overdue_columns_limit = models.PositiveSmallIntegerField(
        _("overdue columns that fail a site"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Columns not updated within their own update category (R4), empty ones too."),
    )
    empty_columns_limit = models.PositiveSmallIntegerField(
        _("empty columns that fail a site"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    unanswered_months = models.PositiveSmallIntegerField(
        _("months a valid message may stay unanswered"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    new_media_idle_days = models.PositiveSmallIntegerField(
        _("government new media: days without a publication"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_(
            "A site fails outright when one of its running new-media accounts publishes "
            "nothing for this many days."
        ),
    )
    warning_workdays = models.PositiveSmallIntegerField(
        _("working days of warning"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_(
            "How many working days before a column falls overdue, or a site would fail, the "
            "people responsible are told."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("home_stale_days"),
                FieldPanel("notice_policy_stale_months"),
                FieldPanel("overdue_columns_limit"),
                FieldPanel("empty_columns_limit"),
                FieldPanel("unanswered_months"),
                FieldPanel("new_media_idle_days"),
            ],
            heading=_("Veto lines"),
        ),
        FieldPanel("warning_workdays"),
    ]

    class Meta:
        verbose_name = _("veto thresholds")


class Inspection(models.Model):
    """One day's inspection of the platform: a row per day, so a run is idempotent and a run
    that stopped half-way is resumed by the next (one run at a time: :mod:`cms.jobs.runs`)."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    day = models.DateField(_("day"), unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.state}"


class Standing(models.TextChoices):
    PASS = "pass", _("Passes")
    AT_RISK = "at_risk", _("At risk")
    FAIL = "fail", _("Fails (单项否决)")


STANDING_RANK = {Standing.PASS: 0, Standing.AT_RISK: 1, Standing.FAIL: 2}


class SiteStanding(models.Model):
    """A site's standing against the veto items on the day of an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="sites")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    standing = models.CharField(_("standing"), max_length=10, choices=Standing.choices)
    columns = models.PositiveIntegerField(_("columns"), default=0)
    overdue_columns = models.PositiveIntegerField(_("overdue columns"), default=0)
    empty_columns = models.PositiveIntegerField(_("empty columns"), default=0)
    unanswered_messages = models.PositiveIntegerField(_("messages unanswered too long"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("site standing")
        verbose_name_plural = _("site standings")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "site"], name="standing_once_per_day")
        ]
        indexes = [models.Index(fields=["site", "-inspection"], name="standing_site_recent")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.standing}"


class Rule(models.TextChoices):
    """The veto items (004 第十四条), each a rule of :mod:`monitoring.standing.rules`."""

    HOME_STALE = "home_stale", _("Home page not updated")
    NEWS_STALE = "news_stale", _("News column not updated")
    NOTICE_POLICY_STALE = "notice_policy_stale", _("Notice or policy column not updated")
    OVERDUE_COLUMNS = "overdue_columns", _("Too many overdue columns")
    EMPTY_COLUMNS = "empty_columns", _("Too many empty columns")
    NO_CHANNEL = "no_channel", _("No open consultation channel")
    UNANSWERED = "unanswered", _("Valid message unanswered")
    NEW_MEDIA_IDLE = "new_media_idle", _("Government new-media account not updated")


class Finding(models.Model):
    """One veto item that has tripped (``trips_on`` on or before the day) or will trip within
    the warning window, naming what trips it and who answers for it."""

    standing = models.ForeignKey(SiteStanding, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("rule"), max_length=24, choices=Rule.choices)
    tripped = models.BooleanField(_("tripped"))
    trips_on = models.DateField(_("trips on"))
    subject = models.CharField(_("subject"), max_length=255)
    column = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "mailbox.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    account = models.ForeignKey(
        "newmedia.Account", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    since = models.DateTimeField(
        _("since"),
        null=True,
        blank=True,
        help_text=_("The last update, or when the message arrived; empty when never updated."),
    )
    count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-tripped", "trips_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"


class ColumnState(models.Model):
    """A column's freshness on the day of an inspection (R4): the history the quarterly
    circular reads (what was late, what was fixed)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="columns")
    column = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    category = models.CharField(max_length=20)
    last_update = models.DateTimeField(null=True)
    late_on = models.DateField(help_text="The day the column is (or was) late by its category.")
    empty = models.BooleanField()
    overdue = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "column"], name="column_state_once")
        ]
        indexes = [
            models.Index(fields=["inspection", "unit", "late_on"], name="column_state_unit_due"),
            models.Index(fields=["column", "-inspection"], name="column_state_history"),
        ]

    def __str__(self) -> str:
        return f"{self.column_id} late on {self.late_on}"


class Warning(models.Model):
    """A warning sent to one person, once: the key says what it is about (a column's due day,
    a site's standing on a day), and the unique constraint keeps a rerun from sending it again."""

    class Kind(models.TextChoices):
        COLUMN_DUE = "column_due", _("Column due soon")
        COLUMN_OVERDUE = "column_overdue", _("Column overdue")
        SITE_AT_RISK = "site_at_risk", _("Site at risk of a veto")
        SITE_FAILING = "site_failing", _("Site fails a veto item")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"))
    mailed = models.BooleanField(
        _("mailed"), help_text=_("False when the person asked for no monitoring mail.")
    )

    class Meta:
        verbose_name = _("monitoring warning")
        verbose_name_plural = _("monitoring warnings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="warning_once")
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="warning_recipient")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"


class WarningPreference(models.Model):
    """Whether a person wants the monitoring's warnings by mail (they stay on the dashboard)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_preference"
    )
    mail_warnings = models.BooleanField(
        _("mail me monitoring warnings"),
        default=True,
        help_text=_("Columns about to fall overdue or overdue, and sites at risk of a veto."),
    )

    class Meta:
        verbose_name = _("monitoring mail preference")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mail_warnings}"
