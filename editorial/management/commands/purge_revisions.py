"""``purge_revisions``, replacing Wagtail's (this app comes before ``wagtail`` in
INSTALLED_APPS): Wagtail's purge, keeping the revisions that are the review's evidence
(:mod:`editorial.retention`). Those are reported as "ignored … protected relations"."""

from django.utils.translation import gettext as _
from wagtail.management.commands.purge_revisions import Command as WagtailPurgeRevisions

from editorial.retention import keeping_review_evidence


class Command(WagtailPurgeRevisions):
    help = _(
        "Delete revisions which are not the latest revision, published or scheduled to be "
        "published, in moderation, or the record of a review stage or of a clearance"
    )

    def handle(self, *args, **options):
        with keeping_review_evidence():
            super().handle(*args, **options)
