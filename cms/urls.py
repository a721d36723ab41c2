from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.publicapi.api import api as public_api
from cms.publicapi.api import page_detail_view, page_list_view
from editorial.api import api as editorial_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/editorial/v1/", editorial_api.urls),
    # The hottest routes first, served by the same handlers without the API framework's dispatch.
    path("api/v1/sites/<int:site_id>/pages", page_list_view),
    path("api/v1/sites/<int:site_id>/pages/<int:page_id>", page_detail_view),
    path("api/v1/", public_api.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
