"""Editing a published page and publishing the reviewed revision again.

Every correction of published content reaches the public this way: the workflow's approval
publishes the revision as the database holds it. A revision stores ``first_published_at`` in
JSON at millisecond precision, so this once failed in the back-dating guard of
``cms.content.timestamps`` (a recorded time "changed" by the lost microseconds); the read API
depends on it working.
"""

import pytest

from tests import factories

from .builders import fresh


@pytest.mark.django_db
def test_an_edited_page_can_be_republished_and_is_served(api, refreshes):
    office = factories.unit("渭滨区人民政府办公室")
    with refreshes():
        site = factories.site("渭滨区人民政府", sponsor=office)
        column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
        item = factories.news(column, "区政府召开常务会议")
    first = api.detail(site.pk, item.pk)

    page = fresh(item)  # as the admin's edit view loads it
    page.title = "区政府召开第12次常务会议"
    page.save_revision()  # submitted for review
    # The final approval, in a later request, publishes the revision as the database holds it.
    with refreshes():
        factories.publish_reviewed(fresh(item).get_latest_revision())

    detail = api.detail(site.pk, item.pk)
    assert detail["title"] == "区政府召开第12次常务会议"
    assert detail["published_at"] == first["published_at"]
