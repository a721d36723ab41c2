"""An approved reply becomes a draft knowledge entry (R25: 知识库由咨询和答复形成), in one action.

The draft holds the citizen's question and the unit's approved reply with personal data masked
(:func:`knowledgebase.mailbox.selectors.masked_text`: names, telephone and ID numbers, bank
cards, addresses), names its source message, and goes public only through review like any
entry. It is written in the site's knowledge-base column, as the person who asked for it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.content.models import ColumnPage
from cms.content.richtext import sanitise_html

from .mailbox.models import Message, MessageState
from .mailbox.selectors import masked_text
from .mailbox.services import may_handle
from .models import KnowledgeEntryPage, ServiceTopic

NOT_ANSWERED = _("Only a message whose reply has been approved can become a knowledge entry.")
NOT_HANDLER = _("Only the staff of the unit answering this message can do this.")
NO_COLUMN = _(
    "This site has no knowledge-base column you may add entries to; ask the website "
    "administrator to offer knowledge base entries in a column."
)
DRAFTED_LOG_ACTION = "mailbox.entry_drafted"
TITLE_LENGTH = 255
SUMMARY_LENGTH = 500


def knowledge_column(*, user, message: Message) -> ColumnPage | None:
    """The first column of the message's site where ``user`` may add a knowledge entry."""
    root = message.mailbox.site.root_page
    columns = ColumnPage.objects.descendant_of(root).order_by("path")
    for column in columns:
        if (
            KnowledgeEntryPage.can_create_at(column)
            and column.permissions_for_user(user).can_add_subpage()
        ):
            return column
    return None


def may_draft_entry(user, message: Message) -> bool:
    return message.state == MessageState.ANSWERED and may_handle(user, message)


@transaction.atomic
def entry_draft_from_reply(*, message: Message, user) -> KnowledgeEntryPage:
    """A draft entry made of ``message``'s question and approved reply, masked; logged on both."""
    if message.state != MessageState.ANSWERED:
        raise ValidationError(NOT_ANSWERED, code="not_answered")
    if not may_handle(user, message):
        raise PermissionDenied(NOT_HANDLER)
    column = knowledge_column(user=user, message=message)
    if column is None:
        raise ValidationError(NO_COLUMN, code="no_column")
    text = masked_text(message)
    paragraphs = [line.strip() for line in (text.reply or "").splitlines() if line.strip()]
    entry = KnowledgeEntryPage(
        title=text.subject[:TITLE_LENGTH],
        topic=ServiceTopic.OTHER,
        summary=(paragraphs[0] if paragraphs else "")[:SUMMARY_LENGTH],
        body=sanitise_html("".join(f"<p>{escape(line)}</p>" for line in paragraphs)),
        source=message.unit.name,
        owner=user,
        live=False,
    )
    entry.source_messages.set([message])
    column.add_child(instance=entry)
    entry.save_revision(user=user, log_action=True)
    log(instance=message, action=DRAFTED_LOG_ACTION, user=user, data={"page": entry.pk})
    return entry
