"""The deliveries in the admin (新媒体分发): the deliveries of the channels a person manages,
filtered by unit, channel and state; a failed one retried; a WeChat export downloaded."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import outbox, scope
from .models import Delivery, State

PAGE_SIZE = 50


class DeliveryFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("unit"), queryset=None, required=False)
    channel = forms.ModelChoiceField(label=gettext_lazy("channel"), queryset=None, required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("state"),
        choices=[("", "---------"), *State.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.units_managed(user).order_by("path")
        self.fields["channel"].queryset = scope.channels_for(user)

    def filter(self, deliveries):
        if not self.is_valid():
            return deliveries
        if self.cleaned_data["unit"]:
            deliveries = deliveries.filter(channel__unit=self.cleaned_data["unit"])
        if self.cleaned_data["channel"]:
            deliveries = deliveries.filter(channel=self.cleaned_data["channel"])
        if self.cleaned_data["state"]:
            deliveries = deliveries.filter(state=self.cleaned_data["state"])
        return deliveries


def delivery_list(request):
    if not scope.shows_menu(request.user):
        raise PermissionDenied
    form = DeliveryFilterForm(request.GET or None, user=request.user)
    deliveries = form.filter(
        scope.deliveries_for(request.user).select_related("channel", "channel__unit")
    ).order_by("-pk")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "newmedia_distribution/deliveries.html",
        {
            "page_title": _("New-media deliveries"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "failed": State.FAILED,
        },
    )


def _delivery_for(request, delivery_id: int) -> Delivery:
    return get_object_or_404(scope.deliveries_for(request.user), pk=delivery_id)


@require_POST
def delivery_retry(request, delivery_id: int):
    delivery = _delivery_for(request, delivery_id)
    try:
        outbox.retry_failed(delivery, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” is queued again for %(channel)s.")
            % {
                "title": delivery.title,
                "channel": delivery.channel.name,
            },
        )
    return redirect("newmedia_deliveries")


def delivery_export(request, delivery_id: int):
    delivery = _delivery_for(request, delivery_id)
    name = (delivery.result or {}).get("file")
    path = Path(settings.MEDIA_ROOT) / name if name else None
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/json"
    )
