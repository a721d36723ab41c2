"""Restore a backup into an empty database and media directory, then verify it (R36)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from cms.backup import database
from cms.backup.backup import default_root
from cms.backup.manifest import Refused
from cms.backup.observe import pending_migrations
from cms.backup.restore import restore_backup, verify_restore


class Command(BaseCommand):
    help = _(
        "Restore a backup (the database and the media) into an empty database, then verify it "
        "against its manifest: row counts, migrations, file checksums, the public content's "
        "digest and the public API's answers. Exits non-zero when anything does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help=_("The backup's directory, or its name in BACKUP_DIR."))
        parser.add_argument(
            "--database-url",
            help=_("The database to restore into (as DATABASE_URL); default: the platform's own."),
        )
        parser.add_argument(
            "--media-root", type=Path, help=_("The media directory (default: MEDIA_ROOT).")
        )
        parser.add_argument(
            "--private-root",
            type=Path,
            help=_(
                "Restore the files kept outside the media (citizens' attachments) below this "
                "directory, each under its name (default: where the platform keeps them)."
            ),
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help=_("Restore nothing: verify the database and media against the backup."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Restore even into a database or media directory that is not empty: everything "
                "the database holds is deleted first."
            ),
        )

    def handle(
        self, *args, backup, database_url=None, media_root=None, private_root=None, **options
    ):
        directory = Path(backup)
        if not directory.exists() and (default_root() / backup).exists():
            directory = default_root() / backup
        media_root = Path(media_root or settings.MEDIA_ROOT)
        try:
            if options["verify_only"] and not database_url:
                return self._verify(directory, media_root, private_root)
            if not options["verify_only"]:
                target = database.from_url(database_url) if database_url else database.current()
                restored = restore_backup(
                    directory,
                    target=target,
                    media_root=media_root,
                    private_root=private_root,
                    force=options["force"],
                )
                if restored.emptied:
                    self.stdout.write(_("The target database was emptied first (--force)."))
                self.stdout.write(
                    _("Restored %(name)s into the database %(database)s and %(media)s.")
                    % {
                        "name": restored.manifest["name"],
                        "database": target.name,
                        "media": media_root,
                    }
                )
        except (Refused, database.DatabaseError, OSError) as error:
            raise CommandError(str(error)) from error
        connections.close_all()
        self._verify_apart(directory, media_root, private_root, database_url)

    def _verify_apart(
        self,
        directory: Path,
        media_root: Path,
        private_root: Path | None,
        database_url: str | None,
    ):
        """Verify in a process of its own, whose default database is the restored one: nothing
        of this process (connections, caches) stands between the check and what was restored."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(settings.BASE_DIR), env.get("PYTHONPATH", "")) if part
        )
        env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        if database_url:
            env["DATABASE_URL"] = database_url
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "restore",
                str(directory.resolve()),
                "--verify-only",
                f"--media-root={media_root.resolve()}",
                *([f"--private-root={Path(private_root).resolve()}"] if private_root else []),
            ],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        self.stdout.write(result.stdout, ending="")
        if result.returncode != 0:
            raise CommandError(result.stderr.strip() or _("Verification failed."))

    def _verify(self, directory: Path, media_root: Path, private_root: Path | None):
        record, checks = verify_restore(directory, media_root=media_root, private_root=private_root)
        self.stdout.write(
            _("Verifying the restore of %(name)s (backed up %(time)s)")
            % {"name": record["name"], "time": record["created_at"]}
        )
        for check in checks:
            mark = _("PASS") if check.ok else _("FAIL")
            self.stdout.write(f"  [{mark}] {check.label}")
            for line in check.differences:
                self.stdout.write(f"      {line}")
        failed = [check for check in checks if not check.ok]
        if failed:
            raise CommandError(
                _("Verification failed: %(count)d of %(total)d checks did not pass.")
                % {"count": len(failed), "total": len(checks)}
            )
        self.stdout.write(_("Verification passed: all %(total)d checks.") % {"total": len(checks)})
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                _(
                    "The code has %(count)d migrations the restored database has not applied: "
                    "run migrate once the restore is accepted."
                )
                % {"count": pending}
            )
