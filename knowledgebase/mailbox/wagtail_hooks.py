from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import services

LOG_LABELS = {
    services.LOG_SUBMIT: _("Message received"),
    services.LOG_TRANSFER: _("Message transferred"),
    services.LOG_REPLY_WRITE: _("Reply written"),
    services.LOG_REPLY_SUBMIT: _("Reply submitted for approval"),
    services.LOG_REPLY_APPROVE: _("Reply approved"),
    services.LOG_REPLY_RETURN: _("Reply returned"),
    services.LOG_MARK_INVALID: _("Message marked invalid"),
    services.LOG_VIEW_CONTACT: _("Sender's contact details viewed"),
    services.LOG_PURGE: _("Message purged after the retention period"),
}


@hooks.register("register_log_actions")
def mailbox_log_actions(actions):
    for action, label in LOG_LABELS.items():
        actions.register_action(action, label, label)
