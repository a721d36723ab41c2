"""The media's side of a backup: every file below ``MEDIA_ROOT`` in one tar, with the SHA-256
of each file as it went into the tar, and the check of a restored media directory against them.

The tar is written after the database's snapshot: a file is stored before the row naming it
commits, so every file the dumped database names is in the tar (files added meanwhile are
there too, harmlessly). Only regular files are kept; links are not followed.
"""

import hashlib
import os
import tarfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

MEDIA_FILE = "media.tar"
CHUNK = 1024 * 1024

FILE_MISSING = _("%(path)s is missing")
FILE_CHANGED = _("%(path)s differs (SHA-256 %(found)s, expected %(expected)s)")


def private_file(tree: str) -> str:
    """The tar a private tree (``cms.backup.registry.register_private_tree``) is kept in."""
    return f"private-{tree}.tar"


class _Hashing:
    """A file read through, hashed as tarfile copies it."""

    def __init__(self, handle):
        self.handle = handle
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.hash.update(data)
        return data


def _files(root: Path, skip: Path | None):
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(
            name for name in subdirectories if skip is None or Path(directory, name) != skip
        )
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def pack(root: Path, destination: Path, *, skip: Path | None = None) -> dict[str, str]:
    """Write every file below ``root`` (but none below ``skip``: the backups, should they be
    kept inside the media) into the tar ``destination``; its SHA-256 per path."""
    digests = {}
    root = root.resolve()
    with tarfile.open(destination, "w", format=tarfile.PAX_FORMAT) as tar:
        if root.is_dir():
            for path in _files(root, skip):
                relative = path.relative_to(root).as_posix()
                info = tar.gettarinfo(str(path), arcname=relative)
                with open(path, "rb") as handle:
                    reader = _Hashing(handle)
                    tar.addfile(info, reader)
                digests[relative] = reader.hash.hexdigest()
    return digests


def unpack(source: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as tar:
        # "data": no absolute paths, no "..", no links out, no device files.
        tar.extractall(root, filter="data")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def differences(root: Path, expected: dict[str, str]) -> list[str]:
    """What of ``expected`` (path → SHA-256) ``root`` does not hold as it was."""
    found = []
    for relative, digest in sorted(expected.items()):
        path = root / relative
        if not path.is_file():
            found.append(str(FILE_MISSING % {"path": relative}))
            continue
        actual = file_digest(path)
        if actual != digest:
            values = {"path": relative, "found": actual[:16], "expected": digest[:16]}
            found.append(str(FILE_CHANGED % values))
    return found


def holds_files(root: Path) -> bool:
    return root.is_dir() and any(root.iterdir())
