"""The dictionary matcher: Aho–Corasick over the active terms."""

import random

from editorial.prechecks.choices import FindingKind, Severity, TermCategory
from editorial.prechecks.matcher import TermEntry, TermMatcher
from editorial.prechecks.scan import scan_rich_text, scan_text
from editorial.prechecks.text import html_to_text

from .helpers import english


def entry(term, correction="", severity=Severity.WARNING, category=TermCategory.WRONG, note=""):
    return TermEntry(term, correction, category, severity, note)


def test_terms_are_found_with_their_offsets_correction_and_severity():
    matcher = TermMatcher(
        [
            entry("做为", "作为"),
            entry("党中央国务院", "党中央、国务院", category=TermCategory.NON_STANDARD),
            entry("全网最低价", severity=Severity.BLOCKING, category=TermCategory.SENSITIVE),
        ]
    )
    text = "根据党中央国务院部署，做为试点单位，谨防“全网最低价”宣传。"
    findings = scan_text(text, matcher=matcher, field="summary")
    assert [(f.kind, text[f.start : f.end], f.severity, f.suggestion) for f in findings] == [
        (FindingKind.SENSITIVE_TERM, "党中央国务院", Severity.WARNING, "党中央、国务院"),
        (FindingKind.SENSITIVE_TERM, "做为", Severity.WARNING, "作为"),
        (FindingKind.SENSITIVE_TERM, "全网最低价", Severity.BLOCKING, ""),
    ]
    assert {f.field for f in findings} == {"summary"}
    first = findings[0]
    assert "党中央国务院" in first.excerpt
    message = english(first.message)
    assert "党中央国务院" in message and "党中央、国务院" in message


def test_the_note_of_a_term_is_part_of_its_message():
    matcher = TermMatcher([entry("截止目前", "截至目前", note="“截止”用于期限终结。")])
    (finding,) = scan_text("截止目前已完成。", matcher=matcher)
    assert "“截止”用于期限终结。" in english(finding.message)


def test_offsets_are_characters_of_the_text_whatever_its_script():
    matcher = TermMatcher([entry("其它"), entry("APP"), entry("二0")])
    text = "ＡＰＰ上线😀其它功能见App，二00五年版。"
    found = [(m.start, m.end) for m in matcher.find(text)]
    assert [text[start:end] for start, end in found] == ["ＡＰＰ", "其它", "App", "二0"]


def test_latin_terms_match_whole_words_only():
    matcher = TermMatcher([entry("ad"), entry("APP")])
    assert [m.entry.term for m in matcher.find("road, apply, ad, app2, app。")] == ["ad", "APP"]


def test_a_term_inside_a_longer_term_of_the_same_severity_is_reported_once():
    matcher = TermMatcher(
        [entry("党中央国务院", "党中央、国务院"), entry("中央国务院", "x"), entry("国务")]
    )
    text = "党中央国务院印发"
    assert [(m.start, m.end) for m in matcher.find(text)] == [(0, 6)]


def test_a_stricter_term_inside_a_milder_one_is_still_reported():
    matcher = TermMatcher([entry("某某公司名称"), entry("公司", severity=Severity.BLOCKING)])
    assert [m.entry.term for m in matcher.find("某某公司名称")] == ["某某公司名称", "公司"]


def test_overlapping_terms_are_both_reported():
    matcher = TermMatcher([entry("截止目前"), entry("目前为止")])
    assert [m.entry.term for m in matcher.find("截止目前为止")] == ["截止目前", "目前为止"]


def test_an_empty_dictionary_finds_nothing():
    matcher = TermMatcher([])
    assert len(matcher) == 0
    assert matcher.find("任何文字") == []


def test_two_spellings_of_one_term_keep_the_stricter_entry():
    matcher = TermMatcher([entry("app"), entry("APP", severity=Severity.BLOCKING), entry("App")])
    assert len(matcher) == 1
    (match,) = matcher.find("下载APP")
    assert match.entry.severity == Severity.BLOCKING


def test_terms_in_rich_text_index_its_plain_text():
    matcher = TermMatcher([entry("党中央国务院"), entry("做为")])
    html = "<p>党中央<b>国务院</b>高度重视</p><p>做</p><p>为</p>"
    text = html_to_text(html).text
    findings = scan_rich_text(html, matcher=matcher)
    # Inline markup does not hide a term; a paragraph break does not make one.
    assert [text[f.start : f.end] for f in findings] == ["党中央国务院"]


def test_fifty_thousand_terms_find_exactly_what_a_naive_search_finds():
    rnd = random.Random(2026)
    chars = [chr(code) for code in range(0x4E00, 0x4E00 + 400)]
    terms = set()
    while len(terms) < 50_000:
        terms.add("".join(rnd.choice(chars) for _ in range(rnd.randint(2, 6))))
    terms = sorted(terms)
    matcher = TermMatcher([entry(term) for term in terms])
    assert len(matcher) == 50_000
    # Text made partly of listed terms, partly of random characters, with other scripts.
    pieces = []
    for _ in range(3000):
        pieces.append(rnd.choice(terms) if rnd.random() < 0.2 else rnd.choice(chars))
        if rnd.random() < 0.05:
            pieces.append(rnd.choice(["，", "Ab", "😀", "\n", "１２"]))
    text = "".join(pieces)

    # Every occurrence of every term, overlapping ones included.
    expected = set()
    for term in terms:
        start = text.find(term)
        while start != -1:
            expected.add((start, start + len(term), term))
            start = text.find(term, start + 1)
    # The matcher reports the same, less the matches inside a longer one (same severity here).
    found = {(m.start, m.end, m.entry.term) for m in matcher.find(text)}
    contained = {
        (s, e, t)
        for (s, e, t) in expected
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for (s2, e2, _t) in expected)
    }
    assert found == expected - contained
    assert len(found) > 500
    assert all(text[s:e] == t for s, e, t in found)
