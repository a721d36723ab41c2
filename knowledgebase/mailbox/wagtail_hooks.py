from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.organisation.access import units_in_reach
from cms.organisation.models import Role

from . import services
from .admin_views import InteractionGroup, RepliesAwaitingApprovalPanel

LOG_LABELS = {
    services.LOG_SUBMIT: _("Message received"),
    services.LOG_TRANSFER: _("Message transferred"),
    services.LOG_REPLY_WRITE: _("Reply written"),
    services.LOG_REPLY_SUBMIT: _("Reply submitted for approval"),
    services.LOG_REPLY_APPROVE: _("Reply approved"),
    services.LOG_REPLY_RETURN: _("Reply returned"),
    services.LOG_MARK_INVALID: _("Message marked invalid"),
    services.LOG_VIEW_CONTACT: _("Sender's contact details viewed"),
    services.LOG_OPEN_ATTACHMENT: _("Sender's attachment opened"),
    services.LOG_PURGE: _("Message purged after the retention period"),
}


@hooks.register("register_log_actions")
def mailbox_log_actions(actions):
    for action, label in LOG_LABELS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_viewset")
def mailbox_admin():
    return InteractionGroup()


@hooks.register("construct_homepage_panels")
def replies_awaiting_approval(request, panels):
    if units_in_reach(request.user, [Role.SECTION_CHIEF]):
        panels.append(RepliesAwaitingApprovalPanel())
