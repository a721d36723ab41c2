"""What the public is shown is what the platform wrote (R36): the one place that decides how a
public row is signed and whether its signature holds.

Every ``PublicPage`` and ``PublicSite`` row carries a ``signature``: HMAC-SHA256, under a key
kept outside the database (``PUBLICATION_SIGNING_KEY``), over a canonical encoding of every
column the public reads. Whoever can write the database but not read the key cannot make a row
that verifies: a row changed in SQL, inserted without a signature or copied from another page
fails.

A signature is ``<key id>:<hex digest>``; the key id is a short fingerprint of the key, so the
verifier finds the key among the current one and the old ones still accepted for verification
(``PUBLICATION_SIGNING_KEYS_OLD``) without naming keys anywhere. New signatures always use the
current key; ``manage.py publication_resign`` moves rows signed with an old key to it.

The canonical form: the table's tag and each column in a fixed order, each as its length in
bytes and its UTF-8 text (None as ``-``, so an empty string and a null differ); times in UTC to
the microsecond, dates in ISO form, booleans as 1 or 0. The column lists here are the columns
the writers must sign and the verifier must read: add a column the public reads, add it here.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The columns of each table a signature covers, in canonical order (the key columns first).
PAGE_COLUMNS = (
    "page_id",
    "site_id",
    "column_id",
    "type",
    "is_item",
    "url_path",
    "published_at",
    "updated_at",
    "listing_json",
    "detail_json",
    "etag",
    "archived_at",
    "search_text",
    "pinned_until",
)
SITE_COLUMNS = ("site_id", "listing_json", "detail_json", "sitemap_json", "etag", "updated_at")

_PAGE_TAG = b"publicpage/1"
_SITE_TAG = b"publicsite/1"


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a public row's times are aware")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def canonical(tag: bytes, values: Iterable) -> bytes:
    parts = [tag]
    for value in values:
        text = _text(value)
        if text is None:
            parts.append(b"-")
        else:
            data = text.encode()
            parts.append(b"%d:" % len(data))
            parts.append(data)
    return b"\n".join(parts)


# --- Keys -------------------------------------------------------------------------------------


def key_id(key: str) -> str:
    """A fingerprint that names ``key`` in its signatures; it tells nothing of the key."""
    return hashlib.sha256(b"publication-signing-key-id:" + key.encode()).hexdigest()[:12]


def current_key() -> tuple[str, bytes]:
    key = getattr(settings, "PUBLICATION_SIGNING_KEY", "")
    if not key:
        raise ImproperlyConfigured("PUBLICATION_SIGNING_KEY is not set: public rows are signed.")
    return key_id(key), key.encode()


def accepted_keys() -> dict[str, bytes]:
    """The keys a signature may be made with: the current one and the old ones, by id."""
    keys = [getattr(settings, "PUBLICATION_SIGNING_KEY", "")]
    keys += list(getattr(settings, "PUBLICATION_SIGNING_KEYS_OLD", []) or [])
    return {key_id(key): key.encode() for key in keys if key}


# --- Signing and verifying ----------------------------------------------------------------------


def _digest(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(tag: bytes, values: Iterable) -> str:
    ident, key = current_key()
    return f"{ident}:{_digest(key, canonical(tag, values))}"


def page_signature(row: Mapping) -> str:
    """The signature of a ``PublicPage`` row given as its column values (``page_id`` included)."""
    return sign(_PAGE_TAG, (row[column] for column in PAGE_COLUMNS))


def site_signature(row: Mapping) -> str:
    return sign(_SITE_TAG, (row[column] for column in SITE_COLUMNS))


class Verdict:
    """What one row's check found: ``sound``, and the digests to record when it is not —
    ``expected`` what the row claims (its stored signature), ``found`` what its content signs
    to now under the key it names (or the current key when it names none we accept)."""

    __slots__ = ("sound", "expected", "found", "key_id", "reason")

    def __init__(self, sound: bool, expected: str, found: str, key_id: str, reason: str):
        self.sound, self.expected, self.found = sound, expected, found
        self.key_id, self.reason = key_id, reason


UNSIGNED = "unsigned"
UNKNOWN_KEY = "unknown_key"
CHANGED = "changed"
SOUND = "sound"


class Verifier:
    """Checks rows as the verifier streams them: the keys are read once."""

    def __init__(self):
        self.keys = accepted_keys()
        self.current_id, _ = current_key()

    def check(self, tag: bytes, values: tuple | list, signature: str | None) -> Verdict:
        message = canonical(tag, values)
        ident, _, stored = (signature or "").partition(":")
        key = self.keys.get(ident) if stored else None
        if key is None:
            found = f"{self.current_id}:{_digest(self.keys[self.current_id], message)}"
            reason = UNSIGNED if not stored else UNKNOWN_KEY
            return Verdict(False, signature or "", found, ident, reason)
        digest = _digest(key, message)
        found = f"{ident}:{digest}"
        if hmac.compare_digest(digest, stored):
            return Verdict(True, signature, found, ident, SOUND)
        return Verdict(False, signature, found, ident, CHANGED)

    def page(self, values, signature) -> Verdict:
        """``values``: the row's ``PAGE_COLUMNS`` in order."""
        return self.check(_PAGE_TAG, values, signature)

    def site(self, values, signature) -> Verdict:
        """``values``: the row's ``SITE_COLUMNS`` in order."""
        return self.check(_SITE_TAG, values, signature)


def page_row_sound(row: Mapping, signature: str | None) -> bool:
    return Verifier().page([row[column] for column in PAGE_COLUMNS], signature).sound


def site_row_sound(row: Mapping, signature: str | None) -> bool:
    return Verifier().site([row[column] for column in SITE_COLUMNS], signature).sound
