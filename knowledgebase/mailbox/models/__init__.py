"""Citizens' messages (R23, R26): mailboxes, messages and their handling, senders' contact
details apart from the text."""

from .mailboxes import Mailbox, MailboxKind
from .messages import Attachment, Message, MessageState, Reply, Transfer
from .senders import SenderContact

__all__ = [
    "Attachment",
    "Mailbox",
    "MailboxKind",
    "Message",
    "MessageState",
    "Reply",
    "SenderContact",
    "Transfer",
]
