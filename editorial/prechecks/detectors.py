"""Detectors of personal data and of links. Pure functions over plain text.

Each returns ``(start, end, detail)`` spans of the text it is given; the caller turns them into
findings. The text is expected to have gone through :func:`~.text.fold` (ASCII digits, Latin
letters in lower case), which keeps offsets.
"""

import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

# The patterns begin with a digit class, not with a look-behind: Python's ``re`` then skips
# quickly over text that cannot start a match (a look-behind first makes it try every
# position). What comes before a match is checked in Python.


def _digit_before(text: str, start: int) -> bool:
    return start > 0 and "0" <= text[start - 1] <= "9"


def _group_before(text: str, start: int) -> bool:
    """A digit, or a digit and a separator, right before ``start``: part of a longer number."""
    return _digit_before(text, start) or (
        start > 1 and text[start - 1] in " -" and "0" <= text[start - 2] <= "9"
    )


# --- Resident ID numbers (居民身份证号码, GB 11643) ---------------------------------------------

_ID_RE = re.compile(
    r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}[0-9xX](?![0-9xX])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
# The first two digits name the province (and 71/81/82/83 Taiwan, Hong Kong, Macao residents).
_ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)


def id_check_char(first17: str) -> str:
    """The check character of an 18-character ID number (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def is_valid_id_number(number: str, *, today: datetime.date | None = None) -> bool:
    """An 18-character resident ID number with a known province, a real birth date not in the
    future, and the right check character."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _ID_PROVINCES:
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or datetime.date.today()):
        return False
    return id_check_char(number[:17]) == number[17].upper()


def find_id_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """18-character ID numbers with a valid check character, not part of a longer number."""
    for match in _ID_RE.finditer(text):
        if _digit_before(text, match.start()):
            continue
        number = match.group().upper()
        if is_valid_id_number(number):
            yield match.start(), match.end(), number


# --- Mobile phone numbers --------------------------------------------------------------------

# 11 digits from 13x to 19x, written whole or as 3-4-4 with spaces or hyphens, optionally after
# +86/0086; never a part of a longer run of digits.
_MOBILE_RE = re.compile(
    r"1[3-9][0-9](?:[0-9]{8}|(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4})(?![0-9])(?![ -][0-9])"
)
_COUNTRY_CODE_RE = re.compile(r"(?:\+|00)86[ -]?$")


def find_mobile_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _MOBILE_RE.finditer(text):
        start = match.start()
        prefix = _COUNTRY_CODE_RE.search(text, max(0, start - 6), start)
        if prefix is not None:
            start = prefix.start()
        if _digit_before(text, start):
            continue
        yield start, match.end(), re.sub(r"[ -]", "", match.group())


# --- Bank card numbers -----------------------------------------------------------------------

_CARD_RE = re.compile(
    r"[1-9](?:[0-9]{15,18}"
    r"|[0-9]{3}(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?)"
    r"(?![0-9])(?![ -][0-9])"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def find_bank_cards(text: str) -> Iterator[tuple[int, int, str]]:
    """16 to 19 digits passing the Luhn check that are not a valid ID number."""
    for match in _CARD_RE.finditer(text):
        if _group_before(text, match.start()):
            continue
        digits = re.sub(r"[ -]", "", match.group())
        if not 16 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        if len(digits) == 18 and is_valid_id_number(digits):
            continue
        yield match.start(), match.end(), digits


# --- Detailed home addresses -----------------------------------------------------------------

# A count or a label of a building, a unit or a floor: 3, 12, A, 十二.
_N = r"[0-9a-z一二三四五六七八九十百零〇]{1,4}"
# The dwelling: a building with its unit or its room, or a unit with its room. A room written
# without 室/户 needs 3–4 digits and the end of the phrase after it.
_DWELLING_RE = re.compile(
    rf"(?:(?P<building>{_N}\s?(?:号楼|栋|幢|座))\s?(?P<unit>{_N}\s?单元)?|(?P<unit_only>{_N}\s?单元))"
    rf"\s?(?:{_N}\s?[层楼])?\s?"
    r"(?P<room>[0-9a-z]{1,5}\s?(?:室|户|号房)|[0-9]{3,4}(?=$|[\s,.;:，。；：、)）]))?"
)
# Names of places, roads and estates: word characters but no digits, no administrative suffix
# and none of the little words that come before an address (住在, 现居, 位于, 地址为).
_NAME = r"[^\W\d_省市区县旗镇乡在住居于是的为到和与及或向从自往]"
_LOCALITY = rf"{_NAME}{{2,8}}?(?:省|自治区|市|州|盟|区|县|旗|镇|乡|街道)"
_ROAD = (
    rf"{_NAME}{{1,10}}?(?:大街|大道|路|街|巷|弄|胡同)(?:{_NAME}{{1,3}}?段)?"
    r"\s?[0-9一二三四五六七八九十百零〇]{1,5}\s?号(?:院)?"
)
_ESTATE = (
    rf"{_NAME}{{1,10}}?(?:小区|花园|家园|公寓|新村|社区|大院|苑|村|府|园|里|城)"
    r"(?:[0-9一二三四五六七八九十]{1,3}期)?"
)
# The place before the dwelling, ending right where the dwelling begins.
_PLACE_RE = re.compile(rf"(?:{_LOCALITY})*(?:{_ROAD}\s?(?:{_ESTATE})?|{_ESTATE})\s?$")
_PLACE_WINDOW = 48
_DWELLING_HINT = re.compile("号楼|栋|幢|座|单元")
_N_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz一二三四五六七八九十百零〇")


def find_home_addresses(text: str) -> Iterator[tuple[int, int, str]]:
    """Addresses down to the flat: 科技路10号3栋2单元501室, 阳光小区5号楼1单元302.

    The address of an office (人民路1号政务大厅3楼) or a district alone is no finding: a
    building with its unit or room, or a unit with its room, after a road and number or the
    name of an estate.
    """
    last_end = 0
    # Start from the markers (栋, 单元 …), found fast, and read the dwelling from the number
    # or letter before them; a regular expression run over the whole text is much slower.
    for hint in _DWELLING_HINT.finditer(text):
        start = hint.start()
        if start < last_end:
            continue
        if start > 0 and text[start - 1] == " ":
            start -= 1
        label = 0
        while start > 0 and label < 4 and text[start - 1] in _N_CHARS:
            start -= 1
            label += 1
        if not label:
            continue
        match = _DWELLING_RE.match(text, start)
        if match is None:
            continue
        last_end = match.end()
        has_building = match.group("building") is not None
        has_unit = match.group("unit") is not None or match.group("unit_only") is not None
        has_room = match.group("room") is not None
        if not ((has_building and (has_unit or has_room)) or (has_unit and has_room)):
            continue
        window_start = max(0, match.start() - _PLACE_WINDOW)
        place = _PLACE_RE.search(text, window_start, match.start())
        if place is None:
            continue
        end = match.end()
        while end > place.start() and text[end - 1].isspace():
            end -= 1
        yield place.start(), end, text[place.start() : end]


# --- Links -----------------------------------------------------------------------------------

# A web address written as text (not as a link): http(s)://… or www.…
_BARE_URL_RE = re.compile(
    r"(?:https?://|www\.)[0-9a-z\-.]+(?::[0-9]+)?"
    r"(?:[/?#][^\s<>\"'，。；、：！？（）【】《》“”‘’]*)?"
)
_HOST_ONLY_RE = re.compile(r"^[0-9a-z\-]+(?:\.[0-9a-z\-]+)+(?::[0-9]+)?(?:[/?#]|$)", re.I)
_URL_GLUED = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.@/-")


def find_bare_urls(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _BARE_URL_RE.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] in _URL_GLUED:
            continue  # The inside of a longer address or of an e-mail address.
        url = match.group().rstrip(".,;:!?)")
        yield start, start + len(url), url


def url_host(url: str) -> str | None:
    """The host name a link leads to, or ``None`` for a link that stays on the site
    (``/path``, ``#anchor``) or is not a web address (``mailto:``, ``tel:``)."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url and not url.startswith("//") and _HOST_ONLY_RE.match(url):
        # ``www.example.com/page`` typed without its scheme.
        url = "//" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url.lower()
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return None
    if not host:
        return None
    return host.rstrip(".").lower()


def _domain_matches(host: str, domains: Iterable[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _normalise_domains(domains: Iterable[str]) -> tuple[str, ...]:
    cleaned = []
    for domain in domains:
        domain = domain.strip().lower().removeprefix("*.").strip(".")
        if domain:
            cleaned.append(domain)
    return tuple(cleaned)


@functools.lru_cache(maxsize=16)
def _compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


@dataclass(frozen=True)
class LinkPolicy:
    """Where links may lead: trusted domains (subdomains included) and what is commercial."""

    allowed_domains: tuple[str, ...]
    commercial_domains: tuple[str, ...]
    commercial_patterns: tuple[str, ...]

    def __post_init__(self):
        object.__setattr__(self, "allowed_domains", _normalise_domains(self.allowed_domains))
        object.__setattr__(self, "commercial_domains", _normalise_domains(self.commercial_domains))
        object.__setattr__(self, "commercial_patterns", tuple(self.commercial_patterns))

    def with_hosts(self, hosts: Iterable[str]) -> "LinkPolicy":
        """The policy with ``hosts`` (the platform's own sites) trusted as well."""
        return LinkPolicy(
            (*self.allowed_domains, *hosts), self.commercial_domains, self.commercial_patterns
        )

    def is_commercial(self, url: str, host: str) -> bool:
        if _domain_matches(host, self.commercial_domains):
            return True
        return any(pattern.search(url) for pattern in _compile_patterns(self.commercial_patterns))

    def is_allowed(self, host: str) -> bool:
        return _domain_matches(host, self.allowed_domains)

    def classify(self, url: str) -> tuple[str, str] | None:
        """``("commercial", host)``, ``("foreign", host)`` or ``None`` for a trusted link."""
        host = url_host(url)
        if host is None:
            return None
        if self.is_commercial(url, host):
            return "commercial", host
        if not self.is_allowed(host):
            return "foreign", host
        return None
