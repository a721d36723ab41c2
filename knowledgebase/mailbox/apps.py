from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    """Citizens' messages: mailboxes, handling on the official calendar, replies (R23, R26)."""

    name = "knowledgebase.mailbox"
    label = "mailbox"
    verbose_name = _("Citizens' messages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from cms.backup.registry import register_private_tree
        from cms.leavers import registry

        from .handover import ReplyDraftsPart

        # Senders' attachments live outside the media (no URL): the backup keeps them apart.
        register_private_tree("mailbox", lambda: settings.MAILBOX_PRIVATE_ROOT)
        registry.register(ReplyDraftsPart())
