"""Keyset cursors for the listings: an opaque, signed token naming where the next page starts.

A page number costs an OFFSET: the database reads and drops every row before it, so page 2,000
of a column reads 40,000 rows. A cursor names the last row shown (its publication time and id),
and the next page is an index range after it, as cheap as the first. The cursor also carries the
page's number, so answers keep ``page`` and ``num_pages``, and the listing it belongs to (its
filters and page size, as a digest): a cursor replayed on another listing is refused rather
than answered with rows of the wrong page. Signed with Django's signing (the secret key), so a
client cannot forge a position; not encrypted: it hides nothing the listing does not show.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core import signing

from .selectors import Position

SALT = "publicapi.listing.cursor"
MAX_LENGTH = 200


class BadCursor(ValueError):
    """Not a cursor this listing gave."""


@dataclass(frozen=True)
class Cursor:
    page: int
    position: Position


def scope(site_id: int, *filters) -> str:
    """The listing a cursor belongs to: its site, filters and page size, as a short digest."""
    text = "|".join(str(value) for value in (site_id, *filters))
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def encode(page: int, position: Position, listing: str) -> str:
    payload = [page, position.published_at.isoformat(), position.page_id, listing]
    return signing.dumps(payload, salt=SALT, compress=False)


def decode(token: str, listing: str) -> Cursor:
    """The cursor ``token`` names, or BadCursor: forged, damaged, or from another listing."""
    try:
        page, published_at, page_id, scope_of = signing.loads(token, salt=SALT)
        cursor = Cursor(int(page), Position(datetime.fromisoformat(published_at), int(page_id)))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise BadCursor(token) from exc
    if scope_of != listing or cursor.page < 2:
        raise BadCursor(token)
    return cursor
