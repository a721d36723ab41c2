"""Import a platform's statistics for new-media accounts from the shell (the operator, every
unit); the admin's 运行监测 page does the same for a unit's administrators."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.tabular import TabularFileError
from newmedia import stats_import


class Command(BaseCommand):
    help = _(
        "Import a platform's statistics of new-media accounts (CSV or XLSX: 账号ID or 账号名称, "
        "统计期, 发文数, 粉丝数, 阅读量); nothing is imported when a row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the CSV or XLSX file"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from error
        try:
            written, errors = stats_import.import_file(path.name, raw, None)
        except TabularFileError as error:
            raise CommandError(
                _("%(problem)s Nothing was imported.") % {"problem": error.problem}
            ) from error
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(_("Nothing was imported."))
        self.stdout.write(_("%(count)d rows of statistics imported.") % {"count": written})
