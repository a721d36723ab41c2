from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import scope, views
from .channel_admin import ChannelPolicy, ChannelViewSet
from .models import Channel

register_permission_policy(Channel, ChannelPolicy(Channel))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newmedia/deliveries/", views.delivery_list, name="newmedia_deliveries"),
        path(
            "newmedia/deliveries/<int:delivery_id>/retry/",
            views.delivery_retry,
            name="newmedia_delivery_retry",
        ),
        path(
            "newmedia/deliveries/<int:delivery_id>/export/",
            views.delivery_export,
            name="newmedia_delivery_export",
        ),
    ]


class DeliveriesMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.shows_menu(request.user)


@hooks.register("register_admin_menu_item")
def register_deliveries_menu_item():
    return DeliveriesMenuItem(
        _("New-media deliveries"), reverse("newmedia_deliveries"), icon_name="mail", order=911
    )


@hooks.register("register_admin_viewset")
def register_channels():
    return ChannelViewSet("newmedia_channels")
