from django.db import models
from django.utils.translation import gettext_lazy as _


class SenderContact(models.Model):
    """Who wrote a message, in a table of its own (R26): no API serialises it, the public text
    never joins it except to mask the sender's name, and staff read it only through
    :func:`knowledgebase.mailbox.services.contact_reveal`, which logs every read."""

    message = models.OneToOneField(
        "mailbox.Message",
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="contact",
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("The sender's name."))
    mobile = models.CharField(_("mobile number"), max_length=11, help_text=_("11 digits."))
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        blank=True,
        help_text=_("Only collected where the mailbox requires it."),
    )

    class Meta:
        verbose_name = _("sender's contact details")
        verbose_name_plural = _("senders' contact details")

    def __str__(self) -> str:
        return str(self.message)
