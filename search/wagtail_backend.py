"""Wagtail's own search in Chinese words: the admin's page search, the explorer's search and the
choosers (``WAGTAILSEARCH_BACKENDS``), for editors, over drafts as Wagtail indexes them.

Wagtail's database backend (SQLite FTS5, PostgreSQL ``tsvector``) keeps a run of Hanzi as one
token, so "智能" never found "人工智能技术发展规划". This backend is Wagtail's, for whichever
database it picks, with both sides cut into words by :mod:`search.segment`:

* what it indexes of an object is the text of the object's search fields, in words
  (:func:`search.segment.as_indexed`: the shorter words inside long ones included);
* what it is asked is cut the same way (:func:`search.segment.query_words`), every word
  required; a quoted phrase becomes its words, each required, their order no longer checked
  (the indexed text interleaves the shorter words, so adjacency means nothing there).

Why a backend and not segmented search fields on the models: the query must be cut anyway,
and only the backend sees it; one backend cuts every indexed model alike (pages, images,
documents, snippets), where a model field would leave the others unsegmented against cut
queries; the public site's search text reads the models' ``SearchField`` values
(``publicapi.representation.search_text``), which segmented twins would double; and the page
models (``cms.content``) sit below this app and cannot import the segmenter. Wagtail's vendor
classes are subclassed, not copied: nothing of how they store or rank is restated here.

What this relies on beyond Wagtail's documented API — this module is the one place that does,
and ``tests/test_wagtail_reliance.py`` fails, naming it, when an upgrade changes it:

* the vendor index (``modelsearch.backends.database.{sqlite,postgres}``: ``ObjectIndexer``,
  built in ``add_items``) reads an object through ``obj.get_search_fields()``, each field's
  ``get_value(obj)`` and ``obj.pk`` only, so an object seen through :class:`_InWordsView`
  is indexed in words;
* the vendor query compilers split a ``PlainText`` on spaces into terms joined by its operator,
  the last a prefix for ``autocomplete``: words joined by spaces are asked one by one.

The MySQL and fallback backends Wagtail may also pick are wrapped alike, but neither is checked:
the platform runs on SQLite and PostgreSQL.

What Wagtail indexes, and so what editors find (Wagtail 8.0.1): the page *row*, re-read from the
database by a task enqueued on every ``post_save`` (``modelsearch.signal_handlers``). The
editor writes its form into the row only while the page is not live
(``form.save(commit=not page.live)``), and ``save_revision()`` saves only bookkeeping columns.
So a page never published is found by the words of its latest saved draft; a live page is
found by its live words, and changes waiting in a newer revision are not indexed until
published. The admin's page search, explorer search and page chooser call ``autocomplete``,
which reads a model's ``AutocompleteField``s: the items declare their text as such too
(``cms.content.models.mixins.BodyMixin``).

After switching to this backend, or changing :mod:`search.segment`, rebuild the index:
``manage.py update_index``.
"""

from functools import cache

from django.utils.encoding import force_str
from wagtail.search import index
from wagtail.search.backends import database
from wagtail.search.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from .segment import as_indexed, query_words


def SearchBackend(params):
    """Wagtail's database backend for the database in use, in words (Wagtail loads a backend
    module's ``SearchBackend``)."""
    return _in_words(type(database.SearchBackend(params)))(params)


@cache
def _in_words(vendor: type) -> type:
    index_class = type(
        f"{vendor.index_class.__name__}InWords", (_IndexInWords, vendor.index_class), {}
    )
    return type(
        f"{vendor.__name__}InWords", (_BackendInWords, vendor), {"index_class": index_class}
    )


class _BackendInWords:
    """Asks the vendor backend for the words of a query."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(query_in_words(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(query_in_words(query), model_or_queryset, *args, **kwargs)


class _IndexInWords:
    """Gives the vendor index each object as :class:`_InWordsView` sees it."""

    def add_items(self, model, items):
        return super().add_items(model, [_InWordsView(item) for item in items])


def query_in_words(query: str | SearchQuery) -> str | SearchQuery:
    """``query`` as the index holds text: a string as its words joined by spaces (none: the
    empty query, which finds nothing); in a query object, each ``PlainText`` and ``Phrase`` as
    a ``PlainText`` of its words, one without words left out, a query left with none finding
    nothing."""
    if isinstance(query, str):
        return " ".join(query_words(query))
    found = _in_words_or_none(query)
    return MATCH_NONE if found is None else found


def _in_words_or_none(query: SearchQuery) -> SearchQuery | None:
    if isinstance(query, PlainText | Phrase):
        words = query_words(query.query_string)
        if not words:
            return None
        return PlainText(
            " ".join(words),
            operator=getattr(query, "operator", PlainText.DEFAULT_OPERATOR),
            boost=getattr(query, "boost", 1),
        )
    if isinstance(query, And | Or):
        parts = [part for part in map(_in_words_or_none, query.subqueries) if part is not None]
        return type(query)(parts) if parts else None
    if isinstance(query, Not):
        inner = _in_words_or_none(query.subquery)
        return None if inner is None else Not(inner)
    if isinstance(query, Boost):
        inner = _in_words_or_none(query.subquery)
        return None if inner is None else Boost(inner, query.boost)
    return query  # MatchAll, Fuzzy: as asked


def in_words(value):
    """A search field's value as the index should hold it: its text in words, in the shape
    Wagtail's indexer joins (lists and dicts of strings); no value stays none."""
    if value is None:
        return None
    if isinstance(value, str):
        return as_indexed(value)
    if isinstance(value, list | tuple):
        return [in_words(item) for item in value]
    if isinstance(value, dict):
        return {key: in_words(item) for key, item in value.items()}
    return as_indexed(force_str(value))


class _InWordsView:
    """An object as the index reads it: the object itself, but its search fields give their
    text in words."""

    def __init__(self, obj):
        self._in_words_of = obj

    def __getattr__(self, name):
        if name == "_in_words_of":  # not yet set (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self._in_words_of, name)

    def get_search_fields(self):
        return [_field_in_words(field) for field in self._in_words_of.get_search_fields()]


def _seen(obj):
    return obj._in_words_of if isinstance(obj, _InWordsView) else obj


class _ValueInWords:
    """A search field of the model, its value in words."""

    def __init__(self, field):
        self.__dict__.update(vars(field))
        self._field = field

    def get_value(self, obj):
        return in_words(self._field.get_value(_seen(obj)))


class _SearchFieldInWords(_ValueInWords, index.SearchField):
    pass


class _AutocompleteFieldInWords(_ValueInWords, index.AutocompleteField):
    pass


class _RelatedFieldsInWords(index.RelatedFields):
    """Related objects as the model indexes them, their fields in words."""

    def __init__(self, related):
        super().__init__(related.field_name, [_field_in_words(f) for f in related.fields])
        self._related = related

    def get_value(self, obj):
        return self._related.get_value(_seen(obj))


def _field_in_words(field):
    if isinstance(field, index.SearchField):
        return _SearchFieldInWords(field)
    if isinstance(field, index.AutocompleteField):
        return _AutocompleteFieldInWords(field)
    if isinstance(field, index.RelatedFields):
        return _RelatedFieldsInWords(field)
    return field  # FilterField: values compared as they are
