"""Issue 19, item 7: the API docs pages work on an intranet with no internet access.

Both docs pages load Swagger UI from the platform's own static files, never from a public CDN,
and every asset they reference is served.
"""

import re

import pytest
from django.test import Client, override_settings

DOCS = ["/api/v1/docs", "/api/editorial/v1/docs"]


def referenced(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", DOCS)
def test_the_docs_page_references_no_external_host(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    assets = referenced(html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by the platform"
        assert not asset.startswith("//"), f"{asset} is on another host"


@pytest.mark.django_db
@pytest.mark.parametrize("url", DOCS)
def test_the_assets_of_the_docs_page_are_served(url):
    # The tests do not collect static files: WhiteNoise serves them from the apps' finders here,
    # from STATIC_ROOT (collectstatic) in production.
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        client = Client()
        html = client.get(url).content.decode()
        for asset in referenced(html):
            response = client.get(asset)
            assert response.status_code == 200, asset
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body, asset
