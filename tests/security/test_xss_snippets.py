"""The XSS corpus in every snippet's admin form, and in what citizens' searches and questions
leave in the admin (issue 15, "bad input and attacks").

The snippets are Wagtail's registry (``get_snippet_models``), not a list: each one's "add" form is
opened by a platform administrator, every text box and text area of it filled with vectors and
posted as a browser posts it. Saved or refused, the answer, the listing and the editor of what
was saved must hold no vector where it would run (tests/security/xss_corpus.py). Citizens'
searches and questions that the platform records (the missed queries, the questions asked) are
made through the public API with vectors, then read in the admin.
"""

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401  (a fixture)

from . import xss_corpus as corpus
from .test_xss_pages import corpus_site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def text_boxes(html: str) -> dict[str, int | None]:
    """The names of a form's text boxes and text areas, with their ``maxlength``."""
    soup = corpus.BeautifulSoup(html, "html.parser")
    boxes = {}
    for element in soup.select("form input[name], form textarea[name]"):
        kind = (element.get("type") or "text").lower()
        if element.name == "input" and kind not in {"text", "search"}:
            continue
        name = element["name"]
        if name in {"csrfmiddlewaretoken", "q"} or element.get("readonly") is not None:
            continue
        length = element.get("maxlength")
        boxes[name] = int(length) if length and length.isdigit() else None
    return boxes


def test_every_snippet_form_takes_the_corpus_as_text(client, staffed_site):  # noqa: F811
    factories.login(client, factories.superuser())
    tried = []
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        add = reverse(viewset.get_url_name("add"))
        listing = reverse(viewset.get_url_name("list"))
        page = client.get(add)
        if page.status_code != 200:  # a snippet nobody adds by hand (a log, a counter)
            continue
        corpus.assert_inert_html(page.content.decode(), add)
        boxes = text_boxes(page.content.decode())
        if not boxes:
            continue
        data = factories.form_data(page.content, containing=next(iter(boxes)))
        for number, (name, length) in enumerate(boxes.items()):
            data[name] = corpus.fitting(length, number * 9)
        before = model.objects.count()
        response = client.post(add, data)
        assert response.status_code in (200, 302), (add, response.status_code)
        if response.status_code == 200:
            corpus.assert_inert_html(response.content.decode(), f"{add} refused")
        urls = [listing, f"{listing}?q=XSS"]
        if model.objects.count() > before:
            saved = model.objects.order_by("-pk").first()
            urls.append(reverse(viewset.get_url_name("edit"), args=[saved.pk]))
        for url in urls:
            shown = client.get(url)
            assert shown.status_code == 200, (url, shown.status_code)
            corpus.assert_inert_html(shown.content.decode(), url)
        tried.append(model._meta.label)
    assert {"search.Synonym", "prechecks.SensitiveTerm", "content.ReprintSource"} <= set(tried)


def test_citizens_searches_and_questions_are_shown_as_text_in_the_admin(
    client,
    corpus_site,  # noqa: F811
):
    site = corpus_site[0].site.pk
    for vector in corpus.VECTORS:
        for url in (f"/api/v1/sites/{site}/ask", f"/api/v1/sites/{site}/pages"):
            response = client.get(url, {"q": vector[:100]}, REMOTE_ADDR="198.51.100.9")
            assert response.status_code in (200, 400, 422), (url, response.status_code)
    from knowledgebase.models import AskedQuestion
    from search.models import MissedQuery

    recorded = list(MissedQuery.objects.values_list("query", flat=True)) + list(
        AskedQuestion.objects.values_list("question", flat=True)
    )
    assert any(corpus.MARKER.search(text) for text in recorded), "the platform kept them"
    factories.login(client, factories.superuser())
    for model in (MissedQuery, AskedQuestion):
        listing = reverse(model.snippet_viewset.get_url_name("list"))
        response = client.get(listing)
        assert response.status_code == 200, (listing, response.status_code)
        corpus.assert_inert_html(response.content.decode(), listing)
