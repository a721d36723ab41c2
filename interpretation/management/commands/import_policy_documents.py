from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.tabular import checked_rows_for_command
from interpretation.importer import column_problem, import_plans, read_file


class Command(BaseCommand):
    help = _(
        "Import policy documents and their interpretations from a CSV file or a JSON list of "
        "objects (UTF-8), as drafts submitted to the review chain. Every row is checked "
        "first: if any is wrong nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV or JSON file to import."))
        parser.add_argument(
            "--column", type=int, required=True, help=_("The column that receives the documents.")
        )
        parser.add_argument(
            "--interpretation-column",
            type=int,
            help=_("The column that receives the interpretations (default: the same column)."),
        )
        parser.add_argument(
            "--user", required=True, help=_("The information officer who files and submits them.")
        )
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

    def _column(self, column_id, user):
        column = Page.objects.filter(pk=column_id).first()
        problem = column_problem(column, column_id, user)
        if problem:
            raise CommandError(problem)
        return column.specific

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("There is no active user %(user)s.") % {"user": options["user"]})
        documents_column = self._column(options["column"], user)
        interpretations_column = self._column(
            options["interpretation_column"] or options["column"], user
        )
        path = Path(options["file"])
        plans = checked_rows_for_command(read_file, path, options["format"], self.stderr)
        if options["dry_run"]:
            self.stdout.write(
                _("%(count)d rows checked; nothing was imported (dry run).") % {"count": len(plans)}
            )
            return
        result = import_plans(
            plans,
            documents_column=documents_column,
            interpretations_column=interpretations_column,
            user=user,
        )
        self.stdout.write(
            _(
                "Imported %(documents)d policy documents and %(interpretations)d interpretations "
                "as drafts submitted for review."
            )
            % {
                "documents": len(result.documents),
                "interpretations": len(result.interpretations),
            }
        )
