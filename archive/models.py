"""The archive state of a page (R22) and the rules that file pages automatically.

A filed page keeps its place, its URL and its live revision: the archive is a fact *about* the
page, kept beside it, never a change of its content. So filing needs no review, makes no
revision, and any page type can be filed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

NEGATIVE_AGE = _("The age must be a whole number of days, zero or more.")
AGE_REQUIRED = _("An age rule needs the age, in days, after which items are filed.")
AGE_ONLY_FOR_AGE_RULES = _("Only an age rule takes an age.")
COLUMN_REQUIRED = _("Retiring a column needs the column.")
COLUMN_OUTSIDE_SITE = _("This column is not on the rule's site.")


class ArchiveReason(models.TextChoices):
    REDESIGN = "redesign", _("Redesign or migration (改版/迁移)")
    NO_LONGER_VALID = "no_longer_valid", _("Expired or repealed (失效/废止)")
    AGED = "aged", _("Past its age (到期)")
    COLUMN_RETIRED = "column_retired", _("Column retired (栏目撤销)")
    MANUAL = "manual", _("Filed by hand (手工)")


class RuleKind(models.TextChoices):
    NEWS_AGE = "news_age", _("News older than an age")
    NO_LONGER_VALID = "no_longer_valid", _("Policy documents expired or repealed")
    RETIRE_COLUMN = "retire_column", _("Retire a column: everything under it")


class ArchiveRule(models.Model):
    """A rule the filing job applies, to a whole site or to one column (and those below it)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    column = models.ForeignKey(
        "content.ColumnPage",
        verbose_name=_("column"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to apply the rule to the whole site."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    # Not a PositiveIntegerField: a negative age must get its own message, not Django's.
    max_age_days = models.IntegerField(
        _("age in days"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365 * 100)],
        help_text=_("News items first published longer ago than this are filed."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("archive rule")
        verbose_name_plural = _("archive rules")
        ordering = ["site_id", "kind", "pk"]
        constraints = [
            # A negative age would file everything: refused by the database too.
            models.CheckConstraint(
                condition=models.Q(max_age_days__isnull=True) | models.Q(max_age_days__gte=0),
                name="archiverule_age_not_negative",
                violation_error_code="negative_age",
                violation_error_message=NEGATIVE_AGE,
            )
        ]

    def __str__(self) -> str:
        where = self.column.title if self.column_id else self.site.site_name
        return f"{where} · {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.max_age_days is not None and self.max_age_days < 0:
            errors["max_age_days"] = ValidationError(NEGATIVE_AGE, code="negative_age")
        elif self.kind == RuleKind.NEWS_AGE and self.max_age_days is None:
            errors["max_age_days"] = ValidationError(AGE_REQUIRED, code="age_required")
        elif self.kind != RuleKind.NEWS_AGE and self.max_age_days is not None:
            errors["max_age_days"] = ValidationError(AGE_ONLY_FOR_AGE_RULES, code="age_unused")
        if self.kind == RuleKind.RETIRE_COLUMN and self.column_id is None:
            errors["column"] = ValidationError(COLUMN_REQUIRED, code="column_required")
        if self.column_id is not None and self.site_id is not None:
            root = self.site.root_page
            if not self.column.path.startswith(root.path):
                errors["column"] = ValidationError(COLUMN_OUTSIDE_SITE, code="column_outside")
        if errors:
            raise ValidationError(errors)

    @property
    def reason(self) -> str:
        return {
            RuleKind.NEWS_AGE: ArchiveReason.AGED,
            RuleKind.NO_LONGER_VALID: ArchiveReason.NO_LONGER_VALID,
            RuleKind.RETIRE_COLUMN: ArchiveReason.COLUMN_RETIRED,
        }[RuleKind(self.kind)]


class PageArchive(models.Model):
    """A filed page: when, why, and by whom or by which rule. Restoring removes the row (the
    audit log keeps both steps)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="archive"
    )
    archived_at = models.DateTimeField(_("archived at"))
    reason = models.CharField(_("reason"), max_length=20, choices=ArchiveReason.choices)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule = models.ForeignKey(
        ArchiveRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("archived page")
        verbose_name_plural = _("archived pages")

    def __str__(self) -> str:
        return f"page {self.page_id} archived {self.archived_at:%Y-%m-%d}"
