"""The channels in the admin (新媒体渠道): a website administrator manages the channels of the
units in reach (:mod:`.scope`), with the columns of those units; superusers every channel."""

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.content.models import ColumnPage
from newmedia.models import Account

from . import scope
from .adapters import adapter_for, choices
from .models import Channel


class ChannelPolicy(BasePermissionPolicy):
    """The roles of :mod:`.scope`, not Django's model permissions: a website administrator
    manages the channels of the units in reach, whatever groups they are in."""

    def user_has_permission(self, user, action):
        return user.is_active and scope.shows_menu(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return user.is_active and scope.may_manage(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return scope.channels_for(user) if user.is_active else Channel.objects.none()

    def users_with_permission(self, action):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_permission(action)


class ChannelForm(WagtailAdminModelForm):
    adapter = forms.ChoiceField(label=_("adapter"), choices=choices)

    class Meta:
        model = Channel
        fields = ["unit", "name", "adapter", "config", "columns", "account", "active"]
        widgets = {"columns": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            units = scope.units_managed(self.for_user)
            self.fields["unit"].queryset = units
            columns = ColumnPage.objects.order_by("path")
            if not self.for_user.is_superuser:
                columns = columns.filter(responsible_unit__in=units)
            self.fields["columns"].queryset = columns
            accounts = Account.objects.order_by("name")
            if not self.for_user.is_superuser:
                accounts = accounts.filter(sponsor_unit__in=units)
            self.fields["account"].queryset = accounts

    def clean(self):
        cleaned = super().clean()
        account, unit = cleaned.get("account"), cleaned.get("unit")
        if account is not None and unit is not None and account.sponsor_unit_id != unit.pk:
            self.add_error("account", _("The registered account is not sponsored by this unit."))
        adapter = adapter_for(cleaned.get("adapter") or "")
        config = cleaned.get("config")
        if adapter is not None and isinstance(config, dict):
            for error in adapter.config_errors(config):
                self.add_error("config", error)
        elif config is not None and not isinstance(config, dict):
            self.add_error("config", _("The configuration must be a JSON object."))
        return cleaned


class _Scoped:
    def get_object(self, queryset=None):
        channel = super().get_object(queryset)
        if not scope.may_manage(self.request.user, channel):
            raise Http404
        return channel


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return scope.channels_for(self.request.user).select_related("unit")


class EditView(_Scoped, generic.EditView):
    pass


class DeleteView(_Scoped, generic.DeleteView):
    pass


class ChannelViewSet(ModelViewSet):
    model = Channel
    form_class = ChannelForm
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    icon = "globe"
    menu_label = _("New-media channels")
    add_to_admin_menu = True
    menu_order = 910
    list_display = ["name", "unit", "adapter", "active"]
    list_filter = ["active"]

    def get_form_class(self, for_update=False):
        return ChannelForm
