"""Multi-pattern matching of the 错敏词 dictionary with an Aho–Corasick automaton.

The automaton is built once from the dictionary (see :mod:`editorial.prechecks.dictionary` for
the cached one) and finds every term in one pass over the text, whatever the number of terms.
Importable without a configured project.

The automaton works on UTF-8 bytes (each as one Latin-1 character), not on characters.
pyahocorasick looks up the next state by scanning a node's children: with 50,000 Chinese terms
the start node has thousands of children (one per first character) and a scan of Chinese text
spends most of its time there, ~7 ms for 40 KB. In UTF-8 no node has more than 256 children and
the same scan takes well under a millisecond. UTF-8 cannot match in the middle of a character,
and the offsets found are turned back into character offsets.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from .choices import Severity
from .text import fold

_RANK = {Severity.WARNING: 0, Severity.BLOCKING: 1}


def severity_rank(severity: str) -> int:
    return _RANK.get(severity, 0)


@dataclass(frozen=True, slots=True)
class TermEntry:
    term: str
    correction: str = ""
    category: str = ""
    severity: str = Severity.WARNING
    note: str = ""


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    entry: TermEntry


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


class TermMatcher:
    """Finds the terms of a dictionary in text.

    Matching ignores the case of Latin letters and the width of digits and letters
    (``ＡＰＰ`` is ``app``). A term that begins or ends with a Latin letter only matches whole
    words on that side (``ad`` is not found in ``road``); Chinese has no word boundaries, and
    digits none either (``二0`` is found in ``二00五``).
    """

    def __init__(self, entries: Iterable[TermEntry]):
        automaton = ahocorasick.Automaton()
        size = 0
        for entry in entries:
            key = fold(entry.term.strip())
            if not key:
                continue
            encoded = _to_bytes(key).decode("latin-1")
            previous = automaton.get(encoded, None)
            if previous is not None:
                # Two spellings of one term (case, width): the stricter entry wins.
                if severity_rank(previous[2].severity) >= severity_rank(entry.severity):
                    continue
            else:
                size += 1
            bounded = (_is_latin_letter(key[0]), _is_latin_letter(key[-1]))
            automaton.add_word(encoded, (len(encoded), len(key), entry, *bounded))
        if size:
            automaton.make_automaton()
        self._automaton = automaton if size else None
        self.size = size

    def __len__(self) -> int:
        return self.size

    def find(self, text: str, *, folded: bool = False) -> list[TermMatch]:
        """Every term found in ``text``, in order of position.

        Overlapping matches are all kept, except a match lying inside a longer one that is at
        least as severe (``党中央国务院`` hides a shorter listed ``中央国务院``).
        ``folded=True`` says ``text`` already went through :func:`~.text.fold`.
        """
        if self._automaton is None or not text:
            return []
        haystack = text if folded else fold(text)
        data = _to_bytes(haystack)
        stream = data.decode("latin-1")
        last = len(stream)
        # (byte offset of the start, length in characters, entry), as the automaton finds them.
        hits = []
        for end_index, (
            byte_length,
            length,
            entry,
            bounded_left,
            bounded_right,
        ) in self._automaton.iter(stream):
            end = end_index + 1
            start = end - byte_length
            # Bytes of other characters than ASCII are >= 0x80, never a Latin letter or digit.
            if bounded_left and start > 0 and _is_word_char(stream[start - 1]):
                continue
            if bounded_right and end < last and _is_word_char(stream[end]):
                continue
            hits.append((start, length, entry))
        if not hits:
            return []
        hits.sort(key=lambda hit: hit[0])
        found = []
        if len(data) == len(haystack):  # ASCII only: bytes are characters
            for start, length, entry in hits:
                found.append(TermMatch(start, start + length, entry))
        else:
            byte_offset = char_offset = 0
            for start, length, entry in hits:
                if start != byte_offset:
                    char_offset += len(_from_bytes(data[byte_offset:start]))
                    byte_offset = start
                found.append(TermMatch(char_offset, char_offset + length, entry))
        if len(found) > 1:
            found = _drop_contained(found)
        return found


def _to_bytes(text: str) -> bytes:
    # ``surrogatepass``: text pasted from elsewhere may hold a lone surrogate.
    return text.encode("utf-8", "surrogatepass")


def _from_bytes(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _drop_contained(matches: list[TermMatch]) -> list[TermMatch]:
    matches.sort(key=lambda match: (match.start, -match.end))
    # The furthest end reached so far by a match of each severity rank; every earlier match
    # starts at or before the current one, so reaching its end means containing it.
    furthest = [-1] * (max(_RANK.values()) + 1)
    kept = []
    for match in matches:
        rank = severity_rank(match.entry.severity)
        if max(furthest[rank:]) < match.end:
            kept.append(match)
        furthest[rank] = max(furthest[rank], match.end)
    return kept
