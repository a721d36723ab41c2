"""Django's ``flush``, able to empty the append-only audit log on SQLite.

``flush`` resets the whole database (the test suite does it after every transactional test).
PostgreSQL empties tables with TRUNCATE, which the audit log's row triggers do not see; SQLite
deletes row by row, so this opens the guard's flush window (editorial/dbguards.py) for exactly
the flush's transaction.
"""

from django.core.management.commands import flush
from django.db import connections, transaction
from django.utils.translation import gettext as _

from editorial import dbguards


class Command(flush.Command):
    help = _(
        "Remove ALL data from the database, including what migrations wrote (the audit log "
        "too). It does not give a fresh installation."
    )

    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            opened = dbguards.open_flush_window(connection)
            result = super().handle(**options)
            dbguards.close_flush_window(connection, opened)
        return result
