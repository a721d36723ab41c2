"""Which site a request is for, and how its pages are addressed.

A request is for the site whose hostname it came to. On any other host (a test machine, the
loopback of ``make run``) every site is reachable under ``/sites/<id>/``, and the bare host
shows a chooser of all sites (or ``FRONTEND_DEFAULT_SITE``). Links are made the same way they
were reached, so a visitor on one stays on it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.http import http_date, parse_http_date_safe

from frontend.api import Answer, NotFound, client


@dataclass
class Site:
    id: int
    name: str
    hostname: str
    root_url: str
    kind: str | None
    # "" when the site is reached by its hostname, "/sites/<id>" otherwise.
    prefix: str
    footer: dict[str, Any] | None
    columns: list[dict[str, Any]]
    archive: dict[str, Any]
    # Other sites of the platform, by id, for links that cross to them.
    others: dict[int, dict[str, Any]] = field(default_factory=dict)
    stale: bool = False
    # When the site's identity and its site map last changed (HTTP dates), as the API says.
    changed: list[str | None] = field(default_factory=list)

    def last_modified(self, *others: str | None) -> str | None:
        """The latest of the site's own changes and ``others`` (HTTP dates): a page showing
        them all last changed then."""
        moments = [parse_http_date_safe(value) for value in (*self.changed, *others) if value]
        if not moments or None in moments:
            return None
        return http_date(max(moments))

    @property
    def version(self) -> str:
        """Names this state of the site (identity, site map, how it is reached) for the
        fragments rendered once and kept: the navigation and the footer."""
        return f"{self.id}:{self.prefix}:{':'.join(value or '' for value in self.changed)}"

    def url(self, path: str = "/") -> str:
        """The address of ``path`` (below the site's root) as this visitor reaches the site."""
        return self.prefix + (path if path.startswith("/") else "/" + path)

    def link(self, page: dict[str, Any]) -> str:
        """The address of a page of any site of the platform (a ``LinkedPage`` or a summary)."""
        site_id = page.get("site_id", self.id)
        if site_id == self.id:
            return self.url(page["url_path"])
        if self.prefix:
            return f"/sites/{site_id}{page['url_path']}"
        other = self.others.get(site_id)
        root = other["root_url"].rstrip("/") if other else ""
        return root + page["url_path"]

    def column(self, column_id: int) -> dict[str, Any] | None:
        """A column of the site map, at any depth."""
        stack = list(self.columns)
        while stack:
            node = stack.pop()
            if node["id"] == column_id:
                return node
            stack.extend(node["children"])
        return None


def site_list() -> Answer:
    return client().get("/sites")


def site_id_for_host(host: str) -> int | None:
    """The site served on ``host`` (without port), or None."""
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    hostname = hostname.strip("[]").lower()
    for summary in site_list().data["items"]:
        if summary["hostname"].lower() == hostname:
            return summary["id"]
    if settings.FRONTEND_DEFAULT_SITE:
        return int(settings.FRONTEND_DEFAULT_SITE)
    return None


def load(site_id: int, prefix: str) -> Site:
    """The site ``site_id`` with its identity, footer and site map; :class:`NotFound` if the
    platform has no such site."""
    sites = site_list()
    summaries = {summary["id"]: summary for summary in sites.data["items"]}
    if site_id not in summaries:
        raise NotFound("no such site")
    detail = client().get(f"/sites/{site_id}")
    sitemap = client().get(f"/sites/{site_id}/sitemap")
    data = detail.data
    return Site(
        id=site_id,
        name=data["name"],
        hostname=data["hostname"],
        root_url=data["root_url"],
        kind=data.get("kind"),
        prefix=prefix,
        footer=data.get("footer"),
        columns=sitemap.data["columns"],
        archive=sitemap.data["archive"],
        others=summaries,
        stale=sites.stale or detail.stale or sitemap.stale,
        changed=[detail.last_modified, sitemap.last_modified],
    )


def for_request(request, site_id: int | None) -> Site | None:
    """The site ``request`` is for: the one named in its path, or the one of its host; None
    when neither names one (the chooser is shown)."""
    if site_id is not None:
        return load(site_id, prefix=f"/sites/{site_id}")
    found = site_id_for_host(request.get_host())
    if found is None:
        return None
    return load(found, prefix="")
