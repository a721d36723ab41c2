from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxKind(models.TextChoices):
    LEADER = "leader", _("Head's mailbox")
    CONSULTATION = "consultation", _("Consultation")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    OTHER = "other", _("Other")


class Mailbox(models.Model):
    """A place on a site where citizens write (区长信箱, 咨询, 投诉 …), answered by one unit.

    What a mailbox collects is set here and nowhere else: the ID number and attachments only
    where the mailbox needs them (R26, collect only what is needed)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="mailboxes",
        help_text=_("The site whose visitors write to this mailbox."),
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("As the public sees it."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=MailboxKind.choices, default=MailboxKind.CONSULTATION
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("answering unit"),
        on_delete=models.PROTECT,
        related_name="mailboxes",
        help_text=_("New messages go to this unit; it may transfer them to another."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What to write here, shown above the form.")
    )
    categories = models.TextField(
        _("categories"),
        blank=True,
        help_text=_("The categories a sender chooses from, one per line; none: no category."),
    )
    requires_id_number = models.BooleanField(
        _("requires an ID number"),
        default=False,
        help_text=_("Only where the matter cannot be handled without it (R26)."),
    )
    accepts_attachments = models.BooleanField(
        _("accepts attachments"),
        default=True,
        help_text=_("Whether senders may add files (PDF, images, Word and Excel documents)."),
    )
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("A closed mailbox takes no new messages.")
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers are listed first.")
    )

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["site", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]
