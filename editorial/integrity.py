"""An approval is of one exact content: the hash of what the reviewer saw.

That is the revision's own content and what it shows of the shared library: each file and image
by the SHA-256 of its bytes and its metadata, each snippet by its public label
(:mod:`cms.content.releases`). A file replaced in the library while an item is under review
changes the hash, and the item goes back to the first review. A revision that shows nothing of
the library hashes its content alone, as before releases existed.
"""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from cms.content.releases import reviewed_part, snapshot

# What a clearance made before releases existed vouches for: the revision's content alone.
NO_REFERENCES: dict[str, Any] = {}


def content_hash(revision, references: dict[str, Any] | None = None) -> str:
    """``references``: a frozen release's data (or ``NO_REFERENCES``); by default the library
    is read now."""
    if references is None:
        references = snapshot(revision.as_object())
    shown = reviewed_part(references)
    payload: Any = revision.content
    if any(shown.values()):
        payload = {"content": revision.content, "references": shown}
    data = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
