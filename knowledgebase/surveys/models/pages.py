"""征集调查 (R24): a survey or a solicitation of opinions, an information item like any other.

What the public reads of it — the questions, the period, the result summary — goes live only
through the platform's review (三审三校, :mod:`editorial.gate`): publishing the result is a new
revision with the summary, reviewed like any change.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.timezone import get_default_timezone, localtime
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from cms.content.models import ContentItemPage
from cms.content.richtext import SanitisedRichTextField
from cms.labels import public_label

from .responses import SurveyClosure

CLOSES_BEFORE_OPENING = _("A survey cannot close before it opens.")
OPTION_TWICE = _("The option “%(option)s” is offered twice in one question.")
FREE_TEXT_LIMIT = 5000


class SurveyKind(models.TextChoices):
    SURVEY = "survey", _("Survey (调查)")
    SOLICITATION = "solicitation", _("Solicitation of opinions (意见征集)")


class ChoiceQuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("question"), max_length=300)
    options = blocks.ListBlock(
        blocks.CharBlock(label=_("option"), max_length=200),
        label=_("options"),
        min_num=2,
        max_num=30,
    )
    required = blocks.BooleanBlock(label=_("answer required"), required=False, default=True)

    class Meta:
        icon = "list-ul"


class FreeTextQuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("question"), max_length=300)
    max_length = blocks.IntegerBlock(
        label=_("longest answer (characters)"),
        min_value=1,
        max_value=FREE_TEXT_LIMIT,
        default=2000,
    )
    required = blocks.BooleanBlock(label=_("answer required"), required=False, default=True)

    class Meta:
        icon = "edit"
        label = _("Free text")


SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
FREE_TEXT = "free_text"
CHOICE_TYPES = frozenset({SINGLE_CHOICE, MULTIPLE_CHOICE})
QUESTION_BLOCKS = [
    (SINGLE_CHOICE, ChoiceQuestionBlock(label=_("Single choice"))),
    (MULTIPLE_CHOICE, ChoiceQuestionBlock(label=_("Multiple choice"), icon="tick-inverse")),
    (FREE_TEXT, FreeTextQuestionBlock()),
]


def _moment(value: datetime | None) -> str | None:
    """A moment as every public API of the platform writes it: ISO 8601 in Asia/Shanghai."""
    if value is None:
        return None
    return localtime(value, get_default_timezone()).replace(microsecond=0).isoformat()


class SurveyPage(ContentItemPage):
    """征集调查. The body introduces it; a solicitation attaches its draft as an attachment.

    Contact details are not asked for in this version (R26): no question type collects them.
    """

    public_type = "survey"

    survey_kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SurveyKind.choices,
        default=SurveyKind.SURVEY,
        help_text=_(
            "A survey asks questions; a solicitation asks for opinions, e.g. on a draft policy "
            "attached below."
        ),
    )
    opens_at = models.DateTimeField(
        _("opens at"), help_text=_("Responses are accepted from this moment on.")
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        help_text=_("Responses are accepted until this moment; the result is due a month later."),
    )
    questions = StreamField(
        QUESTION_BLOCKS,
        verbose_name=_("questions"),
        min_num=1,
        max_num=50,
        help_text=_("A solicitation is usually one free-text question."),
    )
    result_summary = SanitisedRichTextField(
        _("result summary"),
        blank=True,
        help_text=_(
            "Empty until the result is published. Publishing it is a new version of the survey, "
            "reviewed like any change, within one month of the close (R24)."
        ),
    )

    content_panels = [
        *ContentItemPage.content_panels[:2],
        MultiFieldPanel(
            [
                FieldPanel("survey_kind"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Survey"),
        ),
        FieldPanel("questions"),
        *ContentItemPage.content_panels[2:],
        FieldPanel("result_summary"),
    ]

    class Meta:
        verbose_name = _("survey or solicitation")
        verbose_name_plural = _("surveys and solicitations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": CLOSES_BEFORE_OPENING}, code="period")
        for block in self.questions:
            if block.block_type in CHOICE_TYPES:
                options = [str(option) for option in block.value["options"]]
                twice = next((o for o in options if options.count(o) > 1), None)
                if twice is not None:
                    raise ValidationError(
                        {"questions": OPTION_TWICE % {"option": twice}}, code="option_twice"
                    )

    def question_list(self) -> list[dict[str, Any]]:
        """The questions as plain data: what the public reads and what answers are checked
        against. A question is named by its block's id, which stays the same across versions."""
        found = []
        for block in self.questions:
            value = block.value
            question = {
                "id": block.id,
                "type": block.block_type,
                "text": value["text"],
                "required": bool(value["required"]),
            }
            if block.block_type in CHOICE_TYPES:
                question["options"] = [str(option) for option in value["options"]]
            else:
                question["max_length"] = int(value["max_length"] or FREE_TEXT_LIMIT)
            found.append(question)
        return found

    @property
    def result_published(self) -> bool:
        # An emptied editor leaves markup without text (``<p></p>``): no result.
        return bool(strip_tags(self.result_summary or "").strip())

    def closed_early_at(self) -> datetime | None:
        """When the survey was closed before its time (:func:`..services.survey_close_now`)."""
        closure = SurveyClosure.objects.filter(survey_id=self.pk).first()
        if closure is not None and self.closes_at and closure.closed_at < self.closes_at:
            return closure.closed_at
        return None

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "survey_kind": {
                "code": self.survey_kind,
                "label": public_label(self.get_survey_kind_display()),
            },
            "opens_at": _moment(self.opens_at),
            "closes_at": _moment(self.closes_at),
            "closed_early_at": _moment(self.closed_early_at()),
            "result_published": self.result_published,
        }

    def public_detail(self) -> dict[str, Any]:
        summary = None
        if self.result_published:
            summary = self.public_media.rich_text(self.result_summary)
        return {
            **super().public_detail(),
            "questions": self.question_list(),
            "result_summary": summary,
        }
