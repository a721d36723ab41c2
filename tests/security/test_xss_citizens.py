"""The XSS corpus in what citizens type: a mailbox message, a survey answer, a question to the
knowledge base, a search (issue 15, "bad input and attacks").

Every text field of a message (found from the model, not listed) is sent through the public API
as a citizen's browser sends it; the answers (accepted or refused) and the admin pages where the
unit handles the message must hold no vector where it would run; the JSON answers carry what was
typed as text (tests/security/xss_corpus.py).
"""

import json

import pytest
from django.db import models
from django.urls import reverse

from knowledgebase.mailbox.models import Message, SenderContact
from tests import factories
from tests.knowledgebase.mailbox.conftest import (  # noqa: F401  (fixtures)
    PREFIX,
    _private_and_fresh,
    message_fields,
    platform,
)

from . import xss_corpus as corpus

pytestmark = pytest.mark.django_db


def typed_fields(model, form_fields) -> dict[str, int | None]:
    """The text fields of ``model`` a citizen types (those the public form posts)."""
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and field.name in form_fields
    }


def test_a_message_full_of_vectors_is_kept_and_shown_as_text(client, platform):  # noqa: F811
    fields = message_fields()
    texts = {
        **typed_fields(Message, fields),
        **typed_fields(SenderContact, fields),
    }
    assert {"subject", "content", "name"} <= set(texts)
    url = f"{PREFIX}/sites/{platform['site'].pk}/mailboxes/{platform['mailbox'].pk}/messages"
    codes = []
    for start in range(0, len(corpus.VECTORS), 8):
        data = {
            **fields,
            **{
                name: corpus.fitting(length, start)
                for name, length in texts.items()
                if name not in {"category", "mobile"}
            },
        }
        response = client.post(url, data, REMOTE_ADDR=f"198.51.100.{start + 1}")
        assert response.status_code in (201, 400, 422), response.content[:300]
        corpus.assert_json_inert(response, f"submission {start}", set())
        if response.status_code == 201:
            codes.append(response.json()["code"])
    messages = list(Message.objects.all())
    assert len(messages) == len(codes) >= 1
    assert all(corpus.MARKER.search(m.subject + m.content) for m in messages)

    for code in codes:
        lookup = client.post(
            f"{PREFIX}/messages/lookup", json.dumps({"code": code}), content_type="application/json"
        )
        assert lookup.status_code == 200
        data = corpus.assert_json_inert(lookup, "lookup", set())
        # The API's contract for a citizen's text (publicapi/mailbox.py): HTML-escaped, with
        # personal data masked (the sender's name, here itself a vector, among it).
        for key in ("subject", "content"):
            assert "<" not in data[key] and ">" not in data[key], data[key]
            assert "&lt;" in data[key], data[key]

    for person in (platform["clerk"], platform["chief"]):
        factories.login(client, person)
        urls = [reverse("mailbox_messages:index"), reverse("wagtailadmin_home")]
        urls += [reverse("mailbox_messages:detail", args=[m.pk]) for m in messages]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            corpus.assert_inert_html(response.content.decode(), url)


def test_questions_and_searches_come_back_as_text(client, platform):  # noqa: F811
    site = platform["site"].pk
    for vector in corpus.VECTORS:
        for url in (f"{PREFIX}/sites/{site}/ask", f"{PREFIX}/ask", f"{PREFIX}/sites/{site}/pages"):
            response = client.get(url, {"q": vector}, REMOTE_ADDR="198.51.100.7")
            assert response.status_code in (200, 400, 422), (url, response.status_code)
            # Whatever the answer says about the query, it says it in JSON, never sniffed.
            corpus.assert_json_inert(response, f"{url}?q={vector[:20]}", {"snippet"})
