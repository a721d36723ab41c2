from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from editorialapi.api import api as editorial_api
from publicapi.api import api as public_api
from publicapi.api import (
    json_errors,
    page_detail_view,
    page_list_view,
    route_not_found,
    server_error,
)


def answering_in_json(urls):
    """A django-ninja API's urls, each view answering its errors in the APIs' JSON shape (405,
    and the 404 of its root) rather than Django's HTML or django-ninja's English text."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback = json_errors(pattern.callback)
    return patterns, app_name, namespace


# A fault nobody foresaw: under /api/ a JSON 500 in the Error shape, Django's page elsewhere.
handler500 = server_error

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/editorial/v1/", answering_in_json(editorial_api.urls)),
    # The hottest routes first, served by the same handlers without the API framework's dispatch.
    path("api/v1/sites/<int:site_id>/pages", page_list_view),
    path("api/v1/sites/<int:site_id>/pages/<int:page_id>", page_detail_view),
    path("api/v1/", answering_in_json(public_api.urls)),
    # Anything else under /api/ (an unknown address, a trailing slash) is a JSON 404, whatever
    # the method: never Django's HTML page, a redirect to a slashed address, or a CSRF refusal.
    re_path(r"^api(/|$)", json_errors(route_not_found)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
