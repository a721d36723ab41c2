"""Which revisions are the review's evidence, and so outlive Wagtail's ``purge_revisions``.

A revision a review stage was opened on carries that stage's record (R16: the checklist, the
opinion, the reviewer, the time, the hash of the content, the findings), and a revision cleared
for publication carries its clearance. Wagtail's ``purge_revisions`` deletes every revision that
is not its page's latest, scheduled or in a workflow in progress — and with it, by cascade, those
records. This app's ``purge_revisions`` runs Wagtail's inside :func:`keeping_review_evidence`,
where deleting such a revision is refused as a protected relation: Wagtail's command counts it
as "ignored" and goes on with the others. Drafts saved between reviews are purged as before;
deleting a page still deletes its revisions and records (outside a purge nothing is refused).
"""

from contextlib import contextmanager

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _
from wagtail.models import Revision, TaskState

from .models import Clearance


def is_review_evidence(revision: Revision) -> bool:
    """A review stage was opened on ``revision``, or it was cleared for publication."""
    return (
        TaskState.objects.filter(revision=revision).exists()
        or Clearance.objects.filter(revision=revision).exists()
    )


def _refuse_deleting_evidence(sender, instance, **kwargs) -> None:
    if is_review_evidence(instance):
        raise ProtectedError(_("This revision carries review records and is kept."), {instance})


@contextmanager
def keeping_review_evidence():
    """Within the block, deleting a revision that is review evidence raises ``ProtectedError``."""
    uid = "editorial.retention.keeping_review_evidence"
    pre_delete.connect(_refuse_deleting_evidence, sender=Revision, dispatch_uid=uid)
    try:
        yield
    finally:
        pre_delete.disconnect(sender=Revision, dispatch_uid=uid)
