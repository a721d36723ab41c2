"""Writing a backup (R36): the database, the media and the sealed manifest, in one directory.

* The database is dumped and observed (``observe``) in one transaction, so the manifest's row
  counts, digests and API answers describe exactly what was dumped; the media follow.
* A backup is written under a hidden temporary name (``.partial-…``) and renamed when every file
  and the seal are on disk: a backup interrupted never looks complete, and the next run clears
  what it left.
* One run per backup directory at a time: a lock on the directory's marker file, which the
  system releases whatever ends the run.
* A directory that holds other things than backups is refused (``--keep`` deletes in it);
  ``--keep N`` keeps the newest N complete backups.
"""

import fcntl
import os
import platform
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import database, manifest, media, observe, registry

MARKER = ".govcms-backups"
NAME = re.compile(r"^govcms-\d{8}-\d{6}(-\d+)?$")

NOT_OURS = _(
    "%(path)s is not empty and is not a backup directory (no %(marker)s file): refused, choose "
    "an empty directory or the backup directory."
)
BUSY = _("Another backup is writing into %(path)s; try again when it has finished.")
IN_TRANSACTION = _("A backup cannot run inside a transaction.")
KEEP_AT_LEAST_ONE = _("--keep must be at least 1.")


class BackupError(Exception):
    pass


@dataclass
class Written:
    path: Path
    manifest: dict
    pruned: list[Path] = field(default_factory=list)


def default_root() -> Path:
    return Path(settings.BACKUP_DIR)


@contextmanager
def _claimed(root: Path):
    if root.is_dir() and any(root.iterdir()) and not (root / MARKER).exists():
        raise BackupError(str(NOT_OURS % {"path": root, "marker": MARKER}))
    # A backup holds everything, personal data and password hashes included: its owner only.
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(root / MARKER, "a") as marker:
        try:
            fcntl.flock(marker, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BackupError(str(BUSY % {"path": root})) from error
        try:
            yield
        finally:
            fcntl.flock(marker, fcntl.LOCK_UN)


def _sweep(root: Path) -> None:
    """Remove what interrupted runs left (the lock says none is running)."""
    for path in root.glob(f"{manifest.PARTIAL_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def _name(root: Path, now: datetime) -> str:
    base = f"govcms-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    name, number = base, 1
    while (root / name).exists() or (root / f"{manifest.PARTIAL_PREFIX}{name}").exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write(work: Path, name: str, now: datetime) -> dict:
    source = database.current()
    dump_file = database.DUMP_FILES[source.engine]
    with transaction.atomic():
        snapshot = database.begin_snapshot()
        database.dump(work / dump_file, snapshot)
        facts = observe.observe()
        transaction.set_rollback(True)
    media_digests = media.pack(
        Path(settings.MEDIA_ROOT), work / media.MEDIA_FILE, skip=work.parent.resolve()
    )
    private = {}
    for tree, root in registry.private_trees().items():
        packed = media.private_file(tree)
        digests = media.pack(root, work / packed, skip=work.parent.resolve())
        private[tree] = {"file": packed, "count": len(digests), "files": digests}
    record = {
        "format": manifest.FORMAT,
        "name": name,
        "created_at": timezone.localtime(now).isoformat(),
        "platform": {
            "govcms": _version("govcms"),
            "wagtail": _version("wagtail"),
            "django": _version("django"),
            "python": platform.python_version(),
        },
        "database": {"engine": source.engine, "file": dump_file},
        **facts,
        "media": {"file": media.MEDIA_FILE, "count": len(media_digests), "files": media_digests},
        "private": private,
        "files": {
            dump_file: manifest.file_entry(work / dump_file),
            media.MEDIA_FILE: manifest.file_entry(work / media.MEDIA_FILE),
            **{tree["file"]: manifest.file_entry(work / tree["file"]) for tree in private.values()},
        },
    }
    manifest.write(work, record)
    for path in work.iterdir():
        _sync(path)
    return record


def complete_backups(root: Path) -> list[Path]:
    """The complete backups in ``root``, oldest first."""
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.iterdir() if NAME.match(path.name) and manifest.is_complete(path)
    )


def _prune(root: Path, keep: int) -> list[Path]:
    old = complete_backups(root)[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


def backup_create(*, to: Path | None = None, keep: int | None = None) -> Written:
    """Write a backup into ``to`` (``BACKUP_DIR`` by default); with ``keep``, delete all but
    the newest ``keep`` complete backups there afterwards."""
    if keep is not None and keep < 1:
        raise BackupError(str(KEEP_AT_LEAST_ONE))
    if connection.in_atomic_block:
        raise BackupError(str(IN_TRANSACTION))
    root = Path(to) if to else default_root()
    with _claimed(root):
        _sweep(root)
        now = timezone.now()
        name = _name(root, now)
        work = root / f"{manifest.PARTIAL_PREFIX}{name}"
        work.mkdir(mode=0o700)
        try:
            record = _write(work, name, now)
            os.rename(work, root / name)
            _sync(root)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        pruned = _prune(root, keep) if keep else []
    return Written(root / name, record, pruned)
