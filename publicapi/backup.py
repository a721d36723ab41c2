"""What a backup records of the public side (R36), registered into ``cms.backup``.

* The read model's digest: SHA-256 over every ``PublicPage`` and ``PublicSite`` row in key
  order, each in the canonical form its signature covers (``integrity``) with its signature, and
  how many rows verify under the signing keys. Equal after a restore: the public is shown what
  it was shown, and the tamper check finds every row sound.
* The addresses whose answers must be the same bytes: the site list, and per site (the first
  ``SAMPLE_SITES`` by id) its document, its site map, its first listing page and its newest item.
* The manifest's seal: HMAC-SHA256 under the publication signing key, with its key id, so a
  backup made before a key rotation still opens while the old key is kept.
"""

import hashlib
import hmac

from cms.backup import registry

from . import integrity
from .models import CURRENT, PublicPage, PublicSite

# Where cms/urls.py mounts this API.
PREFIX = "/api/v1"
SAMPLE_SITES = 50
CHUNK = 2000
_SEAL_TAG = b"govcms-backup-manifest/1\n"


def read_model_digest() -> dict:
    verifier = integrity.Verifier()
    digest = hashlib.sha256()
    counts = {"pages": 0, "sites": 0, "sound": 0}
    tables = (
        (PublicPage, integrity.PAGE_COLUMNS, "pages", verifier.page),
        (PublicSite, integrity.SITE_COLUMNS, "sites", verifier.site),
    )
    for model, columns, label, check in tables:
        rows = model.objects.order_by("pk").values_list(*columns, "signature")
        for *values, signature in rows.iterator(chunk_size=CHUNK):
            digest.update(integrity.canonical(label.encode(), values))
            digest.update(b"\n" + signature.encode() + b"\n")
            counts[label] += 1
            counts["sound"] += check(values, signature).sound
    return {**counts, "sha256": digest.hexdigest()}


def sample_urls() -> list[str]:
    urls = [f"{PREFIX}/sites"]
    sites = PublicSite.objects.order_by("site_id").values_list("site_id", flat=True)
    for site_id in sites[:SAMPLE_SITES]:
        urls += [
            f"{PREFIX}/sites/{site_id}",
            f"{PREFIX}/sites/{site_id}/sitemap",
            f"{PREFIX}/sites/{site_id}/pages",
        ]
        newest = (
            PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True)
            .order_by("-published_at", "-page_id")
            .values_list("page_id", flat=True)
            .first()
        )
        if newest is not None:
            urls.append(f"{PREFIX}/sites/{site_id}/pages/{newest}")
    return urls


def sign_manifest(data: bytes) -> str:
    ident, key = integrity.current_key()
    return f"{ident}:{hmac.new(key, _SEAL_TAG + data, hashlib.sha256).hexdigest()}"


def manifest_sound(data: bytes, signature: str) -> bool:
    ident, _, stored = signature.partition(":")
    key = integrity.accepted_keys().get(ident)
    if key is None or not stored:
        return False
    return hmac.compare_digest(hmac.new(key, _SEAL_TAG + data, hashlib.sha256).hexdigest(), stored)


def register() -> None:
    registry.register_digest("public_read_model", read_model_digest)
    registry.register_sample_urls("public_api", sample_urls)
    registry.register_sealer(registry.Sealer(sign=sign_manifest, verify=manifest_sound))
