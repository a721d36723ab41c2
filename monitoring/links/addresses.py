"""What a link in live content points to, and the one written form it is kept under.

A link is *internal* when it is relative or names one of the platform's own hosts (a Wagtail
site's hostname, or the English or Chinese domain of the site's identity, 网站标识): the
public read model answers it, by the site and the path below the site's root. It is *media*
when, on such a host or relative, its path lies below ``MEDIA_URL`` (the files and image
renditions the public representation points to) or is Wagtail's document address
(``/documents/<id>/<name>``); storage answers it (``Link.path`` holds the file's name below
``MEDIA_URL``, or the document address). Any other http(s) address is *external* and
is checked over HTTP. ``mailto:``, ``tel:``, ``javascript:``, ``data:`` and bare fragments are
not addresses to check and are left out.

The written form: scheme and host in lower case (a Chinese domain in its IDNA form), no default
port, no fragment, ``/`` for an empty path; relative links are resolved against the page's own
address first. A link is kept once under the SHA-256 of that form.
"""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from wagtail.models import Site

from cms.sites.models import SiteIdentity

from .models import LinkKind

CHECKED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
_DOCUMENT_PATH = re.compile(r"^/documents/\d+/[^/]+/?$")


@dataclass(frozen=True)
class Address:
    url: str
    kind: str
    site_id: int | None = None
    path: str = ""

    @property
    def url_hash(self) -> str:
        return url_hash(self.url)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def _ascii_host(host: str) -> str | None:
    host = host.strip().rstrip(".").lower()
    if not host:
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@dataclass
class PlatformHosts:
    """The platform's own hosts, each with the site it serves, and each site's root address.

    Hosts are keyed as a link's address writes them: the host, with ``:port`` when the port is
    not the default one (a Wagtail site on port 8000 is not the same host on port 80)."""

    sites_by_host: dict[str, int]
    root_urls: dict[int, str]

    @classmethod
    def load(cls) -> "PlatformHosts":
        by_host: dict[str, int] = {}
        roots: dict[int, str] = {}
        for site in Site.objects.all():
            roots[site.pk] = site.root_url
            host = _ascii_host(site.hostname)
            if host:
                default = site.port in DEFAULT_PORTS.values()
                by_host[host if default else f"{host}:{site.port}"] = site.pk
        for site_id, english, chinese in SiteIdentity.objects.values_list(
            "site_id", "english_domain", "chinese_domain"
        ):
            for domain in (english, chinese):
                host = _ascii_host(domain or "")
                if host:
                    by_host.setdefault(host, site_id)
        return cls(by_host, roots)


def _media_path(path: str) -> str | None:
    """What storage answers for a path on one of the platform's hosts: the file's name below
    ``MEDIA_URL``, or the document address as it is; None for any other path."""
    media_url = settings.MEDIA_URL
    if media_url.startswith("/") and path.startswith(media_url):
        return unquote(path[len(media_url) :])
    if _DOCUMENT_PATH.match(path):
        return path
    return None


def read_model_path(path: str) -> str:
    """The read model's form of a page path: decoded, ending with a slash."""
    path = unquote(path) or "/"
    return path if path.endswith("/") else path + "/"


def address_of(href: str, *, site_id: int, page_path: str, hosts: PlatformHosts) -> Address | None:
    """The address ``href`` (as found on the page at ``page_path`` of site ``site_id``) points
    to, or None when it is nothing to check."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    base = hosts.root_urls.get(site_id, "http://localhost") + page_path
    try:
        parts = urlsplit(urljoin(base, href))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in CHECKED_SCHEMES:
        return None
    host = _ascii_host(parts.hostname or "")
    if host is None:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    path = parts.path or "/"
    url = f"{scheme}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")
    media_url = settings.MEDIA_URL
    if not media_url.startswith("/") and url.startswith(media_url):
        return Address(url, LinkKind.MEDIA, None, unquote(url[len(media_url) :]))
    own_site = hosts.sites_by_host.get(netloc)
    if own_site is None:
        return Address(url, LinkKind.EXTERNAL)
    media_path = _media_path(path)
    if media_path is not None:
        return Address(url, LinkKind.MEDIA, own_site, media_path)
    return Address(url, LinkKind.INTERNAL, own_site, read_model_path(path))
