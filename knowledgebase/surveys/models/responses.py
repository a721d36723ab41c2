"""What the public leaves on a survey, and the record of closing one early.

Neither is content: nothing here is public, and neither goes through review.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyResponse(models.Model):
    """One sender's answers, checked against the questions of the survey's live revision.

    No personal data: the sender is kept only as a keyed hash of their address and the survey
    (``fingerprint``), enough to fold a repeated submission and useless to find them by.
    """

    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version answered"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The live version of the survey whose questions were answered."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    answers = models.JSONField(
        _("answers"),
        help_text=_("By question id: an option, a list of options, or a text."),
    )
    fingerprint = models.CharField(
        _("sender fingerprint"),
        max_length=64,
        help_text=_("A keyed hash of the sender's address and the survey; not the address."),
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(
                fields=["survey", "fingerprint", "submitted_at"], name="surveyresp_sender"
            ),
            models.Index(fields=["survey", "submitted_at"], name="surveyresp_recent"),
        ]

    def __str__(self) -> str:
        return f"response {self.pk} to survey {self.survey_id}"


class SurveyClosure(models.Model):
    """A survey closed before its announced close (``survey_close_now``): the submit endpoint
    honours it, and the result is due a month after it."""

    survey = models.OneToOneField(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="closure",
    )
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=1000, help_text=_("Why it closed early."))

    class Meta:
        verbose_name = _("early close of a survey")
        verbose_name_plural = _("early closes of surveys")

    def __str__(self) -> str:
        return f"survey {self.survey_id} closed {self.closed_at:%Y-%m-%d %H:%M}"
