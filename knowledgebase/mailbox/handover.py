"""The mailbox's part of a handover when a person leaves (R35): the replies they were writing.

Messages are routed to units, never to a person, and a reply is approved by a 科室负责人
reaching the unit, a role the successor takes with the leaver's others; so what a person
holds here is a reply they wrote and have not submitted (a draft, or one returned to them) of
a message still in handling. The successor becomes its writer, to finish and submit it; the
message's history says so. A reply awaiting approval keeps its writer: the successor did not
write it and, as a section chief, may approve it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.leavers.parts import LOG_ACTION
from cms.leavers.registry import Part

from .models import Reply
from .services import HANDLING_STATES


class ReplyDraftsPart(Part):
    key = "mailbox_replies"
    label = _("Replies to citizens' messages they were writing")
    order = 60

    def _drafts(self, person):
        return Reply.objects.filter(
            written_by=person, submitted_at__isnull=True, message__state__in=HANDLING_STATES
        )

    def count(self, person) -> int:
        return self._drafts(person).count()

    def hand_over(self, person, successor, record) -> int:
        replies = list(self._drafts(person).select_related("message"))
        Reply.objects.filter(pk__in=[reply.pk for reply in replies]).update(written_by=successor)
        for reply in replies:
            log(
                instance=reply.message,
                action=LOG_ACTION,
                user=record.actor,
                data={
                    "from": person.get_username(),
                    "to": successor.get_username(),
                    "handover": record.pk,
                },
            )
        return len(replies)
