"""Back up the database and the media with a sealed manifest (R36); run it from cron."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError as LogUnwritable
from django.utils.translation import gettext as _

from cms.backup.backup import BackupError, backup_create
from cms.backup.database import DatabaseError
from cms.security import events
from cms.security.models import EventKind, Outcome


class Command(BaseCommand):
    help = _(
        "Back up the database and the media files into a new timestamped directory with a "
        "sealed manifest (checksums of every file, row counts, migrations, the public "
        "content's digests and API answers)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, help=_("The directory that holds the backups (default: BACKUP_DIR).")
        )
        parser.add_argument(
            "--keep", type=int, help=_("Afterwards keep only the newest N backups there.")
        )

    def handle(self, *args, to=None, keep=None, **options):
        try:
            written = backup_create(to=to, keep=keep)
        except (BackupError, DatabaseError, ImproperlyConfigured, OSError) as error:
            message = _("Backup failed: %(error)s") % {"error": error}
            _log(Outcome.FAILURE, message)
            raise CommandError(message) from error
        _log(Outcome.SUCCESS, str(written.path))
        record = written.manifest
        self.stdout.write(_("Backup written: %(path)s") % {"path": written.path})
        self.stdout.write(
            _(
                "%(tables)d tables, %(rows)d rows, %(files)d media files, %(urls)d public "
                "addresses recorded."
            )
            % {
                "tables": len(record["tables"]),
                "rows": sum(record["tables"].values()),
                "files": record["media"]["count"],
                "urls": len(record["samples"]),
            }
        )
        for path in written.pruned:
            self.stdout.write(_("Old backup removed: %(path)s") % {"path": path})


def _log(outcome: str, detail: str) -> None:
    """Each backup, written or failed, in the security log (auditors ask when the last one
    ran); a log that cannot be written does not stop the backup."""
    try:
        events.record(EventKind.BACKUP, outcome, detail=detail)
    except LogUnwritable:
        pass
