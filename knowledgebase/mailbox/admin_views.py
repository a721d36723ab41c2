"""政民互动 in Wagtail's admin: the mailboxes (site administrators), the messages of the units
a person serves with their deadlines, one message with its actions, and the section chief's
dashboard panel of replies awaiting approval. Every action calls a service of
:mod:`knowledgebase.mailbox.services`; these views only show and ask."""

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.organisation.access import roles_held, units_in_reach
from cms.organisation.models import Role, Unit
from cms.sites.models import SiteIdentity, run_by

from .. import drafting
from . import selectors, services
from .models import Attachment, Mailbox, Message, MessageState

# --- Mailboxes ---------------------------------------------------------------------------------


def sites_administered(user):
    """The sites whose mailboxes ``user`` sets up: those run by a unit where they are the
    网站管理员; every site for a platform superuser."""
    if user.is_superuser:
        return Site.objects.all()
    units = units_in_reach(user, [Role.SITE_ADMIN])
    return Site.objects.filter(pk__in=SiteIdentity.objects.filter(run_by(units)).values("site_id"))


class MailboxPermissionPolicy(BasePermissionPolicy):
    """Website administrators (and superusers) keep the mailboxes of their sites."""

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        return Role.SITE_ADMIN in roles_held(user) and bool(units_in_reach(user, [Role.SITE_ADMIN]))

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Mailbox.objects.none()
        return Mailbox.objects.filter(site__in=sites_administered(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()


MAILBOX_POLICY = MailboxPermissionPolicy(Mailbox)
register_permission_policy(Mailbox, MAILBOX_POLICY, exact_class=True)


class MailboxForm(WagtailAdminModelForm):
    class Meta:
        model = Mailbox
        fields = [
            "site",
            "name",
            "kind",
            "unit",
            "description",
            "categories",
            "requires_id_number",
            "accepts_attachments",
            "is_open",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["site"].queryset = sites_administered(self.for_user)


class MailboxIndexView(generic.IndexView):
    def get_base_queryset(self):
        sites = sites_administered(self.request.user)
        return Mailbox.objects.filter(site__in=sites).select_related("site", "unit")


class MailboxViewSet(ModelViewSet):
    model = Mailbox
    index_view_class = MailboxIndexView
    icon = "mail"
    menu_label = gettext_lazy("Mailboxes")
    list_display = [
        "name",
        "site",
        "kind",
        "unit",
        BooleanColumn("is_open", label=gettext_lazy("open")),
    ]
    permission_policy = MAILBOX_POLICY

    def get_form_class(self, for_update=False):
        return MailboxForm


# --- Messages ----------------------------------------------------------------------------------


def serves_a_unit(user) -> bool:
    return user.is_active and bool(roles_held(user))


def _message_in_reach(request, pk: int) -> Message:
    message = get_object_or_404(Message.objects.select_related("mailbox", "unit"), pk=pk)
    if message.unit_id not in units_in_reach(request.user):
        raise Http404
    return message


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class TransferForm(ReasonForm):
    to_unit = forms.ModelChoiceField(
        label=gettext_lazy("Transfer to"), queryset=Unit.objects.order_by("path")
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=services.MAX_REPLY,
    )


def message_list(request):
    """The open messages of the units the person serves, most urgent first."""
    if not serves_a_unit(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = selectors.messages_due(unit_ids=units_in_reach(request.user), today=today)
    return TemplateResponse(
        request,
        "mailbox/message_list.html",
        {"rows": rows, "today": today, "page_title": _("Messages to answer")},
    )


def _act(request, message: Message, action: str):
    """Run the action the page's form names; the outcome, or the form with its errors."""
    user = request.user
    if action == "transfer":
        form = TransferForm(request.POST)
        if form.is_valid():
            services.message_transfer(
                message=message,
                user=user,
                to_unit=form.cleaned_data["to_unit"],
                reason=form.cleaned_data["reason"],
            )
            return _("The message was transferred."), None
        return None, ("transfer_form", form)
    if action == "reply":
        form = ReplyForm(request.POST)
        if form.is_valid():
            services.reply_write(message=message, user=user, text=form.cleaned_data["text"])
            return _("The reply was saved."), None
        return None, ("reply_form", form)
    if action == "submit":
        services.reply_submit(message=message, user=user)
        return _("The reply was submitted for approval."), None
    if action == "approve":
        services.reply_approve(message=message, user=user)
        return _("The reply was approved; the sender can read it now."), None
    if action in ("return", "invalid"):
        form = ReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            if action == "return":
                services.reply_return(message=message, user=user, note=reason)
                return _("The reply was returned."), None
            services.message_mark_invalid(message=message, user=user, reason=reason)
            return _("The message was marked invalid."), None
        return None, (f"{action}_form", form)
    raise Http404


def message_detail(request, pk: int):
    """One message: its text, its handling, and the actions open to the person."""
    message = _message_in_reach(request, pk)
    forms_ = {
        "transfer_form": TransferForm(),
        "reply_form": ReplyForm(
            initial={"text": message.reply.text} if hasattr(message, "reply") else None
        ),
        "return_form": ReasonForm(prefix="return"),
        "invalid_form": ReasonForm(prefix="invalid"),
    }
    contact = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "contact":
                contact = services.contact_reveal(message=message, user=request.user)
            elif action == "entry":
                entry = drafting.entry_draft_from_reply(message=message, user=request.user)
                flash.success(
                    request, _("A draft knowledge base entry was written; check it and submit it.")
                )
                return redirect("wagtailadmin_pages:edit", entry.pk)
            else:
                data = request.POST.copy()
                for prefix in ("return", "invalid"):
                    if action == prefix and f"{prefix}-reason" in data:
                        data["reason"] = data[f"{prefix}-reason"]
                request.POST = data
                done, failed = _act(request, message, action)
                if done:
                    flash.success(request, done)
                    return redirect("mailbox_messages:detail", message.pk)
                forms_[failed[0]] = failed[1]
        except (PermissionDenied, ValidationError) as error:
            flash.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
            return redirect("mailbox_messages:detail", message.pk)
        message.refresh_from_db()
    reply = getattr(message, "reply", None) if hasattr(message, "reply") else None
    context = {
        "message": message,
        "reply": reply,
        "contact": contact,
        "transfers": message.transfers.select_related("from_unit", "to_unit", "by"),
        "attachments": message.attachments.all(),
        "may_handle": services.may_handle(request.user, message)
        and message.state in services.HANDLING_STATES,
        "may_decide": services.may_approve(request.user, message)
        and message.state == MessageState.REPLY_SUBMITTED,
        "may_invalidate": services.may_approve(request.user, message)
        and message.state in (*services.HANDLING_STATES, MessageState.REPLY_SUBMITTED),
        "may_draft_entry": drafting.may_draft_entry(request.user, message),
        "page_title": message.subject,
        **forms_,
    }
    return TemplateResponse(request, "mailbox/message_detail.html", context)


def attachment_download(request, pk: int):
    """A sender's file, for the staff handling the message only (it has no public address)."""
    attachment = get_object_or_404(Attachment, pk=pk)
    _message_in_reach(request, attachment.message_id)
    opened = services.attachment_open(attachment=attachment, user=request.user)
    return FileResponse(opened, as_attachment=True, filename=attachment.name)


class MessageMenuItem(MenuItem):
    def is_shown(self, request):
        return serves_a_unit(request.user)


class MessageViewSet(ViewSet):
    icon = "mail"
    menu_label = gettext_lazy("Messages to answer")
    menu_item_class = MessageMenuItem

    def get_urlpatterns(self):
        return [
            path("", message_list, name="index"),
            path("<int:pk>/", message_detail, name="detail"),
            path("files/<int:pk>/", attachment_download, name="attachment"),
        ]


class InteractionGroup(ViewSetGroup):
    menu_label = gettext_lazy("Citizens' messages")
    menu_icon = "mail"
    menu_order = 160
    items = (MessageViewSet("mailbox_messages"), MailboxViewSet("mailboxes"))


# --- The section chief's dashboard panel -------------------------------------------------------


class RepliesAwaitingApprovalPanel(Component):
    """Replies waiting for the chief's one approval, the oldest due first."""

    name = "mailbox_replies_awaiting_approval"
    order = 110
    template_name = "mailbox/approval_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        units = units_in_reach(request.user, [Role.SECTION_CHIEF])
        waiting = (
            Message.objects.filter(unit_id__in=units, state=MessageState.REPLY_SUBMITTED)
            .exclude(reply__written_by=request.user)
            .select_related("unit")
            .order_by("due_on", "pk")
        )
        return {"messages": list(waiting[:10]), "count": waiting.count(), "request": request}
