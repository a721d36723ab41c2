"""The demo's image and document library: covers, a map with its 审图号 and PDF files, generated
here (Pillow for the images, a small hand-written PDF for the documents), each in the library
collection of the unit that owns it (:func:`cms.access.permissions.unit_collection`)."""

import io
import zlib

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.access.permissions import unit_collection

COVER_SIZE = (960, 540)
MAP_APPROVAL_NUMBER = "GS(2019)1822号"

# Colours of the covers, one per news column (in the order they come).
PALETTE = [
    (176, 32, 36),
    (24, 86, 160),
    (32, 120, 88),
    (196, 120, 20),
    (92, 60, 140),
    (20, 120, 140),
    (140, 80, 40),
    (60, 90, 60),
]


def _png(draw_on) -> bytes:
    image = Image.new("RGB", COVER_SIZE, (245, 242, 235))
    draw_on(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cover_bytes(colour: tuple[int, int, int], pattern: int) -> bytes:
    """A plain banner: a coloured field, a band and a few shapes that differ per column."""
    width, height = COVER_SIZE

    def draw_on(draw):
        draw.rectangle([0, 0, width, height], fill=colour)
        draw.rectangle([0, height * 2 // 3, width, height], fill=(250, 248, 240))
        for index in range(3 + pattern % 4):
            left = 60 + index * 150
            draw.ellipse(
                [left, 120 + 20 * (index % 2), left + 110, 230 + 20 * (index % 2)],
                outline=(255, 255, 255),
                width=6,
            )
        draw.line([60, height * 2 // 3 - 30, width - 60, height * 2 // 3 - 30], fill="white")

    return _png(draw_on)


def map_bytes() -> bytes:
    """A schematic district map: the boundary, the river and the two townships."""

    def draw_on(draw):
        boundary = [(120, 90), (520, 50), (840, 160), (880, 380), (620, 500), (240, 470), (90, 300)]
        draw.polygon(boundary, fill=(236, 226, 196), outline=(120, 90, 60))
        draw.line([(90, 260), (400, 300), (600, 240), (880, 300)], fill=(70, 130, 200), width=12)
        for x, y in ((330, 180), (650, 390)):
            draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=(176, 32, 36))
        draw.rectangle([40, 40, 920, 500], outline=(60, 60, 60), width=3)

    return _png(draw_on)


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF showing ``lines`` (ASCII; the Chinese title is the file's
    title in the library and in the API). Written by hand: no PDF library is needed."""
    commands = ["BT", "/F1 14 Tf", "72 760 Td", "18 TL"]
    for line in lines:
        commands.append(f"({_pdf_text(line)}) Tj T*")
    commands.append("ET")
    stream = zlib.compress("\n".join(commands).encode("ascii"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def add_image(unit, title: str, filename: str, content: bytes, user=None, **fields):
    image = get_image_model()(
        title=title,
        collection=unit_collection(unit),
        uploaded_by_user=user,
        file=ContentFile(content, name=filename),
        **fields,
    )
    image.full_clean(exclude=["file"])
    image.save()
    return image


def add_document(unit, title: str, filename: str, lines: list[str], user=None):
    document = get_document_model()(
        title=title,
        collection=unit_collection(unit),
        uploaded_by_user=user,
        file=ContentFile(pdf_bytes(lines), name=filename),
    )
    document.save()
    return document


def attachment(document, title: str = "") -> dict:
    """One block of an item's ``attachments``, as a revision stores it."""
    return {"type": "attachment", "value": {"document": document.pk, "title": title}}
