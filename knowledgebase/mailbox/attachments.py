"""What a sender's file is, read from its bytes (magic numbers), never from its name or the
Content-Type the browser sent: a file whose name says one type and whose bytes another is
refused (issue 20, "an attachment lying about its type")."""

import zipfile

# Type → the file name endings it may carry.
EXTENSIONS = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "gif": {"gif"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
}
# Office Open XML documents are zip files; the members tell a Word document from a workbook.
_ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff(upload) -> str | None:
    """The type of ``upload`` (a Django ``UploadedFile``) from its content, or ``None`` when it
    is none of the accepted types."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for kind, member in _ZIP_MEMBERS.items():
            if member in names:
                return kind
    return None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
