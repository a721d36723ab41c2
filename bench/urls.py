from datetime import datetime

from django.http import HttpResponse, JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from cms.urls import urlpatterns as platform_urlpatterns
from publicapi.models import PublicPage

stock_api = WagtailAPIRouter("stockapi")
stock_api.register_endpoint("pages", PagesAPIViewSet)
JSON = "application/json; charset=utf-8"


def floor(request):
    """The least a database-backed JSON view does: one query, twenty rows, JsonResponse."""
    rows = list(Page.objects.order_by("-id").values("id", "title")[:20])
    return JsonResponse({"items": rows}, json_dumps_params={"ensure_ascii": False})


# The floors of the public API: the same rows of the same table read through the same indexes,
# and nothing of ours — no parameter schema, no count, no cursor, no conditional headers, no
# check of the site or column. What a request costs Django, the driver and the database alone.


def floor_listing(request, site_id: int):
    """A column's twenty newest items (``?column=``, a column without sub-columns), after the
    row ``?before=<published_at>,<page_id>`` when given: the keyset read of a deep page."""
    rows = PublicPage.objects.filter(
        archived_at__isnull=True, column_id=request.GET["column"], is_item=True
    )
    if "before" in request.GET:
        published_at, page_id = request.GET["before"].rsplit(",", 1)
        published_at = datetime.fromisoformat(published_at)
        rows = rows.filter(published_at__lte=published_at).exclude(
            published_at=published_at, page_id__gte=int(page_id)
        )
    found = rows.order_by("-published_at", "-page_id").values_list("listing_json", flat=True)
    return HttpResponse('{"items":[' + ",".join(found[:20]) + "]}", content_type=JSON)


def floor_detail(request, site_id: int, page_id: int):
    """One page's stored detail."""
    found = PublicPage.objects.filter(site_id=site_id, page_id=page_id).values_list(
        "detail_json", flat=True
    )
    return HttpResponse(found[0], content_type=JSON)


urlpatterns = [
    path("stock/api/v2/", stock_api.urls),
    path("floor/", floor),
    path("floor/sites/<int:site_id>/pages", floor_listing),
    path("floor/sites/<int:site_id>/pages/<int:page_id>", floor_detail),
    *platform_urlpatterns,
]
