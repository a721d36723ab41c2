"""What a citizen's query asks for: the text as they type it into :class:`search.query.Terms`.

* Written forms folded: full-width to half-width and case (``segment.normalise``), traditional
  characters to simplified (OpenCC's ``t2s``; the platform's documents are written in
  simplified characters, so only queries are folded), spaces between Hanzi dropped (医 保 is 医保).
* Document numbers recognised in any bracket form, with or without brackets: 渭政发〔2026〕12号,
  渭政发[2026]12号 and 渭政发(2026)12号 are one token, the one the document's number is indexed
  under (:func:`number_tokens`).
* Question fillers (怎么, 如何, 在哪里 …) dropped: every word left is required.
* Synonyms (:class:`search.models.Synonym`, kept in the admin): a word, or adjacent words, in a
  synonym entry stand for any term of the entry (医保 finds 医疗保障 and the reverse).
"""

from __future__ import annotations

import re
from functools import cache

import opencc

from .query import Alternative, Group, Terms
from .segment import normalise, query_words

# Longer queries are cut here: nobody types more, and each word costs the engine.
MAX_GROUPS = 12

# Words a question is phrased with that no document is found by.
FILLERS = frozenset(
    """
    怎么 怎样 怎么样 如何 怎么办 咋 咋办 哪里 在哪里 在哪儿 在哪 哪儿 哪个 哪些 什么 啥 为什么 多少
    吗 呢 吧 啊 呀 哦 么 的 了 得 地 着 过 和 与 及 或 是 在 有 要 想 能 会
    可以 能否 能不能 可不可以
    需要 应该 请问 请 问 我 我们 你 你们 他 她 一下 一个 这个 那个 这 那 去 到 找 查 查询 咨询 了解
    """.split()
)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_OPEN = r"[〔\[【(（［〖{<《]"
_CLOSE = r"[〕\]】)）］〗}>》]"
# What follows an office's code in a document number, in any brackets (or none): 〔2026〕12号,
# [2026]12号, 2026年第12号; and a decree's 令第3号. The code is the run of Hanzi before it.
_NUMBERED = re.compile(
    rf"{_OPEN}?\s*(?P<year>(?:19|20|21)\d{{2}})\s*{_CLOSE}?\s*(?:年\s*)?第?\s*"
    r"(?P<serial>\d{1,5})\s*号"
)
_DECREE = re.compile(r"(?P<code>令)\s*第\s*(?P<serial>\d{1,5})\s*号")
_HAN_RUN_END = re.compile(rf"[{_HAN}]{{1,20}}$")
# The shortest ending of a code a number is known by (渭政发, not 政发).
MIN_CODE = 3
_MAYBE_NUMBER = re.compile(r"\d\s*号")


@cache
def _simplifier() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """The query's written form as documents are written: simplified, half-width, folded."""
    folded = normalise(_simplifier().convert(text or ""))
    return _SPACE_BETWEEN_HAN.sub("", folded)


def _token(code: str, year: str | None, serial: str) -> str:
    return f"{code}{year}n{int(serial)}" if year else f"{code}d{int(serial)}"


def _numbers(text: str):
    """Each document number in ``text``: (where it starts, where it ends, the endings of its
    code from the longest, the year or None, the serial)."""
    if not _MAYBE_NUMBER.search(text):
        return
    for pattern in (_NUMBERED, _DECREE):
        for match in pattern.finditer(text):
            window = max(0, match.start() - 20)
            before = _HAN_RUN_END.search(text[window : match.start()])
            lead = before.group() if before else ""
            code = lead + (match.groupdict().get("code") or "")  # a decree's 令
            if len(code) < MIN_CODE:
                continue
            endings = [code[i:] for i in range(len(code) - MIN_CODE + 1)]
            start = match.start() - len(lead)
            yield start, match.end(), endings, match.groupdict().get("year"), match["serial"]


def number_tokens(text: str) -> list[str]:
    """The tokens the document numbers in ``text`` are indexed under: one per ending of the
    code, as a text citing it may run other words into it (根据渭政发〔2026〕12号). Documents are
    written in simplified characters: only queries are folded from traditional ones."""
    if not _MAYBE_NUMBER.search(text or ""):
        return []
    folded = normalise(text)
    tokens = [
        _token(ending, year, serial)
        for _start, _end, endings, year, serial in _numbers(folded)
        for ending in endings
    ]
    return list(dict.fromkeys(tokens))


def _number_groups(text: str) -> tuple[str, list[Group]]:
    """The document numbers of a query as groups (any ending of the code may be the office's:
    查询渭政发〔2026〕12号), and the text left without them."""
    groups: list[Group] = []
    found = list(_numbers(text))
    for start, end, endings, year, serial in reversed(found):
        alternatives = [(_token(ending, year, serial),) for ending in endings]
        written = text[start:end]
        if not re.search(rf"{_OPEN}|{_CLOSE}|年|令", written):
            # Without brackets it may be words that only look like a number: they also do.
            plain = [word for word in query_words(written) if word not in FILLERS]
            alternatives.append(tuple(plain))
        groups.insert(0, tuple(alternatives))
        text = f"{text[:start]} {text[end:]}"
    return text, groups


def understand(text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> Terms:
    """The terms ``text`` asks for; ``synonyms`` maps a folded term to its entry's terms."""
    text, groups = _number_groups(fold(text))
    words = [word for word in query_words(text) if word not in FILLERS]
    synonyms = synonyms or {}
    position = 0
    while position < len(words):
        # The longest run of adjacent words (up to three) that is a synonym term.
        for size in (3, 2, 1):
            term = "".join(words[position : position + size])
            if size <= len(words) - position and term in synonyms:
                groups.append(_alternatives(synonyms[term]))
                position += size
                break
        else:
            groups.append(((words[position],),))
            position += 1
    unique = list(dict.fromkeys(groups))
    return Terms(tuple(unique[:MAX_GROUPS]))


def _alternatives(terms: tuple[str, ...]) -> Group:
    alternatives: list[Alternative] = []
    for term in terms:
        words = tuple(query_words(term))
        if words and words not in alternatives:
            alternatives.append(words)
    return tuple(alternatives)
