"""The pre-publication scan (R13): what must be looked at before an item goes out.

:func:`scan_text` checks one plain text against the dictionary of 错敏词 and for personal data
and web addresses; it touches no database. :func:`scan_page` checks every text of a page
(title, summary, body and the rest), the links and images of its rich text, its reprint source
and its cover image.

Offsets: a finding's ``start``/``end`` index the plain text of its field. For a plain field that
is the field's value; for rich text it is :func:`editorial.prechecks.text.html_to_text` of the
stored HTML.
"""

import functools
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from cms.content.models.images import MAP_APPROVAL_RE

from . import detectors
from .choices import FindingKind, Severity, TermCategory
from .detectors import LinkPolicy
from .dictionary import get_matcher
from .finding import Finding, message
from .matcher import TermMatch, TermMatcher
from .text import RichText, excerpt, fold, html_to_text

DEFAULT_LINK_ALLOWLIST = (
    "gov.cn",
    "people.com.cn",
    "xinhuanet.com",
    "news.cn",
    "cctv.com",
    "cctv.cn",
    "cntv.cn",
    "chinadaily.com.cn",
    "gmw.cn",
    "qstheory.cn",
    "cnr.cn",
    "cri.cn",
    "chinanews.com.cn",
    "ce.cn",
    "youth.cn",
    "china.com.cn",
    "12371.cn",
    "81.cn",
)
DEFAULT_COMMERCIAL_DOMAINS = (
    "taobao.com",
    "tmall.com",
    "tmall.hk",
    "tb.cn",
    "jd.com",
    "3.cn",
    "pinduoduo.com",
    "yangkeduo.com",
    "1688.com",
    "vip.com",
    "suning.com",
    "dangdang.com",
    "meituan.com",
    "dianping.com",
    "ele.me",
    "jinritemai.com",
    "youzan.com",
    "weidian.com",
    "amazon.com",
    "amazon.cn",
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
)
DEFAULT_COMMERCIAL_URL_PATTERNS = (
    # Campaign tracking parameters (utm_source, utm_campaign …).
    r"[?&#;]utm_[a-z]+=",
    # An advertising host: ad.example.com, ads.example.cn (not the registered domain itself).
    r"^(?:[a-z][a-z0-9+.\-]*:)?//(?:[^/?#@]*@)?(?:[^/?#.]+\.)*"
    r"(?:ad|ads|adv|adx|adserver|adservice|advert)\.[^/?#]*\.",
    # Advertising paths: /ads/, /advert/, /adclick.
    r"/(?:ads|advert|adverts|advertising|adclick)(?:[/?#.]|$)",
    # Shops under other domains of the big platforms.
    r"^(?:[a-z][a-z0-9+.\-]*:)?//[^/?#]*(?:taobao|tmall|pinduoduo|yangkeduo)",
)

# Messages. English msgids; the zh_Hans catalogue translates them.
TERM_WITH_CORRECTION = _("“%(term)s” is listed as %(category)s: write “%(correction)s” instead.")
TERM_WITHOUT_CORRECTION = _("“%(term)s” is listed as %(category)s: remove or rephrase it.")
TERM_WITH_CORRECTION_AND_NOTE = _(
    "“%(term)s” is listed as %(category)s: write “%(correction)s” instead. %(note)s"
)
TERM_WITHOUT_CORRECTION_AND_NOTE = _(
    "“%(term)s” is listed as %(category)s: remove or rephrase it. %(note)s"
)
ID_NUMBER = _("Personal data: a resident ID number (%(masked)s). Remove it or mask it.")
MOBILE_NUMBER = _("Personal data: a mobile phone number (%(masked)s). Remove it or mask it.")
BANK_CARD = _("Personal data: a bank card number (%(masked)s). Remove it or mask it.")
HOME_ADDRESS = _(
    "Personal data: a detailed home address (%(address)s). "
    "Give no more than the road or the residential community."
)
IN_LINK = _("%(finding)s It is in the address of a link.")
COMMERCIAL_LINK = _(
    "Commercial or advertising link to %(url)s. Government websites carry no advertising."
)
FOREIGN_LINK = _(
    "Link to %(domain)s, which is not on the list of trusted websites: check that it is "
    "authoritative and still right."
)
REPRINT_WITHOUT_SOURCE = _(
    "This item is a reprint but names no source from the whitelist of party and government "
    "bodies and authoritative media."
)
REPRINT_SOURCE_INACTIVE = _("The reprint source “%(source)s” has been removed from the whitelist.")
MAP_WITHOUT_APPROVAL = _("The image “%(title)s” is a map without its map approval number (审图号).")
MAP_WITH_INVALID_APPROVAL = _(
    "The image “%(title)s” is a map whose approval number “%(number)s” is not valid."
)
IMAGE_FIELD = "cover_image"

_URL_SHOWN = 120


def link_policy(extra_hosts: Iterable[str] = ()) -> LinkPolicy:
    """The link policy of the settings ``PRECHECK_LINK_ALLOWLIST``,
    ``PRECHECK_COMMERCIAL_DOMAINS`` and ``PRECHECK_COMMERCIAL_URL_PATTERNS``, trusting
    ``extra_hosts`` (the platform's own sites) as well."""
    return _link_policy(
        tuple(getattr(settings, "PRECHECK_LINK_ALLOWLIST", DEFAULT_LINK_ALLOWLIST)),
        tuple(getattr(settings, "PRECHECK_COMMERCIAL_DOMAINS", DEFAULT_COMMERCIAL_DOMAINS)),
        tuple(
            getattr(settings, "PRECHECK_COMMERCIAL_URL_PATTERNS", DEFAULT_COMMERCIAL_URL_PATTERNS)
        ),
        tuple(extra_hosts),
    )


@functools.lru_cache(maxsize=32)
def _link_policy(allowed, commercial_domains, commercial_patterns, extra_hosts) -> LinkPolicy:
    return LinkPolicy((*allowed, *extra_hosts), commercial_domains, commercial_patterns)


def _shorten(url: str) -> str:
    return url if len(url) <= _URL_SHOWN else url[: _URL_SHOWN - 1] + "…"


def _category_label(category: str):
    try:
        return TermCategory(category).label
    except ValueError:
        return category


def _term_finding(text: str, field: str, match: TermMatch) -> Finding:
    entry = match.entry
    term = text[match.start : match.end]
    params = {"term": term, "category": _category_label(entry.category)}
    if entry.correction:
        params["correction"] = entry.correction
    if entry.note:
        params["note"] = entry.note
        if entry.correction:
            msgid = TERM_WITH_CORRECTION_AND_NOTE
        else:
            msgid = TERM_WITHOUT_CORRECTION_AND_NOTE
    else:
        msgid = TERM_WITH_CORRECTION if entry.correction else TERM_WITHOUT_CORRECTION
    severity = Severity.BLOCKING if entry.severity == Severity.BLOCKING else Severity.WARNING
    return Finding(
        kind=FindingKind.SENSITIVE_TERM,
        field=field,
        start=match.start,
        end=match.end,
        excerpt=excerpt(text, match.start, match.end),
        message=message(msgid, **params),
        severity=severity,
        suggestion=entry.correction,
    )


def _mask(digits: str, keep_start: int, keep_end: int = 4) -> str:
    return digits[:keep_start] + "*" * (len(digits) - keep_start - keep_end) + digits[-keep_end:]


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _personal_data(
    folded: str, *, cards: bool = True, not_cards_in: Iterable[tuple[int, int]] = ()
) -> Iterator[tuple[FindingKind, int, int, object]]:
    """``(kind, start, end, message)`` of the personal data in ``folded`` text.

    Long numbers inside web addresses (``not_cards_in``) are page and file numbers far more
    often than bank cards: one in ten random 16-digit numbers passes the Luhn check.
    """
    taken: list[tuple[int, int]] = []
    for start, end, number in detectors.find_id_numbers(folded):
        taken.append((start, end))
        yield FindingKind.ID_NUMBER, start, end, message(ID_NUMBER, masked=_mask(number, 4))
    if cards:
        not_cards_in = list(not_cards_in)
        for start, end, digits in detectors.find_bank_cards(folded):
            if _overlaps(start, end, not_cards_in):
                continue
            taken.append((start, end))
            yield FindingKind.BANK_CARD, start, end, message(BANK_CARD, masked=_mask(digits, 4))
    for start, end, number in detectors.find_mobile_numbers(folded):
        if _overlaps(start, end, taken):
            continue
        yield (
            FindingKind.MOBILE_NUMBER,
            start,
            end,
            message(MOBILE_NUMBER, masked=_mask(number, 3)),
        )


def _link_finding(
    url: str, policy: LinkPolicy, *, field: str, start: int, end: int, text: str
) -> Finding | None:
    verdict = policy.classify(url)
    if verdict is None:
        return None
    kind, host = verdict
    if kind == "commercial":
        return Finding(
            kind=FindingKind.COMMERCIAL_LINK,
            field=field,
            start=start,
            end=end,
            excerpt=excerpt(text, start, end),
            message=message(COMMERCIAL_LINK, url=_shorten(url)),
            severity=Severity.BLOCKING,
        )
    return Finding(
        kind=FindingKind.FOREIGN_LINK,
        field=field,
        start=start,
        end=end,
        excerpt=excerpt(text, start, end),
        message=message(FOREIGN_LINK, domain=host),
        severity=Severity.WARNING,
    )


def _href_data(href: str) -> str:
    """The part of a link address that may carry personal data, folded: all of a ``tel:``,
    ``sms:`` or ``mailto:`` address, the query and fragment of a web address."""
    scheme, _, rest = href.partition(":")
    if scheme.lower() in {"tel", "sms", "mailto"}:
        return fold(unquote(rest))
    try:
        parts = urlsplit(href)
    except ValueError:
        return ""
    return fold(unquote(f"{parts.query}#{parts.fragment}"))


def _sort(findings: list[Finding]) -> list[Finding]:
    findings.sort(key=lambda finding: (finding.start, finding.end, finding.kind))
    return findings


def scan_text(
    text: str,
    *,
    matcher: TermMatcher | None,
    field: str = "text",
    links: LinkPolicy | None = None,
) -> list[Finding]:
    """The findings of one plain text: dictionary terms, personal data, web addresses.

    ``matcher`` is the dictionary (``None`` checks no terms); ``links`` the link policy
    (by default the settings'). Offsets index ``text``.
    """
    if not text:
        return []
    folded = fold(text)
    findings = []
    if matcher is not None:
        findings.extend(
            _term_finding(text, field, match) for match in matcher.find(folded, folded=True)
        )
    urls = []
    if "www." in folded or "://" in folded:
        policy = links or link_policy()
        for start, end, url in detectors.find_bare_urls(folded):
            urls.append((start, end))
            finding = _link_finding(url, policy, field=field, start=start, end=end, text=text)
            if finding is not None:
                findings.append(finding)
    for kind, start, end, detail in _personal_data(folded, not_cards_in=urls):
        findings.append(
            Finding(
                kind=kind,
                field=field,
                start=start,
                end=end,
                excerpt=excerpt(text, start, end),
                message=detail,
                severity=Severity.BLOCKING,
            )
        )
    for start, end, _address in detectors.find_home_addresses(folded):
        findings.append(
            Finding(
                kind=FindingKind.HOME_ADDRESS,
                field=field,
                start=start,
                end=end,
                excerpt=excerpt(text, start, end),
                message=message(HOME_ADDRESS, address=text[start:end]),
                severity=Severity.BLOCKING,
            )
        )
    return _sort(findings)


def scan_rich_text(
    html: str,
    *,
    matcher: TermMatcher | None,
    field: str = "body",
    links: LinkPolicy | None = None,
    rich: RichText | None = None,
) -> list[Finding]:
    """The findings of rich text: those of its plain text and those of its links.

    A web address written as the text of a link is judged once, by the link's ``href``.
    """
    rich = rich if rich is not None else html_to_text(html)
    policy = links or link_policy()
    text = rich.text
    findings = [
        finding
        for finding in scan_text(text, matcher=matcher, field=field, links=policy)
        if not (
            finding.kind in (FindingKind.FOREIGN_LINK, FindingKind.COMMERCIAL_LINK)
            and any(link.start <= finding.start and finding.end <= link.end for link in rich.links)
        )
    ]
    for link in rich.links:
        if not link.href or link.linktype:
            continue  # Internal links (Wagtail pages and documents) have no href in the database.
        finding = _link_finding(
            link.href, policy, field=field, start=link.start, end=link.end, text=text
        )
        if finding is not None:
            findings.append(finding)
        # Personal data carried by the address itself: tel:13800138000, ?idcard=…
        for kind, _start, _end, detail in _personal_data(_href_data(link.href), cards=False):
            findings.append(
                Finding(
                    kind=kind,
                    field=field,
                    start=link.start,
                    end=link.end,
                    excerpt=excerpt(text, link.start, link.end),
                    message=message(IN_LINK, finding=detail),
                    severity=Severity.BLOCKING,
                )
            )
    return _sort(findings)


# --- Pages -----------------------------------------------------------------------------------

# Of Wagtail's own page fields, those that are text editors write and the public reads.
_PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")
_FIRST_FIELDS = ("title", "summary", "body")


def _stream_texts(value, path: str) -> Iterator[tuple[str, str, bool]]:
    """``(field path, text, is rich text)`` of every text inside a StreamField value."""
    from wagtail.blocks import StreamValue
    from wagtail.rich_text import RichText as WagtailRichText

    if isinstance(value, str):
        if value:
            yield path, value, False
    elif isinstance(value, WagtailRichText):
        yield path, value.source, True
    elif isinstance(value, StreamValue):
        for index, child in enumerate(value):
            yield from _stream_texts(child.value, f"{path}.{index}")
    elif isinstance(value, dict):  # StructValue
        for key, child in value.items():
            yield from _stream_texts(child, f"{path}.{key}")
    elif isinstance(value, list | tuple):  # ListValue and lists
        for index, child in enumerate(value):
            yield from _stream_texts(child, f"{path}.{index}")


def page_texts(page) -> list[tuple[str, str, bool]]:
    """``(field, text, is rich text)`` of every text of ``page``: Wagtail's title, SEO title
    and search description, then the fields of its type (plain, rich and inside StreamFields).
    Choice fields, slugs and paths are not text anyone reads."""
    texts = []
    for field in page._meta.concrete_fields:
        if field.model is Page and field.name not in _PAGE_TEXT_FIELDS:
            continue
        value = getattr(page, field.attname, None)
        if not value:
            continue
        if isinstance(field, RichTextField):
            texts.append((field.name, value, True))
        elif isinstance(field, StreamField):
            texts.extend(_stream_texts(value, field.name))
        elif (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField)
            and not field.choices
        ):
            texts.append((field.name, value, False))
    order = {name: index for index, name in enumerate(_FIRST_FIELDS)}
    texts.sort(key=lambda item: order.get(item[0], len(order)))
    return texts


def _site_hosts() -> list[str]:
    return list(Site.objects.values_list("hostname", flat=True))


def _map_problem(image) -> object | None:
    """The message for an image that is a map without a valid approval number, else ``None``."""
    if not getattr(image, "is_map", False):
        return None
    number = (getattr(image, "map_approval_number", "") or "").strip()
    if not number:
        return message(MAP_WITHOUT_APPROVAL, title=image.title)
    if not MAP_APPROVAL_RE.match(number):
        return message(MAP_WITH_INVALID_APPROVAL, title=image.title, number=number)
    return None


def _embedded_map_findings(field: str, rich: RichText) -> list[Finding]:
    from wagtail.images import get_image_model

    offsets: dict[int, list[int]] = {}
    for embed in rich.embeds:
        if embed.embedtype == "image" and embed.id.isdigit():
            offsets.setdefault(int(embed.id), []).append(embed.offset)
    if not offsets:
        return []
    images = get_image_model().objects.filter(pk__in=offsets, is_map=True)
    findings = []
    for image in images:
        problem = _map_problem(image)
        if problem is None:
            continue
        for offset in offsets[image.pk]:
            findings.append(
                Finding(
                    kind=FindingKind.MAP_WITHOUT_APPROVAL,
                    field=field,
                    start=offset,
                    end=offset,
                    excerpt=excerpt(rich.text, offset, offset),
                    message=problem,
                    severity=Severity.BLOCKING,
                )
            )
    return findings


def _item_findings(page) -> list[Finding]:
    """The checks of the whole item: its reprint source and its cover image."""
    findings = []
    if getattr(page, "is_reprint", False):
        source = page.reprint_source if page.reprint_source_id is not None else None
        problem = None
        if source is None:
            problem = REPRINT_WITHOUT_SOURCE
        elif not source.is_active:
            problem = message(REPRINT_SOURCE_INACTIVE, source=source.name)
        if problem is not None:
            findings.append(
                Finding(
                    kind=FindingKind.REPRINT_SOURCE,
                    field="reprint_source",
                    start=0,
                    end=0,
                    excerpt="",
                    message=problem,
                    severity=Severity.BLOCKING,
                )
            )
    if getattr(page, "cover_image_id", None) is not None:
        cover = page.cover_image
        problem = _map_problem(cover) if cover is not None else None
        if problem is not None:
            findings.append(
                Finding(
                    kind=FindingKind.MAP_WITHOUT_APPROVAL,
                    field=IMAGE_FIELD,
                    start=0,
                    end=0,
                    excerpt=cover.title,
                    message=problem,
                    severity=Severity.BLOCKING,
                )
            )
    return findings


def scan_page(page, *, matcher: TermMatcher | None = None) -> list[Finding]:
    """Every finding of ``page`` (a page or the object of a revision), field by field.

    ``matcher`` defaults to the cached matcher of the active dictionary.
    """
    if type(page) is Page:
        page = page.specific
    if matcher is None:
        matcher = get_matcher()
    policy = link_policy(extra_hosts=_site_hosts())
    findings: list[Finding] = []
    for field, value, is_rich in page_texts(page):
        if is_rich:
            rich = html_to_text(value)
            findings.extend(
                scan_rich_text(value, matcher=matcher, field=field, links=policy, rich=rich)
            )
            findings.extend(_embedded_map_findings(field, rich))
        else:
            findings.extend(scan_text(value, matcher=matcher, field=field, links=policy))
    findings.extend(_item_findings(page))
    return findings


def has_blocking(findings: Iterable[Finding]) -> bool:
    return any(finding.is_blocking for finding in findings)
