"""The platform's URLs with Wagtail's page serving added: pages then have URLs of Wagtail's (the
platform itself is headless and has none), for the tests of what the admin shows for them."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

from cms.urls import urlpatterns as platform

urlpatterns = [*platform, path("", include(wagtail_urls))]
