"""Expired entries leave the public side (R25: 知识库动态更新).

An entry valid until a day that has passed no longer answers from the next morning (the answers
read ``valid_until`` from the public row, so it stops answering at midnight whatever runs);
``manage.py knowledge_expire``, run daily from cron, also takes it offline, so that its detail
and the listings stop showing it. Updating the answer and its date goes through review again.
"""

import datetime

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from .models import KnowledgeEntryPage

EXPIRED_LOG_ACTION = "knowledgebase.expired"


def expired_entries(*, today: datetime.date):
    return KnowledgeEntryPage.objects.live().filter(valid_until__lt=today).order_by("pk")


@transaction.atomic
def entries_expire(*, today: datetime.date) -> list[int]:
    """Unpublish the live entries whose validity ended before ``today``; their ids."""
    expired = list(expired_entries(today=today))
    for entry in expired:
        UnpublishPageAction(entry, user=None, log_action=False).execute(skip_permission_checks=True)
        log(
            instance=entry,
            action=EXPIRED_LOG_ACTION,
            data={"valid_until": entry.valid_until.isoformat()},
        )
    return [entry.pk for entry in expired]
