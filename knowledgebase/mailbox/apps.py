from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    """Citizens' messages: mailboxes, handling on the official calendar, replies (R23, R26)."""

    name = "knowledgebase.mailbox"
    label = "mailbox"
    verbose_name = _("Citizens' messages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.leavers import registry

        from .handover import ReplyDraftsPart

        registry.register(ReplyDraftsPart())
