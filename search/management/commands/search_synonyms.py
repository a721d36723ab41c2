"""Import synonym entries from a text file into the dictionary the public search uses."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.synonyms import InvalidDictionary, import_entries, parse


class Command(BaseCommand):
    help = _(
        "Import synonyms from a UTF-8 text file: one entry a line, its terms separated by "
        "spaces or commas. Entries already in the dictionary are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The text file to import."))

    def handle(self, *args, path, **options):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(path)s: it is missing, not readable, or not UTF-8 text.")
                % {"path": path}
            ) from error
        try:
            imported = import_entries(parse(text))
        except InvalidDictionary as error:
            raise CommandError(_("Nothing was imported.") + "\n" + str(error)) from error
        self.stdout.write(
            _("%(created)d synonym entries added, %(unchanged)d already present.")
            % {"created": imported.created, "unchanged": imported.unchanged}
        )
