"""What a sender's file is, read from its bytes, never from its name or the Content-Type the
browser sent: a file whose name says one type and whose bytes another is refused (issue 20,
"an attachment lying about its type").

What a file's bytes are, and what each name ending must hold, is decided in one place for the
whole platform, :mod:`cms.security.uploads`; the mailbox only says which kinds a citizen may
send (fewer than the library takes: no archives, no old Office formats that carry macros).
"""

from cms.security import uploads

# Kind of content (as ``uploads.sniff`` names it) → the name endings it may carry here.
EXTENSIONS = {
    "pdf": {"pdf"},
    "jpeg": {"jpg", "jpeg"},
    "png": {"png"},
    "gif": {"gif"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
}
# How each kind is stored: the attachment's ``kind`` and the ending of its random file name.
STORED_AS = {"jpeg": "jpg"}


def sniff(upload) -> str | None:
    """The stored type of ``upload`` (a Django ``UploadedFile``) from its content — ``pdf``,
    ``jpg``, ``png``, ``gif``, ``docx`` or ``xlsx`` — or ``None`` when it is none of them."""
    kind = uploads.sniff(upload)
    if kind not in EXTENSIONS:
        return None
    return STORED_AS.get(kind, kind)


def may_be_named(kind: str, extension: str) -> bool:
    """Whether a file of stored type ``kind`` may carry the name ending ``extension``."""
    sniffed = {stored: sniffed for sniffed, stored in STORED_AS.items()}.get(kind, kind)
    return extension in EXTENSIONS.get(sniffed, ())


extension_of = uploads.extension_of
