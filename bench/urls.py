from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from cms.urls import urlpatterns as platform_urlpatterns

stock_api = WagtailAPIRouter("stockapi")
stock_api.register_endpoint("pages", PagesAPIViewSet)


def floor(request):
    """The least a database-backed JSON view does: one query, twenty rows, JsonResponse."""
    rows = list(Page.objects.order_by("-id").values("id", "title")[:20])
    return JsonResponse({"items": rows}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("stock/api/v2/", stock_api.urls),
    path("floor/", floor),
    *platform_urlpatterns,
]
