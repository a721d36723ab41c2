"""What an uploaded image or document is, read from its bytes, never from its name: the one
check every upload to the library passes (the admin's add and edit views, the multiple
uploader and the choosers' upload tabs all build their forms from
``WAGTAILIMAGES_IMAGE_FORM_BASE`` / ``WAGTAILDOCS_DOCUMENT_FORM_BASE``, which are the forms
below; the editorial API takes no files).

- A file is refused when its content is not what its name ending promises: a ``.pdf`` must
  start as a PDF does, a ``.docx`` must be a zip holding a Word document, a ``.jpg`` a JPEG, a
  ``.txt`` text, and so on (:data:`ACCEPTED`). An ending the table does not know cannot be
  checked and is refused: adding an ending to ``WAGTAILDOCS_EXTENSIONS`` needs a line here.
- Markup — an HTML page, an SVG drawing (with or without a script), any XML — is refused under
  every name, images and documents alike: a browser shown it from the platform's own origin
  would run what it holds. SVG is not accepted at all: the platform has no sanitiser for it,
  and a map or a chart is uploaded as PNG or JPEG.
- An image must also open in Willow (:func:`check_image`: stock Wagtail 8.0.1 answers a file
  that starts as a PNG and is nothing else with a server error), and Wagtail's own image field
  then checks that its format matches the ending.

Images are typed by the ``filetype`` library (the one Willow itself uses); documents by the
small table of signatures below (PDF, the OLE2 compound file of .doc/.xls/.wps, the zip of
the Office Open XML and OFD formats, text).
"""

import codecs
import zipfile

import filetype
import willow
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

HEAD_BYTES = 8192
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Zip members that tell an Office Open XML or OFD document from a plain archive.
ZIP_KINDS = (
    ("docx", "word/document.xml"),
    ("xlsx", "xl/workbook.xml"),
    ("pptx", "ppt/presentation.xml"),
    ("ofd", "OFD.xml"),
)
# How a page or a drawing begins (after a byte-order mark and blanks), lower-cased.
MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<!--",
    b"<meta",
    b"<a ",
    b"<img",
    b"<div",
    b"<style",
    b"<object",
)

# Name ending -> the kinds of content it may hold.
ACCEPTED: dict[str, set[str]] = {
    "jpg": {"jpeg"},
    "jpeg": {"jpeg"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "avif": {"avif"},
    "pdf": {"pdf"},
    "doc": {"ole2"},
    "xls": {"ole2"},
    "ppt": {"ole2"},
    "wps": {"ole2"},
    "et": {"ole2"},
    "dps": {"ole2"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "ofd": {"ofd"},
    "zip": {"zip", "docx", "xlsx", "pptx", "ofd"},
    "txt": {"text"},
    "csv": {"text"},
}
KIND_LABELS = {
    "jpeg": _("a JPEG image"),
    "png": _("a PNG image"),
    "gif": _("a GIF image"),
    "webp": _("a WebP image"),
    "avif": _("an AVIF image"),
    "pdf": _("a PDF document"),
    "ole2": _("a document in the older Office/WPS format"),
    "docx": _("a Word document (.docx)"),
    "xlsx": _("an Excel workbook (.xlsx)"),
    "pptx": _("a PowerPoint presentation (.pptx)"),
    "ofd": _("an OFD document"),
    "zip": _("a zip archive"),
    "text": _("plain text"),
}
MARKUP_REFUSED = _(
    "This file is a web page or an SVG/XML drawing, which could run scripts in a browser. "
    "Such files are not accepted, whatever their name says."
)
MISMATCH = _(
    "The content of this file does not match its name: a file ending in .%(extension)s must "
    "be %(expected)s, but this one is %(found)s."
)
UNKNOWN_CONTENT = _("unrecognised data")
UNCHECKABLE = _(
    "Files ending in .%(extension)s cannot be checked by their content and are not accepted."
)
NO_EXTENSION = _("The file name must end in its type, such as .pdf or .jpg.")
UNREADABLE_IMAGE = _("This image cannot be opened: the file is damaged or not a whole image.")


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _is_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\x00").lower()
    if text.startswith(MARKUP_STARTS):
        return True
    # UTF-16 markup: every other byte is zero.
    return text.replace(b"\x00", b"").startswith(MARKUP_STARTS)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_kind(upload) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    for kind, member in ZIP_KINDS:
        if member in names and (kind == "ofd" or "[Content_Types].xml" in names):
            return kind
    return "zip"


def sniff(upload) -> str | None:
    """The kind of content of ``upload`` (a Django ``File``): ``"markup"`` for anything a
    browser would render as a page or drawing, one of :data:`KIND_LABELS`, or None."""
    head = _head(upload)
    if _is_markup(head):
        return "markup"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(ZIP):
        return _zip_kind(upload)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime.startswith("image/"):
        return {"jpg": "jpeg"}.get(guessed.extension, guessed.extension)
    if _is_text(head):
        return "text"
    return None


def extension_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_upload(upload) -> None:
    """Refuse ``upload`` (ValidationError, in Chinese) unless its bytes are what its name
    ending says, and are not markup."""
    kind = sniff(upload)
    if kind == "markup":
        raise ValidationError(MARKUP_REFUSED, code="markup")
    extension = extension_of(upload.name or "")
    if not extension:
        raise ValidationError(NO_EXTENSION, code="no_extension")
    accepted = ACCEPTED.get(extension)
    if accepted is None:
        raise ValidationError(UNCHECKABLE, code="uncheckable", params={"extension": extension})
    if kind not in accepted:
        expected = " / ".join(str(KIND_LABELS[each]) for each in sorted(accepted))
        found = KIND_LABELS.get(kind, UNKNOWN_CONTENT)
        raise ValidationError(
            MISMATCH,
            code="content_mismatch",
            params={"extension": extension, "expected": expected, "found": found},
        )


def check_image(upload) -> None:
    """Refuse an image whose header Willow cannot read (its size): Wagtail's own field reads it
    unguarded, and a file that starts as a PNG and is nothing else would end in a server error."""
    try:
        upload.seek(0)
        willow.Image.open(upload).get_size()
    except Exception as error:  # whatever the image library raises
        raise ValidationError(UNREADABLE_IMAGE, code="unreadable_image") from error
    finally:
        upload.seek(0)


def _checked(to_python, checks):
    """A file field's ``to_python`` that checks the upload's content before anything else
    (Wagtail's image field would otherwise answer an HTML page with its vaguer message)."""

    def checked_to_python(data):
        if data is not None and hasattr(data, "read") and getattr(data, "name", None):
            for check in checks:
                check(data)
        return to_python(data)

    return checked_to_python


class _ChecksUploads:
    checks = (check_upload,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.to_python = _checked(field.to_python, self.checks)

    def _post_clean(self):
        # A refused file is the one thing to say: the model's own checks would add a puzzling
        # second message about the file it never received.
        if "file" not in self.errors:
            super()._post_clean()


class CheckedImageForm(_ChecksUploads, BaseImageForm):
    """Wagtail's image form, with the upload checked by its content
    (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    checks = (check_upload, check_image)


class CheckedDocumentForm(_ChecksUploads, BaseDocumentForm):
    """Wagtail's document form, with the upload checked by its content
    (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""
