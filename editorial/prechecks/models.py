from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .choices import Severity, TermCategory

TERM_MAX_LENGTH = 100
CORRECTION_MAX_LENGTH = 200

TERM_EMPTY = _("A term cannot be empty or only spaces.")
TERM_MULTILINE = _("A term must fit on one line.")
CORRECTION_SAME_AS_TERM = _("The correction is the same as the term.")


class SensitiveTerm(models.Model):
    """One entry of the platform's dictionary of 错敏词 (wrong and sensitive wording).

    The pre-publication scan matches every active term in the title, summary, body and other
    text of an item; the finding takes the term's severity: a warning is shown to the reviewers,
    a blocking finding stops the item until it is corrected.
    """

    term = models.CharField(_("term"), max_length=TERM_MAX_LENGTH, unique=True)
    correction = models.CharField(
        _("correction"),
        max_length=CORRECTION_MAX_LENGTH,
        blank=True,
        help_text=_("The wording to use instead. Leave empty if the term must simply go."),
    )
    category = models.CharField(_("category"), max_length=20, choices=TermCategory.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why the term is listed, or when it is acceptable.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("correction"),
        FieldPanel("category"),
        FieldPanel("severity"),
        FieldPanel("is_active"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("sensitive term")
        verbose_name_plural = _("sensitive terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def clean(self):
        super().clean()
        self.term = (self.term or "").strip()
        self.correction = (self.correction or "").strip()
        if not self.term:
            raise ValidationError({"term": TERM_EMPTY}, code="required")
        if "\n" in self.term or "\r" in self.term:
            raise ValidationError({"term": TERM_MULTILINE}, code="multiline")
        if self.correction and self.correction == self.term:
            raise ValidationError({"correction": CORRECTION_SAME_AS_TERM}, code="same")
