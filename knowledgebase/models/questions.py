"""What citizens asked the automatic answers: how often each entry answered, and the questions
it could not answer, grouped by their words so staff see the missing topics first (R25)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryPopularity(models.Model):
    """How much the public uses an entry or guide: read in its detail and matched by a question.
    Kept apart from the page, whose rows only review may change."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    matches = models.PositiveIntegerField(_("questions answered"), default=0)
    last_matched_at = models.DateTimeField(_("last matched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("popularity")
        verbose_name_plural = _("popularity")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.views} / {self.matches}"


class QuestionState(models.TextChoices):
    OPEN = "open", _("Waiting for an entry")
    ANSWERED = "answered", _("An entry now answers it")
    DISMISSED = "dismissed", _("Not for the knowledge base")


class AskedQuestion(models.Model):
    """A question the automatic answers could not answer with confidence. Questions with the same
    words in any order (``topic_key``) are one row, counted."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for a question asked across the platform."),
    )
    topic_key = models.CharField(_("words"), max_length=200)
    question = models.CharField(_("question"), max_length=100, help_text=_("As first asked."))
    count = models.PositiveIntegerField(_("times asked"), default=1)
    first_asked_at = models.DateTimeField(_("first asked at"), auto_now_add=True)
    last_asked_at = models.DateTimeField(_("last asked at"), auto_now=True)
    state = models.CharField(
        _("state"), max_length=20, choices=QuestionState.choices, default=QuestionState.OPEN
    )
    entry = models.ForeignKey(
        "knowledgebase.KnowledgeEntryPage",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")
        ordering = ["-count", "-last_asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "topic_key"], name="askedquestion_site_key"),
            models.UniqueConstraint(
                fields=["topic_key"],
                condition=models.Q(site__isnull=True),
                name="askedquestion_platform_key",
            ),
        ]

    def __str__(self) -> str:
        return self.question
