"""The platform's URLs plus Wagtail's v3 API, for tests only.

The platform does not mount ``wagtail.api.v3`` (its public API is ``/api/v1/``); a deployment that
did would expose its write endpoints, so the tests mount it here and show that each is refused
for unreviewed content.
"""

from django.urls import path
from wagtail.api.v3.urls import api

from cms.urls import urlpatterns as platform_urlpatterns

urlpatterns = [path("api/v3/", api.urls), *platform_urlpatterns]
