import json

import pytest

from tests import factories


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_published_news_is_served(client):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=owner)
    news_col = factories.column(site.root_page, "新闻", owner=owner, slug="xinwen")
    item = factories.news(news_col, "区政府召开常务会议")
    response = client.get(f"/api/v1/sites/{site.pk}/pages")
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert [i["title"] for i in data["items"]] == ["区政府召开常务会议"]
    detail = client.get(f"/api/v1/sites/{site.pk}/pages/{item.pk}")
    assert detail.status_code == 200
    assert json.loads(detail.content)["breadcrumbs"][0]["title"] == "新闻"
    sitemap = json.loads(client.get(f"/api/v1/sites/{site.pk}/sitemap").content)
    assert sitemap["columns"][0]["title"] == "新闻"
