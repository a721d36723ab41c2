"""The content item types. Each is a leaf below a column."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.search import index

from cms.labels import public_label

from ..announcements import AnnouncementKind, pin_refusal
from .base import BasePage
from .columns import UnitScopedPermissionTester
from .mixins import (
    AttachmentsMixin,
    BodyMixin,
    CoverImageMixin,
    ReviewMetadataMixin,
    SourceMixin,
)

TOPIC_ENDS_BEFORE_START = _("A special topic cannot end before it starts.")


class ContentItemPage(
    SourceMixin, ReviewMetadataMixin, BodyMixin, CoverImageMixin, AttachmentsMixin, BasePage
):
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []

    content_panels = [
        # The automatic checks of the draft (R13), filled in by the apps above (editorial/).
        HelpPanel(template="content/item_checks.html", heading=_("Automatic checks")),
        *BasePage.content_panels,
        *BodyMixin.content_panels,
        *CoverImageMixin.content_panels,
        *AttachmentsMixin.content_panels,
        *SourceMixin.content_panels,
        *ReviewMetadataMixin.content_panels,
    ]
    search_fields = [*BasePage.search_fields, *BodyMixin.search_fields]
    # For Wagtail's own API v2, which the benchmarks compare ours with.
    api_fields = [
        *BodyMixin.api_fields,
        *CoverImageMixin.api_fields,
        *AttachmentsMixin.api_fields,
        *SourceMixin.api_fields,
    ]

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return ReviewedItemPermissionTester(user, self)


class ReviewedItemPermissionTester(UnitScopedPermissionTester):
    """Nobody — a superuser neither — publishes an information item by pressing a button: the
    last approval of the review publishes it (R17, R18; see editorial/gate.py)."""

    def can_publish(self):
        return False

    def can_publish_subpage(self):
        return False


class NewsPage(ContentItemPage):
    """动态要闻."""

    public_type = "news"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class NoticePage(ContentItemPage):
    """通知公告, and the announcements among them that stay pinned for a minimum time (R7:
    :mod:`cms.content.announcements`)."""

    public_type = "notice"

    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it does not expire.")
    )
    announcement_kind = models.CharField(
        _("kind of announcement"),
        max_length=20,
        choices=AnnouncementKind.choices,
        default=AnnouncementKind.ORDINARY,
        help_text=_(
            "Site opening and closure or migration notices stay pinned at least 30 days, "
            "new-media change or closure notices at least 15 working days, a temporary offline "
            "notice while it holds."
        ),
    )
    pinned_until = models.DateField(
        _("pinned until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day it is shown pinned on the site's home page; leave empty not to pin it."
        ),
    )

    content_panels = [
        *ContentItemPage.content_panels,
        FieldPanel("valid_until"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("announcement_kind"), FieldPanel("pinned_until")])],
            heading=_("Pinned announcement"),
        ),
    ]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def clean(self):
        super().clean()
        first_published = self.first_published_at
        refusal = pin_refusal(
            self.announcement_kind,
            self.pinned_until,
            first_published_on=timezone.localdate(first_published) if first_published else None,
            today=timezone.localdate(),
        )
        if refusal:
            raise ValidationError({"pinned_until": refusal}, code="pin")

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "pinned_until": self.pinned_until.isoformat() if self.pinned_until else None,
            "announcement_kind": {
                "code": self.announcement_kind,
                "label": public_label(self.get_announcement_kind_display()),
            },
        }

    def public_detail(self) -> dict[str, Any]:
        valid_until = self.valid_until.isoformat() if self.valid_until else None
        return {**super().public_detail(), "valid_until": valid_until}


class TopicPage(ContentItemPage):
    """专题专栏: a special topic with its own period."""

    public_type = "topic"

    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    content_panels = [
        *ContentItemPage.content_panels,
        MultiFieldPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Period")),
    ]

    class Meta:
        verbose_name = _("special topic")
        verbose_name_plural = _("special topics")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": TOPIC_ENDS_BEFORE_START}, code="period")

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
        }


class ResponseKind(models.TextChoices):
    PUBLIC_CONCERN = "concern", _("Response to public concern (回应关切)")
    RUMOUR_REBUTTAL = "rumour", _("Rumour rebuttal (辟谣)")


class ResponsePage(ContentItemPage):
    """回应关切 / 辟谣."""

    public_type = "response"

    response_kind = models.CharField(
        _("kind of response"),
        max_length=20,
        choices=ResponseKind.choices,
        default=ResponseKind.PUBLIC_CONCERN,
    )
    concern = models.TextField(
        _("the concern or rumour"), max_length=1000, help_text=_("What the public asked or heard.")
    )

    content_panels = [
        *ContentItemPage.content_panels,
        FieldPanel("response_kind"),
        FieldPanel("concern"),
    ]
    search_fields = [
        *ContentItemPage.search_fields,
        index.SearchField("concern"),
        index.AutocompleteField("concern"),
    ]

    class Meta:
        verbose_name = _("response to public concern")
        verbose_name_plural = _("responses to public concern")

    def public_summary(self) -> dict[str, Any]:
        return {**super().public_summary(), "response_kind": self.response_kind}

    def public_detail(self) -> dict[str, Any]:
        return {**super().public_detail(), "concern": self.concern}
