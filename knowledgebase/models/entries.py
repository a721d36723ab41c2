"""知识库条目: a standard question and the answer the government gives to it (R25).

An entry is an information item: it goes live only through the platform's review, the same
三审三校 every item passes (the gate of :mod:`editorial.gate`), not a lighter stage of its own.
An answer in the knowledge base is the government's word as much as a notice is, and a second,
shorter road to the public would be one more road to audit and to keep closed.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.search import index

from cms.content.media import public_references
from cms.content.models import ContentItemPage
from cms.labels import public_label

from .topics import ServiceTopic

ANSWER_REQUIRED = _("Write the answer to the question.")
VALID_UNTIL_PAST = _("An entry cannot be valid only until a day that has passed.")
TOO_MANY_PHRASINGS = _("At most %(max)s similar phrasings, one per line.")

MAX_PHRASINGS = 30
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_keywords(text: str) -> list[str]:
    return list(dict.fromkeys(word for word in _SEPARATORS.split(text or "") if word))


def split_lines(text: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


class KnowledgeEntryPage(ContentItemPage):
    """知识库条目. The title is the standard question (标准问题); the body is the answer."""

    public_type = "knowledge"

    topic = models.CharField(_("topic"), max_length=20, choices=ServiceTopic.choices)
    keywords = models.CharField(
        _("keywords"),
        max_length=200,
        blank=True,
        help_text=_("Words a citizen would use, separated by spaces or 、."),
    )
    phrasings = models.TextField(
        _("similar phrasings (相似问法)"),
        blank=True,
        help_text=_("Other ways citizens ask the same question, one per line."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The day after which the answer no longer holds; it then leaves the public side."
        ),
    )
    source_messages = ParentalManyToManyField(
        "mailbox.Message",
        verbose_name=_("source messages"),
        blank=True,
        related_name="+",
        help_text=_("The citizens' messages this entry was drafted from; never shown publicly."),
    )
    guide = models.ForeignKey(
        "knowledgebase.ServiceGuidePage",
        verbose_name=_("service guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The guide of the service this question is about, if any."),
    )

    content_panels = [
        *ContentItemPage.content_panels[:2],
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("topic"), FieldPanel("valid_until")]),
                FieldPanel("keywords"),
                FieldPanel("phrasings"),
                PageChooserPanel("guide", "knowledgebase.ServiceGuidePage"),
                FieldPanel("source_messages", read_only=True),
            ],
            heading=_("Question"),
        ),
        *ContentItemPage.content_panels[2:],
    ]
    search_fields = [
        *ContentItemPage.search_fields,
        index.SearchField("keywords"),
        index.SearchField("phrasings"),
        # The admin's search asks by autocomplete (search/wagtail_backend.py).
        index.AutocompleteField("keywords"),
        index.AutocompleteField("phrasings"),
    ]

    class Meta:
        verbose_name = _("knowledge base entry")
        verbose_name_plural = _("knowledge base entries")

    def clean(self):
        super().clean()
        errors = {}
        if not (self.body or "").strip() and not (self.summary or "").strip():
            errors["body"] = ValidationError(ANSWER_REQUIRED, code="required")
        if self.valid_until and self.valid_until < timezone.localdate():
            errors["valid_until"] = ValidationError(VALID_UNTIL_PAST, code="past")
        if len(split_lines(self.phrasings)) > MAX_PHRASINGS:
            errors["phrasings"] = ValidationError(
                TOO_MANY_PHRASINGS, code="too_many", params={"max": MAX_PHRASINGS}
            )
        if errors:
            raise ValidationError(errors)

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "topic": {"code": self.topic, "label": public_label(self.get_topic_display())},
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }

    def public_detail(self) -> dict[str, Any]:
        # The guide as the live revision names it, if the public may see it.
        guides = public_references([self.guide_id]) if self.guide_id else []
        return {
            **super().public_detail(),
            "keywords": split_keywords(self.keywords),
            "phrasings": split_lines(self.phrasings),
            "guide": guides[0] if guides else None,
        }
