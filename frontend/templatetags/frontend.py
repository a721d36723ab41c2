"""Template filters of the public website: addresses on the visitor's site, and the API's dates
as people read them."""

import re

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def site_url(path: str, site) -> str:
    """``{{ "/search/"|site_url:site }}``: a path of the site as the visitor reaches it."""
    return site.url(path)


@register.filter
def link(page: dict, site) -> str:
    """``{{ item|link:site }}``: the address of a page of this site or another of the platform."""
    return site.link(page)


@register.filter
def home_of(summary: dict, site) -> str:
    """``{{ other|home_of:site }}``: the home page of another site of the platform."""
    return site.link({"site_id": summary["id"], "url_path": "/"})


@register.filter
def day(value: str | None) -> str:
    """The day of an API date or time (``2026-12-07T13:18:16+08:00`` → ``2026-12-07``); the API
    gives times in Asia/Shanghai."""
    return (value or "")[:10]


@register.filter
def minute(value: str | None) -> str:
    """Day and time to the minute, as ``2026-12-07 13:18``."""
    return (value or "")[:16].replace("T", " ")


@register.filter
def lines(value: str | None) -> list[str]:
    """The non-empty lines of a text (a service guide's steps)."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@register.filter
def media(url: str | None) -> str:
    """A file's address from the API (``/media/...``) on the host that serves it."""
    if url and url.startswith("/") and not url.startswith("//"):
        return settings.FRONTEND_MEDIA_ORIGIN + url
    return url or ""


_LOCAL_FILE = re.compile(r'(\s(?:src|href)=")(/(?!/))')


@register.filter
def files_on_platform(html: str | None) -> str:
    """The API's sanitised HTML with its images and files addressed on the platform's host."""
    origin = settings.FRONTEND_MEDIA_ORIGIN + "/"
    return mark_safe(_LOCAL_FILE.sub(lambda found: found.group(1) + origin, html or ""))
