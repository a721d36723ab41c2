"""政策解读: an interpretation product explaining one or several policy documents (R9, R21)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from cms.content.media import public_references
from cms.content.models import ContentItemPage
from cms.labels import public_label

MEDIA_URL_REQUIRED = _("A video, audio or animation interpretation needs the address of its media.")
DOCUMENT_REQUIRED = _("Choose at least one policy document that this interpretation explains.")
DOCUMENT_TWICE = _("The same policy document is chosen twice.")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("Text (文字解读)")
    GRAPHIC = "graphic", _("Graphic (图解)")
    VIDEO = "video", _("Video (视频解读)")
    AUDIO = "audio", _("Audio (音频解读)")
    ANIMATION = "animation", _("Animation or H5 (动漫/H5)")
    EXPERT = "expert", _("Expert interpretation (专家解读)")
    OFFICIAL = "official", _("Official interpretation (领导解读)")
    PRESS_CONFERENCE = "press_conference", _("Press conference (新闻发布会)")
    MEDIA_COMMENTARY = "media_commentary", _("Media commentary (媒体评论)")


class InterpreterKind(models.TextChoices):
    DRAFTING_UNIT = "drafting_unit", _("Drafting unit (起草部门)")
    OFFICIAL = "official", _("Responsible official (主要负责人/分管负责人)")
    EXPERT = "expert", _("Expert or scholar (专家学者)")
    MEDIA = "media", _("News media (新闻媒体)")


MEDIA_FORMS = frozenset(
    {InterpretationForm.VIDEO, InterpretationForm.AUDIO, InterpretationForm.ANIMATION}
)


def documents_problem(document_ids: list[int]) -> ValidationError | None:
    """What is wrong with the documents an interpretation explains, if anything."""
    if not document_ids:
        return ValidationError(DOCUMENT_REQUIRED, code="no_document")
    if len(document_ids) != len(set(document_ids)):
        return ValidationError(DOCUMENT_TWICE, code="duplicate")
    return None


class InterpretationPageForm(WagtailAdminPageForm):
    """The documents are inline rows, which the page's own clean() does not see yet."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("interpreted_documents")
        if formset is not None and formset.is_valid():
            ids = [
                form.cleaned_data["document"].pk
                for form in formset.forms
                if form.cleaned_data.get("document") and not form.cleaned_data.get("DELETE")
            ]
            problem = documents_problem(ids)
            if problem is not None:
                self.add_error(None, problem)
        return cleaned


class InterpretationPage(ContentItemPage):
    """政策解读."""

    public_type = "interpretation"

    form = models.CharField(
        _("form of interpretation"), max_length=20, choices=InterpretationForm.choices
    )
    interpreter = models.CharField(
        _("interpreted by"), max_length=100, help_text=_("The person or body who interprets.")
    )
    interpreter_kind = models.CharField(
        _("interpreter is"), max_length=20, choices=InterpreterKind.choices
    )
    interpreter_title = models.CharField(_("position or affiliation"), max_length=100, blank=True)
    media_url = models.URLField(_("media address"), blank=True)

    base_form_class = InterpretationPageForm

    content_panels = [
        *ContentItemPage.content_panels[:1],
        InlinePanel(
            "interpreted_documents",
            heading=_("Policy documents explained"),
            label=_("policy document"),
            min_num=1,
        ),
        MultiFieldPanel(
            [
                FieldPanel("form"),
                FieldRowPanel(
                    [
                        FieldPanel("interpreter"),
                        FieldPanel("interpreter_kind"),
                        FieldPanel("interpreter_title"),
                    ]
                ),
                FieldPanel("media_url"),
            ],
            heading=_("Interpretation"),
        ),
        *ContentItemPage.content_panels[1:],
    ]

    class Meta:
        verbose_name = _("policy interpretation")
        verbose_name_plural = _("policy interpretations")

    def document_ids(self) -> list[int]:
        # In memory for a page rebuilt from a revision or a form (modelcluster).
        return [link.document_id for link in self.interpreted_documents.all() if link.document_id]

    def clean(self):
        super().clean()
        errors = {}
        if self.form in MEDIA_FORMS and not self.media_url:
            errors["media_url"] = ValidationError(MEDIA_URL_REQUIRED, code="media_missing")
        if errors:
            raise ValidationError(errors)

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "form": {"code": self.form, "label": public_label(self.get_form_display())},
            "interpreter": self.interpreter,
        }

    def public_detail(self) -> dict[str, Any]:
        # The documents it explains as its live revision says (``publicapi.services.
        # shown_version``), those that are public, in its order.
        links = sorted(self.interpreted_documents.all(), key=lambda link: link.sort_order or 0)
        documents = public_references([link.document_id for link in links])
        return {
            **super().public_detail(),
            "interpreter_kind": {
                "code": self.interpreter_kind,
                "label": public_label(self.get_interpreter_kind_display()),
            },
            "interpreter_title": self.interpreter_title,
            "media_url": self.media_url,
            "documents": documents,
            # Flagged as its documents are: an interpretation of repealed policy says so.
            "documents_in_force": all(doc["validity"]["in_force"] for doc in documents),
        }


class InterpretedDocument(Orderable):
    """One policy document an interpretation explains; read both ways."""

    interpretation = ParentalKey(
        InterpretationPage, on_delete=models.CASCADE, related_name="interpreted_documents"
    )
    document = models.ForeignKey(
        "interpretation.PolicyDocumentPage",
        verbose_name=_("policy document"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [PageChooserPanel("document", "interpretation.PolicyDocumentPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("policy document explained")
        verbose_name_plural = _("policy documents explained")
