from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.tabular import checked_rows_for_command
from editorial.prechecks.importer import import_rows, read_file


class Command(BaseCommand):
    help = _(
        "Import the dictionary of 错敏词 from a CSV file (columns term, correction, category, "
        "severity, note; UTF-8) or a JSON list of objects with the same keys. Every row is "
        "checked first: if any is wrong nothing is imported. Importing a file again updates "
        "the terms it names."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV or JSON file to import."))
        parser.add_argument(
            "--format",
            choices=["csv", "json"],
            help=_("The file's format, if its name does not end in .csv or .json."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check the file and report, but import nothing."),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        rows = checked_rows_for_command(read_file, path, options["format"], self.stderr)
        if options["dry_run"]:
            self.stdout.write(
                ngettext(
                    "%(count)d term checked; nothing was imported (dry run).",
                    "%(count)d terms checked; nothing was imported (dry run).",
                    len(rows),
                )
                % {"count": len(rows)}
            )
            return
        result = import_rows(rows)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)d terms added, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
