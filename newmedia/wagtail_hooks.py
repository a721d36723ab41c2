"""The registry in Wagtail's admin: the accounts (a snippet view scoped by
:mod:`newmedia.access`), the exceptions to one account per platform (platform superusers), the
requests and their decisions, the printable registration form."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from . import access, health_views, lifecycle, views
from .forms import AccountForm
from .models import Account, AccountException, RequestKind


class AccountPolicy(ModelPermissionPolicy):
    """Accounts by :mod:`newmedia.access`: a unit's website administrators manage those of
    their units, superusers all; only superusers delete (a record of the registry is ended
    by a cancellation, not deleted)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return user.is_active and user.is_superuser
        return access.manages_any(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and access.may_manage(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return access.managed_accounts(user, self.model.objects.all())


class InReach:
    """Wagtail's object views check the model permission only: the account's unit too."""

    # Wagtail's edit view takes a queryset, its history and usage views nothing.
    def get_object(self, *args, **kwargs):
        account = super().get_object(*args, **kwargs)
        if not access.may_manage(self.request.user, account):
            raise PermissionDenied
        return account


class AccountIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                _("Print the registration form"),
                url=reverse("newmedia_print", args=[instance.pk]),
                icon_name="doc-full",
                priority=20,
                attrs={"target": "_blank", "rel": "noopener"},
            )
        )
        buttons.append(
            Button(
                _("Request open, change, suspend, close or cancel"),
                url=reverse("newmedia_new_request", args=[instance.pk]),
                icon_name="mail",
                priority=30,
            )
        )
        return buttons


class AccountEditView(InReach, EditView):
    pass


class AccountHistoryView(InReach, HistoryView):
    pass


class AccountUsageView(InReach, UsageView):
    pass


class AccountViewSet(SnippetViewSet):
    model = Account
    icon = "mobile-alt"
    menu_label = _("Government new media")
    menu_name = "newmedia"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = AccountIndexView
    edit_view_class = AccountEditView
    history_view_class = AccountHistoryView
    usage_view_class = AccountUsageView
    list_display = ["name", "platform", "sponsor_unit", "state", "registered_on"]
    list_filter = ["platform", "state"]
    search_fields = ["name", "account_id"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("account_id"), FieldPanel("name")]),
                    FieldRowPanel([FieldPanel("registered_on"), FieldPanel("verified")]),
                    FieldRowPanel([FieldPanel("platform"), FieldPanel("platform_other")]),
                    FieldPanel("supervising_unit"),
                    FieldRowPanel([FieldPanel("news_licence"), FieldPanel("news_licence_number")]),
                    FieldPanel("site"),
                ],
                heading=_("Account"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("sponsor_unit"),
                    FieldRowPanel(
                        [FieldPanel("sponsor_leader"), FieldPanel("sponsor_leader_post")]
                    ),
                    FieldPanel("sponsor_contact"),
                    FieldRowPanel(
                        [
                            FieldPanel("sponsor_phone"),
                            FieldPanel("sponsor_mobile"),
                            FieldPanel("sponsor_email"),
                        ]
                    ),
                ],
                heading=_("Sponsor unit"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("operator_unit"),
                    FieldRowPanel(
                        [FieldPanel("operator_leader"), FieldPanel("operator_leader_post")]
                    ),
                    FieldPanel("operator_contact"),
                    FieldRowPanel(
                        [
                            FieldPanel("operator_phone"),
                            FieldPanel("operator_mobile"),
                            FieldPanel("operator_email"),
                        ]
                    ),
                ],
                heading=_("Operating unit"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("qr_code"),
                    FieldPanel("introduction"),
                    FieldPanel("link"),
                    FieldPanel("menu_text"),
                ],
                heading=_("Presentation"),
            ),
            InlinePanel("administrators", heading=_("Administrators"), label=_("administrator")),
            InlinePanel("documents", heading=_("Documents filed at opening"), label=_("document")),
        ],
        base_form_class=AccountForm,
    )

    def get_queryset(self, request):
        return access.managed_accounts(request.user, Account.objects.select_related("sponsor_unit"))


class ExceptionCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.recorded_by = self.request.user
        instance.save()
        return instance


class AccountExceptionViewSet(SnippetViewSet):
    """Recorded by the platform office (superusers: no role holds the model permissions)."""

    model = AccountException
    icon = "warning"
    menu_label = _("Exceptions to one account per platform")
    add_view_class = ExceptionCreateView
    list_display = ["unit", "platform", "approved_by", "approved_on", "recorded_at"]
    copy_view_enabled = False
    panels = [
        FieldPanel("unit"),
        FieldPanel("platform"),
        FieldPanel("reason"),
        FieldRowPanel([FieldPanel("approved_by"), FieldPanel("approved_on")]),
    ]


register_permission_policy(Account, AccountPolicy(Account))
register_snippet(AccountViewSet)
register_snippet(AccountExceptionViewSet)


@hooks.register("register_admin_urls")
def newmedia_admin_urls():
    return [
        path("newmedia/accounts/<int:pk>/print/", views.printout, name="newmedia_print"),
        path("newmedia/accounts/<int:pk>/request/", views.new_request, name="newmedia_new_request"),
        path("newmedia/requests/", views.request_list, name="newmedia_requests"),
        path("newmedia/requests/<int:pk>/", views.request_detail, name="newmedia_request"),
        path("newmedia/monitoring/", health_views.monitoring, name="newmedia_monitoring"),
    ]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_see_requests(request.user)


@hooks.register("register_admin_menu_item")
def newmedia_requests_menu_item():
    return RequestsMenuItem(
        _("New-media requests"),
        reverse("newmedia_requests"),
        name="newmedia-requests",
        icon_name="mail",
        order=261,
    )


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return access.manages_any(request.user)


@hooks.register("register_admin_menu_item")
def newmedia_monitoring_menu_item():
    return MonitoringMenuItem(
        _("New-media monitoring"),
        reverse("newmedia_monitoring"),
        name="newmedia-monitoring",
        icon_name="mobile-alt",
        order=262,
    )


class LifecycleLogFormatter(LogFormatter):
    """A lifecycle entry of the audit log: what was decided, on which request, and why."""

    def format_message(self, log_entry):
        kind = (log_entry.data or {}).get("kind")
        message = str(self.label)
        if kind in RequestKind.values:
            message = f"{message}：{RequestKind(kind).label}"
        # Wagtail's history of a snippet shows the message only: the reason goes with it.
        comment = self.format_comment(log_entry)
        return f"{message}（{comment}）" if comment else message

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("comment") or data.get("reason") or ""


@hooks.register("register_log_actions")
def lifecycle_log_actions(actions):
    for action, label in lifecycle.LOG_ACTIONS.items():
        actions.register_action(action)(
            type("Formatter", (LifecycleLogFormatter,), {"label": label})
        )
