from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter

from . import services, views
from .parts import LOG_ACTION
from .scope import may_hand_over_anyone

DEACTIVATE_THROUGH_HANDOVER = _(
    "%(name)s still holds work (roles, columns, drafts or reviews): deactivating the account "
    "here would leave it waiting on nobody. Use the handover of a leaver, which hands it to a "
    "successor and deactivates the account."
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("leavers/", views.people, name="leavers_people"),
        path("leavers/<int:user_id>/", views.handover, name="leavers_handover"),
        path("leavers/history/", views.history, name="leavers_history"),
    ]


class LeaversMenuItem(MenuItem):
    def is_shown(self, request):
        return may_hand_over_anyone(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return LeaversMenuItem(
        _("Handover of a leaver"), reverse("leavers_people"), icon_name="user", order=610
    )


@hooks.register("register_user_listing_buttons")
def handover_button(user, request_user):
    if may_hand_over_anyone(request_user) and user.is_active:
        if services.refusal_to_act(request_user, user) is None:
            yield ListingButton(
                _("Hand over and deactivate"),
                reverse("leavers_handover", args=[user.pk]),
                priority=50,
            )


@hooks.register("before_edit_user")
def refuse_deactivation_of_a_holder(request, user):
    """Unticking "active" on Wagtail's user form while the person still holds work is refused:
    the handover is the one way to deactivate them, so nothing waits on an account that cannot
    log in. A person who holds nothing may be deactivated there as before."""
    if request.method != "POST" or not user.is_active or request.user.pk == user.pk:
        return None
    if "is_active" in request.POST or not services.holds_work(user):
        return None
    messages.error(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            DEACTIVATE_THROUGH_HANDOVER % {"name": user.get_username()},
            reverse("leavers_handover", args=[user.pk]),
            _gettext("Hand over and deactivate"),
        ),
    )
    if services.refusal_to_act(request.user, user) is None:
        return redirect("leavers_handover", user.pk)
    return redirect("wagtailusers_users:edit", user.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deactivation_of_holders(request, action_type, objects, action):
    """Wagtail's bulk "set active state" is refused the same way for anyone who holds work."""
    if action_type != "set_active_state" or request.POST.get("mark_as_active") != "False":
        return None
    holders = [
        person
        for person in objects
        if person.is_active and person.pk != request.user.pk and services.holds_work(person)
    ]
    if not holders:
        return None
    for person in holders:
        messages.error(request, DEACTIVATE_THROUGH_HANDOVER % {"name": person.get_username()})
    return redirect("leavers_people")


class HandoverFormatter(LogFormatter):
    label = _("Handed over (leaver)")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _gettext("Handover of a leaver: from %(from)s to %(to)s") % {
            "from": data.get("from", ""),
            "to": data.get("to", ""),
        }


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(LOG_ACTION)(HandoverFormatter)
