"""The cached matcher follows the dictionary: built once, rebuilt when a term changes."""

import pytest

from editorial.prechecks import dictionary
from editorial.prechecks.importer import TermRow, import_rows
from editorial.prechecks.models import SensitiveTerm
from editorial.prechecks.scan import scan_text

pytestmark = pytest.mark.django_db


def terms_found(text):
    return [m.entry.term for m in dictionary.get_matcher().find(text)]


def test_the_matcher_is_built_once_while_the_dictionary_does_not_change(django_assert_num_queries):
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")
    first = dictionary.get_matcher()
    with django_assert_num_queries(1):  # only the version
        assert dictionary.get_matcher() is first


def test_a_term_added_through_the_model_is_found_at_once():
    assert terms_found("做为试点") == []
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")
    assert terms_found("做为试点") == ["做为"]


def test_a_term_changed_switched_off_or_deleted_is_followed():
    term = SensitiveTerm.objects.create(term="做为", category="wrong", severity="warning")
    assert dictionary.get_matcher().find("做为")[0].entry.severity == "warning"
    term.severity = "blocking"
    term.save()
    assert dictionary.get_matcher().find("做为")[0].entry.severity == "blocking"
    term.is_active = False
    term.save()
    assert terms_found("做为") == []
    term.is_active = True
    term.save()
    assert terms_found("做为") == ["做为"]
    term.delete()
    assert terms_found("做为") == []


def test_another_process_sees_a_change_without_the_shared_cache(settings):
    """With a per-process cache the token does not travel: the database's version does."""
    SensitiveTerm.objects.create(term="做为", category="wrong")
    assert terms_found("做为其它") == ["做为"]
    from django.core.cache import cache

    token = cache.get(dictionary.VERSION_CACHE_KEY)
    SensitiveTerm.objects.create(term="其它", category="non_standard")
    cache.set(dictionary.VERSION_CACHE_KEY, token, None)  # as if the signal ran elsewhere
    assert terms_found("做为其它") == ["做为", "其它"]


def test_an_import_is_followed(django_capture_on_commit_callbacks):
    assert terms_found("截止目前") == []
    with django_capture_on_commit_callbacks(execute=True):
        import_rows([TermRow(2, "截止目前", "截至目前", "wrong", "warning", "")])
    assert terms_found("截止目前") == ["截止目前"]


def test_scan_text_with_the_cached_matcher():
    SensitiveTerm.objects.create(term="党中央国务院", correction="党中央、国务院", category="wrong")
    (finding,) = scan_text("党中央国务院印发", matcher=dictionary.get_matcher())
    assert finding.suggestion == "党中央、国务院"
