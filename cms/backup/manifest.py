"""A backup's manifest, its seal, and the one place that decides whether a directory is a
complete and intact backup.

The manifest (``manifest.json``) says when and from what the backup was made (platform
version, database engine), what the database held (``observe``: migrations, row counts, the
public side's digests and API answers), and the SHA-256 of every file of the backup and of every
media file. The seal (``manifest.seal``) holds the manifest's SHA-256 and, where the public API
registers a sealer, its HMAC under the publication signing key: whoever can write the backup
but not read the key cannot make a manifest that passes. A directory whose manifest or any file
does not match is refused, naming the file.
"""

import hashlib
import json
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import registry

FORMAT = "govcms-backup/1"
MANIFEST = "manifest.json"
SEAL = "manifest.seal"
PARTIAL_PREFIX = ".partial-"

INCOMPLETE = _(
    "%(path)s is not a complete backup (no sealed manifest): a backup interrupted, or not a "
    "backup at all."
)
MANIFEST_CHANGED = _("The manifest %(file)s does not match its seal: the backup was changed.")
UNSIGNED = _(
    "The manifest %(file)s is not signed with a key this platform holds "
    "(PUBLICATION_SIGNING_KEY, PUBLICATION_SIGNING_KEYS_OLD): refused."
)
WRONG_FORMAT = _("%(path)s is a backup of an unknown format (%(format)s).")
FILE_MISSING = _("The backup file %(file)s is missing.")
FILE_CHANGED = _(
    "The backup file %(file)s does not match the manifest (SHA-256 %(found)s, expected "
    "%(expected)s): the backup is damaged or was changed."
)


class Refused(Exception):
    """A backup that may not be restored, and why (in the user's language)."""


def file_entry(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def write(directory: Path, manifest: dict) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    (directory / MANIFEST).write_bytes(data)
    sealer = registry.sealer()
    seal = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "signature": sealer.sign(data) if sealer else "",
    }
    (directory / SEAL).write_text(json.dumps(seal, indent=1) + "\n")


def is_complete(directory: Path) -> bool:
    return (
        directory.is_dir()
        and not directory.name.startswith(PARTIAL_PREFIX)
        and (directory / SEAL).is_file()
        and (directory / MANIFEST).is_file()
    )


def open_backup(directory: Path) -> dict:
    """The manifest of the backup in ``directory``, once its seal and every file check out."""
    if not is_complete(directory):
        raise Refused(str(INCOMPLETE % {"path": directory}))
    data = (directory / MANIFEST).read_bytes()
    try:
        seal = json.loads((directory / SEAL).read_text())
    except ValueError:
        seal = {}
    if not isinstance(seal, dict) or hashlib.sha256(data).hexdigest() != seal.get("sha256"):
        raise Refused(str(MANIFEST_CHANGED % {"file": MANIFEST}))
    sealer = registry.sealer()
    if sealer is not None:
        signature = seal.get("signature") or ""
        if not signature or not sealer.verify(data, signature):
            raise Refused(str(UNSIGNED % {"file": MANIFEST}))
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise Refused(str(WRONG_FORMAT % {"path": directory, "format": manifest.get("format")}))
    for name, entry in sorted(manifest["files"].items()):
        path = directory / name
        if not path.is_file():
            raise Refused(str(FILE_MISSING % {"file": name}))
        found = file_entry(path)["sha256"]
        if found != entry["sha256"]:
            raise Refused(
                str(
                    FILE_CHANGED
                    % {"file": name, "found": found[:16], "expected": entry["sha256"][:16]}
                )
            )
    return manifest
