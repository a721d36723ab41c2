"""Restoring a backup into an empty database and media directory, and proving it (R36).

:func:`restore_backup` refuses a backup that does not check out (``manifest.open_backup``
names the file), a database of another engine, and a target database or media directory that
is not empty unless forced; then it loads the dump (all or nothing) and unpacks the media.
:func:`verify_restore` compares the restored database, seen through the default connection,
with the manifest: migrations, row counts, the public side's digests, every media file's
SHA-256 and the public API's answers at the recorded addresses, byte for byte.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import database, manifest, media, observe

ENGINE_MISMATCH = _(
    "This backup is of a %(backup)s database; the target is %(target)s: restore it into a "
    "database of the same engine."
)
DATABASE_NOT_EMPTY = _(
    "The target database %(name)s is not empty (%(count)d tables): refused. Restore into an "
    "empty database, or give --force to delete everything it holds first."
)
MEDIA_NOT_EMPTY = _(
    "The media directory %(path)s is not empty: refused. Restore into an empty directory, or "
    "give --force to write the backup's files over it."
)
CHECK_FILES = _("Backup files match the manifest (%(count)d files)")
CHECK_MEDIA = _("Media files (%(count)d) match their SHA-256")


@dataclass
class Restored:
    manifest: dict
    emptied: bool


def restore_backup(
    directory: Path, *, target: database.Database, media_root: Path, force: bool = False
) -> Restored:
    record = manifest.open_backup(directory)
    engine = record["database"]["engine"]
    if engine != target.engine:
        raise manifest.Refused(str(ENGINE_MISMATCH % {"backup": engine, "target": target.engine}))
    tables = database.table_count(target)
    if tables and not force:
        raise manifest.Refused(str(DATABASE_NOT_EMPTY % {"name": target.name, "count": tables}))
    if media.holds_files(media_root) and not force:
        raise manifest.Refused(str(MEDIA_NOT_EMPTY % {"path": media_root}))
    if tables:
        database.empty(target)
    database.load(directory / record["database"]["file"], target)
    media.unpack(directory / record["media"]["file"], media_root)
    return Restored(record, emptied=bool(tables))


def verify_restore(directory: Path, *, media_root: Path) -> tuple[dict, list[observe.Check]]:
    """The backup's manifest, and each of its facts checked against the database the default
    connection reaches and ``media_root``."""
    record = manifest.open_backup(directory)
    checks = [observe.Check(str(CHECK_FILES % {"count": len(record["files"]) + 2}), True)]
    found = observe.observe(urls=[sample["url"] for sample in record["samples"]])
    checks += observe.compare(record, found)
    differences = media.differences(media_root, record["media"]["files"])
    checks.append(
        observe.Check(
            str(CHECK_MEDIA % {"count": record["media"]["count"]}),
            not differences,
            differences=observe.listed(differences),
        )
    )
    return record, checks
