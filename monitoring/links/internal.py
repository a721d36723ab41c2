"""How links to the platform itself are checked, without HTTP.

A link to a page is answered by the public read model, as the public would be: a row of the
site at that path is *alive*, a filed row (``archived_at`` set) is *filed* — the page is still
there, in the archive, but the link should be looked at — and no row is *dead*: the page does
not exist, or is not live or not public. A link to a file is answered by storage: a file below
``MEDIA_URL`` that storage holds is alive; Wagtail's document address
(``/documents/<id>/<name>``) is alive when the document exists and storage holds its file;
anything else is dead.
"""

import re
from collections import defaultdict

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model

from publicapi.models import PublicPage

from .models import Link, LinkKind, LinkState
from .outcomes import Outcome

NO_PAGE = "No live public page at this address."
NO_FILE = "No such file in storage."
_DOCUMENT = re.compile(r"^/documents/(\d+)/")


def check_internal(links: list[Link]) -> dict[int, Outcome]:
    """The outcome of each internal link, by link id: one query per site."""
    by_site: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        by_site[link.site_id].append(link)
    outcomes: dict[int, Outcome] = {}
    for site_id, site_links in by_site.items():
        found = dict(
            PublicPage.objects.filter(
                site_id=site_id, url_path__in={link.path for link in site_links}
            ).values_list("url_path", "archived_at")
        )
        for link in site_links:
            if link.path not in found:
                outcomes[link.pk] = Outcome(LinkState.DEAD, error=NO_PAGE)
            elif found[link.path] is not None:
                outcomes[link.pk] = Outcome(LinkState.FILED)
            else:
                outcomes[link.pk] = Outcome(LinkState.ALIVE)
    return outcomes


def _file_exists(path: str) -> bool:
    document = _DOCUMENT.match(path)
    if document is not None:
        found = get_document_model().objects.filter(pk=int(document.group(1))).first()
        return found is not None and bool(found.file) and default_storage.exists(found.file.name)
    try:
        return default_storage.exists(path)
    except (SuspiciousFileOperation, ValueError, OSError):
        # A name storage refuses (``..``, an absolute path) names no file of ours.
        return False


def check_media(links: list[Link]) -> dict[int, Outcome]:
    return {
        link.pk: Outcome(LinkState.ALIVE)
        if _file_exists(link.path)
        else Outcome(LinkState.DEAD, error=NO_FILE)
        for link in links
    }


def check_own(links: list[Link]) -> dict[int, Outcome]:
    """Internal and media links, by link id."""
    return {
        **check_internal([link for link in links if link.kind == LinkKind.INTERNAL]),
        **check_media([link for link in links if link.kind == LinkKind.MEDIA]),
    }
