"""Every page of a site is reached on the site's own host, or under ``/sites/<id>/`` on any host
(:mod:`frontend.sites`). Column and item paths come last: the names above are not page paths."""

from django.urls import include, path, re_path

from frontend import views

site_pages = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("ask/", views.ask, name="ask"),
    path("archive/", views.archive, name="archive"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("mailbox/", views.mailboxes, name="mailboxes"),
    path("mailbox/lookup/", views.lookup, name="lookup"),
    path("mailbox/replies/", views.replies, name="replies"),
    path("mailbox/<int:mailbox_id>/", views.mailbox, name="mailbox"),
    path("care/", views.care, name="care"),
    path("surveys/<int:page_id>/responses/", views.survey, name="survey"),
    re_path(r"^(?P<path>(?:[\w-]+/)+)$", views.page, name="page"),
]

urlpatterns = [
    path("sites/<int:site_id>/", include(site_pages)),
    path("", include(site_pages)),
]

handler404 = "frontend.views.page_not_found"
handler500 = "frontend.views.server_error"
