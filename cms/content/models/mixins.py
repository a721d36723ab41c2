"""Small abstract mixins: each brings its fields, its panels and its part of the public data."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.search import index

from ..richtext import SanitisedRichTextField
from .sources import ReprintSource

REPRINT_NEEDS_WHITELISTED_SOURCE = _(
    "A reprint must name its source from the platform's whitelist of party and government "
    "bodies and authoritative media."
)
SOURCE_REQUIRED = _("Name the source (来源) of this item.")
INACTIVE_SOURCE = _("This source has been removed from the whitelist.")


class Importance(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary (一般)")
    IMPORTANT = "important", _("Important (重要)")
    MAJOR = "major", _("Major (重大)")


class BodyMixin(models.Model):
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    body = SanitisedRichTextField(_("body"), blank=True)

    content_panels = [FieldPanel("summary"), FieldPanel("body")]
    api_fields = [APIField("summary"), APIField("body")]
    # Autocomplete too: the admin's page search, explorer and chooser ask Wagtail's index by
    # autocomplete, which reads only these (search/wagtail_backend.py).
    search_fields = [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
    ]

    class Meta:
        abstract = True

    def public_summary(self) -> dict[str, Any]:
        return {**super().public_summary(), "summary": self.summary}

    def public_detail(self) -> dict[str, Any]:
        return {**super().public_detail(), "body": self.public_media.rich_text(self.body)}


class CoverImageMixin(models.Model):
    cover_image = models.ForeignKey(
        "content.PlatformImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [FieldPanel("cover_image")]
    api_fields = [APIField("cover_image")]

    class Meta:
        abstract = True

    def _cover(self) -> dict[str, Any] | None:
        if self.cover_image_id is None:
            return None
        return self.public_media.image(self.cover_image_id)

    def public_summary(self) -> dict[str, Any]:
        return {**super().public_summary(), "cover": self._cover()}


class SourceMixin(models.Model):
    """来源 and 转载 (R11): a reprint names a whitelisted source."""

    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("The unit that produced this item. Reprints pick their source below."),
    )
    is_reprint = models.BooleanField(_("reprint"), default=False)
    reprint_source = models.ForeignKey(
        "content.ReprintSource",
        verbose_name=_("reprinted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_reprint"), FieldPanel("reprint_source")],
            heading=_("Source"),
        )
    ]
    api_fields = [APIField("source"), APIField("is_reprint"), APIField("reprint_source")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.is_reprint:
            if self.reprint_source is None:
                raise ValidationError(
                    {"reprint_source": REPRINT_NEEDS_WHITELISTED_SOURCE}, code="reprint_source"
                )
            if not self.reprint_source.is_active:
                raise ValidationError({"reprint_source": INACTIVE_SOURCE}, code="inactive")
        elif not self.source.strip():
            raise ValidationError({"source": SOURCE_REQUIRED}, code="required")

    @property
    def source_name(self) -> str:
        if self.is_reprint and self.reprint_source is not None:
            return self.reprint_source.name
        return self.source

    def _public_source(self) -> str:
        if self.is_reprint and self.reprint_source_id is not None:
            label = self.public_media.label(ReprintSource, self.reprint_source_id)
            return label["name"] if label else ""
        return self.source

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "source": self._public_source(),
            "is_reprint": self.is_reprint,
        }


class ReviewMetadataMixin(models.Model):
    """What the review workflow needs to know: importance (R19) and co-issuers (R20)."""

    importance = models.CharField(
        _("importance"), max_length=20, choices=Importance.choices, default=Importance.ORDINARY
    )
    co_issuing_units = ParentalManyToManyField(
        "organisation.Unit",
        verbose_name=_("co-issuing units"),
        blank=True,
        related_name="+",
        help_text=_(
            "Units that issue this item jointly; each must consent before the third review."
        ),
    )

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("importance"), FieldPanel("co_issuing_units")], heading=_("Review")
        )
    ]

    class Meta:
        abstract = True

    def public_detail(self) -> dict[str, Any]:
        return {
            **super().public_detail(),
            "co_issuing_units": [unit.name for unit in self.co_issuing_units.all()],
        }


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("attachment")


class AttachmentsMixin(models.Model):
    attachments = StreamField(
        [("attachment", AttachmentBlock())], verbose_name=_("attachments"), blank=True
    )

    content_panels = [FieldPanel("attachments")]
    api_fields = [APIField("attachments")]

    class Meta:
        abstract = True

    def public_detail(self) -> dict[str, Any]:
        files = []
        # The stored blocks name their files by id; the files come from the public media.
        for block in self.attachments.raw_data:
            value = block.get("value") or {}
            document = self.public_media.document(value.get("document"))
            if document is None:
                continue
            files.append({**document, "title": value.get("title") or document["title"]})
        return {**super().public_detail(), "attachments": files}
