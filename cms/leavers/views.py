"""The 人员离岗交接 pages (设置 → 人员离岗交接): the people whose work one may hand over, one
person's preview and form, and the history. Thin: who may act and what moves is
:mod:`cms.leavers.services`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.organisation.people import person_label, with_units

from . import services
from .forms import HandoverForm
from .models import Handover
from .scope import may_hand_over_anyone

PAGE_SIZE = 50


def people(request):
    if not may_hand_over_anyone(request.user):
        raise PermissionDenied
    found = services.people_in_reach(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    page = Paginator(with_units(found), PAGE_SIZE).get_page(request.GET.get("p"))
    rows = [(person, person_label(person)) for person in page]
    return TemplateResponse(
        request,
        "leavers/people.html",
        {"page_title": _("Handover of a leaver"), "page": page, "rows": rows, "query": query},
    )


def handover(request, user_id: int):
    if not may_hand_over_anyone(request.user):
        raise PermissionDenied
    leaver = get_object_or_404(get_user_model(), pk=user_id)
    refusal = services.refusal_to_act(request.user, leaver)
    if refusal:
        raise PermissionDenied(refusal)
    form = HandoverForm(request.POST or None, actor=request.user, leaver=leaver)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.handover_perform(
                leaver=leaver,
                successor=form.cleaned_data["successor"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(leaver)s's work is handed over to %(successor)s; the account is deactivated.")
                % {"leaver": record.leaver_name, "successor": record.successor_name},
            )
            return redirect("leavers_history")
    return TemplateResponse(
        request,
        "leavers/handover.html",
        {
            "page_title": _("Handover of a leaver"),
            "leaver": leaver,
            "leaver_label": person_label(
                with_units(get_user_model().objects.filter(pk=leaver.pk)).get()
            ),
            "preview": services.preview(leaver),
            "form": form,
        },
    )


def history(request):
    if not may_hand_over_anyone(request.user):
        raise PermissionDenied
    records = Handover.objects.all()
    if not request.user.is_superuser:
        records = records.filter(
            Q(leaver__in=services.people_in_reach(request.user)) | Q(actor=request.user)
        )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "leavers/history.html",
        {"page_title": _("Handovers"), "page": page},
    )
