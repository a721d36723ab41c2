"""政策文件: a policy document with the disclosure metadata of Chinese government sites (R9)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Page
from wagtail.search import index

from cms.content.media import public_references
from cms.content.models import ContentItemPage
from cms.labels import public_label

from ..document_numbers import parse_document_number
from .disclosure import IndexNumber
from .taxonomy import TopicCategory

# Where a cleared interpretation names its documents (``cms.content.releases.references``).
EXPLAINED_IN = "interpreted_documents.document"

NOT_IN_FUTURE = _("This date cannot be in the future.")
NUMBER_YEAR_AFTER_WRITTEN = _(
    "The year in the document number cannot be later than the year the document was written."
)
VALIDITY_DATE_REQUIRED = _("Give the date from which the document is no longer fully valid.")
VALIDITY_DATE_BEFORE_WRITTEN = _("The validity cannot change before the document was written.")
REPLACEMENT_ONLY_WHEN_INVALID = _(
    "Only a revised, expired or repealed document names the document that replaces it."
)
REPLACED_BY_ITSELF = _("A document cannot replace itself.")
REPLACEMENT_CYCLE = _("These replacements form a cycle: a document would replace itself.")


class Validity(models.TextChoices):
    VALID = "valid", _("Valid (有效)")
    REVISED = "revised", _("Revised (已修订)")
    EXPIRED = "expired", _("Expired (失效)")
    REPEALED = "repealed", _("Repealed (废止)")


# The short label the public sees, prominently.
VALIDITY_LABELS = {
    Validity.VALID: _("In force"),
    Validity.REVISED: _("Revised"),
    Validity.EXPIRED: _("Expired"),
    Validity.REPEALED: _("Repealed"),
}
NO_LONGER_VALID = frozenset({Validity.EXPIRED, Validity.REPEALED})


def _today():
    return timezone.localdate()


class PolicyDocumentPage(ContentItemPage):
    """政策文件."""

    public_type = "policy"

    issuing_office = models.CharField(
        _("issuing office (发文机关)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty only when the document itself does not name it."),
    )
    document_number = models.CharField(
        _("document number (发文字号)"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 渭政发〔2026〕12号; leave empty if the document has none."),
    )
    written_on = models.DateField(
        _("date written (成文日期)"),
        null=True,
        blank=True,
        help_text=_("Leave empty only when the document itself does not give it."),
    )
    formed_on = models.DateField(
        _("date the information was formed or changed"),
        null=True,
        blank=True,
        help_text=_(
            "Proactive disclosure is due 20 working days after this date. Defaults to the date "
            "written, or the publication date, or the day it is entered."
        ),
    )
    published_on = models.DateField(
        _("publication date (发布日期)"),
        null=True,
        blank=True,
        help_text=_("As published by the issuing office; empty means the date it goes live here."),
    )
    topic_category = models.ForeignKey(
        "interpretation.TopicCategory",
        verbose_name=_("topic category (主题分类)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_words = models.CharField(
        _("subject words (主题词)"), max_length=200, blank=True, help_text=_("Separated by spaces.")
    )
    validity = models.CharField(
        _("validity (有效性)"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    wide_impact = models.BooleanField(
        _("wide impact (涉及面广、社会关注度高)"),
        default=False,
        help_text=_("Such a document goes live only together with at least one interpretation."),
    )

    content_panels = [
        *ContentItemPage.content_panels[:1],
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issuing_office"), FieldPanel("document_number")]),
                FieldRowPanel(
                    [FieldPanel("written_on"), FieldPanel("formed_on"), FieldPanel("published_on")]
                ),
                FieldRowPanel([FieldPanel("topic_category"), FieldPanel("subject_words")]),
                FieldPanel("wide_impact"),
            ],
            heading=_("Disclosure metadata"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_changed_on")]),
                PageChooserPanel("replaced_by", "interpretation.PolicyDocumentPage"),
            ],
            heading=_("Validity"),
        ),
        *ContentItemPage.content_panels[1:],
    ]
    search_fields = [
        *ContentItemPage.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_office"),
        index.SearchField("subject_words"),
        index.AutocompleteField("document_number"),
        index.AutocompleteField("issuing_office"),
        index.AutocompleteField("subject_words"),
        index.FilterField("validity"),
    ]

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    @property
    def information_formed_on(self):
        return self.formed_on or self.written_on or self.published_on

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        today = _today()
        for name in ("written_on", "formed_on", "published_on", "validity_changed_on"):
            value = getattr(self, name)
            if value and value > today:
                errors.setdefault(name, []).append(ValidationError(NOT_IN_FUTURE, code="future"))
        if self.document_number:
            self.document_number = self.document_number.strip()
            try:
                number = parse_document_number(self.document_number)
            except ValidationError as error:
                errors.setdefault("document_number", []).append(error)
            else:
                if number.year and self.written_on and number.year > self.written_on.year:
                    errors.setdefault("document_number", []).append(
                        ValidationError(NUMBER_YEAR_AFTER_WRITTEN, code="year")
                    )
        if self.validity != Validity.VALID:
            if not self.validity_changed_on:
                errors.setdefault("validity_changed_on", []).append(
                    ValidationError(VALIDITY_DATE_REQUIRED, code="validity_date_missing")
                )
            elif self.written_on and self.validity_changed_on < self.written_on:
                errors.setdefault("validity_changed_on", []).append(
                    ValidationError(VALIDITY_DATE_BEFORE_WRITTEN, code="before_written")
                )
        if self.replaced_by_id:
            problem = self._replacement_problem()
            if problem:
                errors.setdefault("replaced_by", []).append(problem)
        if errors:
            raise ValidationError(errors)
        if not self.formed_on:
            self.formed_on = self.written_on or self.published_on or today

    def _replacement_problem(self) -> ValidationError | None:
        if self.validity == Validity.VALID:
            return ValidationError(REPLACEMENT_ONLY_WHEN_INVALID, code="still_valid")
        if self.pk and self.replaced_by_id == self.pk:
            return ValidationError(REPLACED_BY_ITSELF, code="self")
        seen = {self.pk}
        current = self.replaced_by_id
        while current is not None:
            if current in seen:
                return ValidationError(REPLACEMENT_CYCLE, code="cycle")
            seen.add(current)
            current = (
                PolicyDocumentPage.objects.filter(pk=current)
                .values_list("replaced_by_id", flat=True)
                .first()
            )
        return None

    # What the public reads (rendered once, when it goes live; see publicapi).
    def validity_data(self) -> dict[str, Any]:
        replaced_by = public_references([self.replaced_by_id] if self.replaced_by_id else [])
        return {
            "code": self.validity,
            "label": public_label(VALIDITY_LABELS[self.validity]),
            "in_force": self.validity not in NO_LONGER_VALID,
            "changed_on": self.validity_changed_on.isoformat()
            if self.validity_changed_on
            else None,
            "replaced_by": replaced_by[0] if replaced_by else None,
        }

    def _public_topic_category(self) -> str | None:
        if self.topic_category_id is None:
            return None
        label = self.public_media.label(TopicCategory, self.topic_category_id)
        return label["name"] if label else None

    def index_number(self) -> str | None:
        return IndexNumber.objects.filter(page_id=self.pk).values_list("number", flat=True).first()

    def cleared_interpretation_ids(self) -> list[int]:
        """The live interpretations whose reviewed version explains this document: read off the
        links their releases keep (``ReleasedPageLink``), not the link rows, which code below
        ``save()`` could change. An interpretation with no release yet (imported, never
        rendered) is taken from the link rows, checked against its live revision."""
        released = Page.objects.filter(
            live=True,
            live_revision__release__page_links__page_id=self.pk,
            live_revision__release__page_links__field=EXPLAINED_IN,
        ).values_list("pk", flat=True)
        unreleased = Page.objects.filter(
            pk__in=self.interpretation_links.values("interpretation_id"),
            live=True,
            live_revision__release__isnull=True,
        ).values_list("pk", "live_revision__content")
        return sorted(
            {*released}
            | {
                page_id
                for page_id, content in unreleased
                if any(
                    link.get("document") == self.pk
                    for link in (content or {}).get("interpreted_documents", [])
                )
            }
        )

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "index_number": self.index_number(),
            "issuing_office": self.issuing_office,
            "document_number": self.document_number,
            "written_on": self.written_on.isoformat() if self.written_on else None,
            "validity": self.validity_data(),
        }

    def public_detail(self) -> dict[str, Any]:
        first = self.first_published_at
        published_on = self.published_on or (timezone.localdate(first) if first else None)
        return {
            **super().public_detail(),
            "published_on": published_on.isoformat() if published_on else None,
            "formed_on": self.information_formed_on.isoformat()
            if self.information_formed_on
            else None,
            "topic_category": self._public_topic_category(),
            "subject_words": self.subject_words.split(),
            "wide_impact": self.wide_impact,
            "interpretations": public_references(self.cleared_interpretation_ids()),
        }
