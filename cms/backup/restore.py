"""Restoring a backup into an empty database and media directory, and proving it (R36).

:func:`restore_backup` refuses a backup that does not check out (``manifest.open_backup``
names the file), a database of another engine, and a target database or media directory that
is not empty unless forced; then it loads the dump (all or nothing) and unpacks the media and
the private trees (files kept outside the media, such as citizens' attachments).
:func:`verify_restore` compares the restored database, seen through the default connection,
with the manifest: migrations, row counts, the public side's digests, every media file's
SHA-256 and the public API's answers at the recorded addresses, byte for byte.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import database, manifest, media, observe, registry

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
PRIVATE_NOT_EMPTY = _(
    "The directory %(path)s for the private files (%(tree)s) is not empty: refused. Restore "
    "into an empty directory, or give --force to write the backup's files over it."
)
PRIVATE_UNKNOWN = _(
    "The backup holds private files (%(tree)s) this platform does not know where to keep: give "
    "--private-root to restore them below a directory of your choice."
)
CHECK_PRIVATE = _("Private files %(tree)s (%(count)d) match their SHA-256")
CHECK_FILES = _("Backup files match the manifest (%(count)d files)")
CHECK_MEDIA = _("Media files (%(count)d) match their SHA-256")


@dataclass
class Restored:
    manifest: dict
    emptied: bool


def private_roots(record: dict, private_root: Path | None) -> dict[str, Path]:
    """Where each private tree of the backup goes: below ``private_root`` under its name when
    one is given, else where the platform keeps it."""
    known = registry.private_trees()
    roots = {}
    for tree in record.get("private", {}):
        if private_root is not None:
            roots[tree] = Path(private_root) / tree
        elif tree in known:
            roots[tree] = known[tree]
        else:
            raise manifest.Refused(str(PRIVATE_UNKNOWN % {"tree": tree}))
    return roots


def restore_backup(
    directory: Path,
    *,
    target: database.Database,
    media_root: Path,
    private_root: Path | None = None,
    force: bool = False,
) -> Restored:
    record = manifest.open_backup(directory)
    trees = private_roots(record, private_root)
    engine = record["database"]["engine"]
    if engine != target.engine:
        raise manifest.Refused(str(ENGINE_MISMATCH % {"backup": engine, "target": target.engine}))
    tables = database.table_count(target)
    if tables and not force:
        raise manifest.Refused(str(DATABASE_NOT_EMPTY % {"name": target.name, "count": tables}))
    if media.holds_files(media_root) and not force:
        raise manifest.Refused(str(MEDIA_NOT_EMPTY % {"path": media_root}))
    for tree, root in trees.items():
        if media.holds_files(root) and not force:
            raise manifest.Refused(str(PRIVATE_NOT_EMPTY % {"path": root, "tree": tree}))
    if tables:
        database.empty(target)
    database.load(directory / record["database"]["file"], target)
    media.unpack(directory / record["media"]["file"], media_root)
    for tree, root in trees.items():
        media.unpack(directory / record["private"][tree]["file"], root)
    return Restored(record, emptied=bool(tables))


def verify_restore(
    directory: Path, *, media_root: Path, private_root: Path | None = None
) -> tuple[dict, list[observe.Check]]:
    """The backup's manifest, and each of its facts checked against the database the default
    connection reaches, ``media_root`` and the private trees' directories."""
    record = manifest.open_backup(directory)
    trees = private_roots(record, private_root)
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
    for tree, root in trees.items():
        kept = record["private"][tree]
        differences = media.differences(root, kept["files"])
        checks.append(
            observe.Check(
                str(CHECK_PRIVATE % {"tree": tree, "count": kept["count"]}),
                not differences,
                differences=observe.listed(differences),
            )
        )
    return record, checks
