"""The XSS corpus in every text field of every page type, through to the public API, the
editorial API and the admin (issue 15, "bad input and attacks").

The fields are found, not listed: every page model Wagtail knows (``get_page_models``), every
``CharField``/``TextField`` of its own (and the title, SEO title and search description of
Wagtail's), every rich-text field, and every ``CharBlock``/``TextBlock``/``RichTextBlock`` of its
StreamFields. Each field holds as many vectors as fit (many vectors per field, one page per page
type). Rich text reaches the model through our sanitiser (``SanitisedRichTextField``, on save);
one item is also written through the real admin editor with an editor that posts HTML as typed
(``tests.factories.HtmlRichTextArea``), and sent into 三审三校, so the review's own views and the
editorial API see the corpus too. Items are published as a completed review does
(``factories.publish_reviewed``; the chain itself is tested in tests/editorial/).

What must hold: no HTML answer carries a vector where it would run, and the JSON answers carry
rich text that holds nothing executable at all and plain text as text, exactly as typed
(tests/security/xss_corpus.py says what "would run" means).
"""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import APIToken, Page, get_page_models

from cms.content.models import ColumnPage, SiteRootPage
from cms.demo.corpus import credit_code
from cms.demo.library import add_document
from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401  (a fixture)
from tests.editorial.flow import fresh, submit

from . import xss_corpus as corpus

pytestmark = pytest.mark.django_db

API = "/api/v1"
EDITORIAL_API = "/api/editorial/v1"
# Wagtail's own fields that hold text an editor types; the others are the tree's bookkeeping.
WAGTAIL_TEXT_FIELDS = {"title", "seo_title", "search_description"}
# Fields whose validators refuse every vector (a document number, a phone number): the refusal is
# asserted, and the page is saved with this value instead.
VALID_VALUES = {"document_number": "渭政发〔2026〕12号", "phone": "0917-3261234"}


def _required_non_text(field, now):
    """A value for a required field that holds no text (a choice, a date)."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return now + (timedelta(days=7) if "close" in field.name else -timedelta(days=1))
    if isinstance(field, models.DateField):
        return now.date()
    raise AssertionError(f"{field.model.__name__}.{field.name}: no value for this field")


def _page_base_fields() -> set[str]:
    return {field.name for field in Page._meta.get_fields()}


def text_fields(model) -> list[models.Field]:
    base = _page_base_fields()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (RichTextField, models.SlugField, models.URLField))
        and not isinstance(field, models.EmailField)
        and not field.choices
        and (field.name not in base or field.name in WAGTAIL_TEXT_FIELDS)
    ]


def rich_text_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, RichTextField)]


def stream_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, StreamField)]


class StreamFiller:
    """A StreamField value with a vector in every text block, from the blocks' definitions."""

    def __init__(self, document):
        self.document = document
        self.start = 0

    def text(self, max_length=None) -> str:
        self.start = (self.start + 7) % len(corpus.VECTORS)
        return corpus.fitting(max_length, self.start)

    def value(self, block):
        if isinstance(block, blocks.RichTextBlock):
            return corpus.ALL
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
            return self.text(block.field.max_length)
        if isinstance(block, blocks.StructBlock):
            return {name: self.value(child) for name, child in block.child_blocks.items()}
        if isinstance(block, blocks.ListBlock):
            count = max(block.meta.min_num or 0, 2)
            return [self.value(block.child_block) for _ in range(count)]
        if isinstance(block, blocks.BooleanBlock):
            return True
        if isinstance(block, blocks.IntegerBlock):
            return 500
        if isinstance(block, DocumentChooserBlock):
            return self.document.pk
        raise AssertionError(f"{type(block).__name__}: no value for this block")

    def stream(self, field) -> str:
        return json.dumps(
            [
                {"type": name, "value": self.value(child)}
                for name, child in field.stream_block.child_blocks.items()
            ]
        )


def rich_text_keys() -> set[str]:
    """The names under which the API answers with rich text (HTML)."""
    keys = set()
    for model in get_page_models():
        keys |= {field.name for field in rich_text_fields(model)}
        for field in stream_fields(model):
            for child in field.stream_block.child_blocks.values():
                for name, block in getattr(child, "child_blocks", {}).items():
                    if isinstance(block, blocks.RichTextBlock):
                        keys.add(name)
    return keys


def item_models() -> list[type[Page]]:
    return [model for model in get_page_models() if model not in (Page, SiteRootPage, ColumnPage)]


def fill(page: Page, filler: StreamFiller) -> list[str]:
    """Put vectors in every text field of ``page``; the fields its validators refuse them in."""
    model = type(page)
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.name in _page_base_fields() or field.blank or field.has_default():
            continue
        if field.choices or isinstance(field, (models.DateField, models.DateTimeField)):
            setattr(page, field.attname, _required_non_text(field, now))
    for field in text_fields(model):
        setattr(page, field.attname, filler.text(field.max_length))
    for field in rich_text_fields(model):
        setattr(page, field.attname, corpus.ALL)
    for field in stream_fields(model):
        setattr(page, field.attname, filler.stream(field))
    refused = []
    try:
        page.full_clean(exclude=["path", "depth", "slug"])
    except ValidationError as error:
        for name in error.message_dict:
            assert name in VALID_VALUES, f"{model.__name__}.{name}: {error.message_dict[name]}"
            setattr(page, name, VALID_VALUES[name])
            refused.append(name)
    return refused


@pytest.fixture
def corpus_site(staffed_site, settings, client, django_capture_on_commit_callbacks):  # noqa: F811
    """Every page type under one column, each with the corpus in every text field, live."""
    settings.WAGTAILADMIN_RICH_TEXT_EDITORS = {
        "default": {"WIDGET": "tests.factories.HtmlRichTextArea"}
    }
    office = staffed_site.office
    # A policy document's index number is built from its unit's credit code.
    type(office).objects.filter(pk=office.pk).update(credit_code=credit_code(1))
    document = add_document(office, corpus.fitting(255, 3), "xss.pdf", ["XSS"])
    filler = StreamFiller(document)
    column = fresh(staffed_site.column)
    column.title = corpus.fitting(255, 40)
    column.description = corpus.fitting(500, 20)
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish_reviewed(column.save_revision())
    column = fresh(column)
    items, refused = [], {}
    for number, model in enumerate(item_models()):
        page = model(slug=f"xss-{number}", live=False)
        refused[model.__name__] = fill(page, filler)
        with django_capture_on_commit_callbacks(execute=True):
            column.add_child(instance=page)
            factories.publish_reviewed(page.save_revision())
        items.append(fresh(page))

    # One news item written in the admin's editor and sent into review, as an author does.
    news = factories.news(column, "待审稿件", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client,
            staffed_site.people.author,
            news,
            title=corpus.fitting(255, 50),
            summary=corpus.fitting(500, 10),
            body=corpus.ALL,
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.logout()
    return staffed_site, column, items, fresh(news), refused


def _typed(items) -> str:
    """Everything typed into the items, to tell text returned as typed from text rewritten."""
    values = []
    for page in items:
        for field in text_fields(type(page)):
            values.append(getattr(page, field.attname))
        for field in stream_fields(type(page)):
            values += corpus.strings_of(getattr(page, field.name).get_prep_value())
    return "\n".join(values)


def assert_plain_text_as_typed(data, where: str, typed: str) -> None:
    """A plain string with a vector in it is the text typed (or a part of it), never rewritten
    into markup."""
    keys = rich_text_keys()
    rich = {id(value) for _path, value in corpus.rich_text_fields_of(data, keys)}
    for path, value in _plain_strings(data, keys):
        if corpus.MARKER.search(value) and id(value) not in rich:
            assert value in typed or value.strip("…") in typed, f"{where} {path}: {value[:200]!r}"


def _plain_strings(data, rich_keys, path=""):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in rich_keys and isinstance(value, str):
                continue
            yield from _plain_strings(value, rich_keys, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _plain_strings(value, rich_keys, f"{path}[{index}]")
    elif isinstance(data, str):
        yield path, data


def test_every_page_type_has_its_text_fields_found():
    """The enumeration finds what the corpus is put in: a test of the test."""
    found = {model.__name__: [f.name for f in text_fields(model)] for model in item_models()}
    assert {"NewsPage", "PolicyDocumentPage", "ServiceGuidePage", "SurveyPage"} <= set(found)
    assert "concern" in found["ResponsePage"]
    assert "legal_basis" in found["ServiceGuidePage"]
    assert {"title", "summary", "source"} <= set(found["NewsPage"])
    assert {"body", "result_summary"} <= rich_text_keys()
    # The check finds every vector that an HTML parser reads as markup, as it is.
    for vector in corpus.VECTORS:
        if corpus.marker_of(vector) not in corpus.TEXT_ONLY:
            assert corpus.executable_places(vector), vector


def test_the_apis_and_the_review_answer_the_corpus_as_text(client, corpus_site):
    """One platform full of vectors (built once: it is the slow part) read by the public API,
    by the reviewers in the admin and the editorial API, and answered as a survey."""
    public_api_answers_the_corpus_as_text(client, corpus_site)
    review_shows_the_corpus_as_text(client, corpus_site)
    survey_answers_full_of_vectors_are_shown_as_text(client, corpus_site)


def public_api_answers_the_corpus_as_text(client, corpus_site):
    site, column, items, _news, refused = corpus_site
    assert refused["PolicyDocumentPage"] == ["document_number"]
    typed = _typed([*items, column])
    keys = rich_text_keys()
    for page in items:
        where = f"{type(page).__name__} detail"
        response = client.get(f"{API}/sites/{site.site.pk}/pages/{page.pk}")
        assert response.status_code == 200, (where, response.content[:500])
        data = corpus.assert_json_inert(response, where, keys)
        assert data["title"] == page.title
        assert_plain_text_as_typed(data, where, typed)
    for query in ({}, {"column": column.pk}, {"q": "XSS"}):
        response = client.get(f"{API}/sites/{site.site.pk}/pages", query)
        assert response.status_code == 200, (query, response.content[:500])
        data = corpus.assert_json_inert(response, f"listing {query}", keys)
        assert_plain_text_as_typed(data, f"listing {query}", typed)
    for endpoint in ("", "/sitemap"):
        response = client.get(f"{API}/sites/{site.site.pk}{endpoint}")
        assert response.status_code == 200, (endpoint, response.content[:500])
        data = corpus.assert_json_inert(response, endpoint or "site", keys)
        assert_plain_text_as_typed(data, endpoint or "site", typed)


def test_the_admin_shows_the_corpus_as_text(client, corpus_site):
    site, column, items, news, _refused = corpus_site
    factories.login(client, factories.superuser())
    pages = [*items, news, column]
    urls = [f"/admin/pages/{column.pk}/", f"/admin/pages/{site.site.root_page.pk}/"]
    urls += ["/admin/pages/search/?q=XSS", "/admin/", "/admin/documents/"]
    urls += [f"/admin/pages/{page.pk}/edit/" for page in pages]
    # The history and a revision shown as it was: the same templates for every page type.
    for page in (items[0], news):
        urls += [
            f"/admin/pages/{page.pk}/history/",
            f"/admin/pages/{page.pk}/revisions/{page.latest_revision_id}/view/",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        corpus.assert_inert_html(response.content.decode(), url)
    # The editor's preview of what is typed, before it is saved.
    for page in pages:
        edit = f"/admin/pages/{page.pk}/edit/"
        preview = f"{edit}preview/"
        data = factories.page_form(client, edit)
        # Wagtail's script writes a StreamField's block count; the stored blocks are not posted.
        for field in stream_fields(type(page)):
            data.setdefault(f"{field.name}-count", "0")
        assert client.post(preview, data).status_code == 200
        response = client.get(preview)
        assert response.status_code == 200, (preview, response.status_code)
        corpus.assert_inert_html(response.content.decode(), preview)


def review_shows_the_corpus_as_text(client, corpus_site):
    site, column, _items, news, _refused = corpus_site
    officer = site.people.officer
    factories.login(client, officer)
    state = news.current_workflow_task_state
    assert state is not None, "the item is in review"
    for url in (
        "/admin/editorial/queue/",
        "/admin/",
        f"/admin/pages/{news.pk}/edit/",
        reverse("wagtailadmin_pages:workflow_preview", args=[news.pk, state.task_id]),
        f"/admin/pages/{news.pk}/workflow_history/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        corpus.assert_inert_html(response.content.decode(), url)
    # The editorial API, as a headless client holding the reviewer's token reads it.
    _instance, token = APIToken.create_token(user=officer, name="编审客户端")
    headers = {"Authorization": f"Bearer {token}"}
    typed = _typed([news, column])
    for path in ("/queue", f"/items/{news.pk}", f"/items/{news.pk}/history"):
        response = client.get(EDITORIAL_API + path, headers=headers)
        assert response.status_code == 200, (path, response.content[:500])
        data = corpus.assert_json_inert(response, path, rich_text_keys())
        assert_plain_text_as_typed(data, path, typed)


def survey_answers_full_of_vectors_are_shown_as_text(client, corpus_site):
    """The options (themselves vectors) chosen and the free text answered through the public
    API, then the tally in the API and in the admin."""
    site, _column, items, _news, _refused = corpus_site
    (survey,) = [page for page in items if type(page).__name__ == "SurveyPage"]
    answers = {}
    for block in survey.questions:
        value = block.value
        if "options" in value:
            options = list(value["options"])
            answers[block.id] = options[0] if block.block_type == "single_choice" else options
        else:
            answers[block.id] = corpus.fitting(value["max_length"], 12)
    url = f"{API}/sites/{site.site.pk}/surveys/{survey.pk}"

    def respond(answers):
        return client.post(
            f"{url}/responses",
            json.dumps({"answers": answers}, ensure_ascii=False),
            content_type="application/json",
            REMOTE_ADDR="203.0.113.9",
        )

    # A free-text answer holding markup is refused, and the refusal is JSON.
    response = respond(answers)
    assert response.status_code == 400, response.content.decode()
    corpus.assert_json_inert(response, "survey refusal", rich_text_keys())
    # Vectors without markup (script in escapes, a quote breaking out of an attribute) are text.
    text_only = " ".join(v for v in corpus.VECTORS if corpus.marker_of(v) in corpus.TEXT_ONLY[1:])
    for block in survey.questions:
        if "options" not in block.value:
            answers[block.id] = text_only
    response = respond(answers)
    assert response.status_code == 201, response.content.decode()
    corpus.assert_json_inert(response, "survey response", rich_text_keys())
    # The tally, to the public once the results are published, else a refusal: JSON either way.
    tally = client.get(f"{url}/tally")
    corpus.assert_json_inert(tally, "survey tally", rich_text_keys())
    factories.login(client, site.people.author)
    for admin_url in (f"/admin/surveys/{survey.pk}/", f"/admin/pages/{survey.pk}/edit/"):
        page = client.get(admin_url)
        assert page.status_code == 200, (admin_url, page.status_code)
        html = page.content.decode()
        assert corpus.MARKER.search(html)
        corpus.assert_inert_html(html, admin_url)
