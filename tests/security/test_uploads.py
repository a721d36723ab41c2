"""Uploads to the library are checked by their content, not their name, in every admin view
that takes one: the add views, the multiple uploader and the choosers' upload tabs. Nothing
refused is stored, neither as a row nor as a file."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from cms.security import uploads
from tests import factories

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 24), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 24), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def office(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "说明")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BAD_IMAGES = {
    "html named .jpg": ("photo.jpg", HTML, uploads.MARKUP_REFUSED),
    "svg with script named .jpg": ("photo.jpg", SVG_SCRIPT, uploads.MARKUP_REFUSED),
    "svg with script named .png": ("photo.png", SVG_SCRIPT, uploads.MARKUP_REFUSED),
    "svg without script named .png": ("photo.png", SVG_PLAIN, uploads.MARKUP_REFUSED),
    "svg named .svg": ("drawing.svg", SVG_PLAIN, uploads.MARKUP_REFUSED),
    "png named .jpg": ("photo.jpg", png(), uploads.MISMATCH),
    "pdf named .png": ("photo.png", PDF, uploads.MISMATCH),
    # The bytes start as a PNG does; Willow cannot open the rest (Wagtail's own message).
    "broken png": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, uploads.UNREADABLE_IMAGE),
}
BAD_DOCUMENTS = {
    "html named .pdf": ("通知.pdf", HTML, uploads.MARKUP_REFUSED),
    "svg named .pdf": ("通知.pdf", SVG_SCRIPT, uploads.MARKUP_REFUSED),
    "html named .txt": ("说明.txt", HTML, uploads.MARKUP_REFUSED),
    "text named .pdf": ("通知.pdf", "这不是PDF".encode(), uploads.MISMATCH),
    "pdf named .docx": ("通知.docx", PDF, uploads.MISMATCH),
    "a plain zip named .docx": ("通知.docx", plain_zip(), uploads.MISMATCH),
    "a workbook named .docx": ("通知.docx", office("xl/workbook.xml"), uploads.MISMATCH),
    "binary named .xls": ("表.xls", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, uploads.MISMATCH),
    "a png named .csv": ("表.csv", png(), uploads.MISMATCH),
}
GOOD_DOCUMENTS = {
    "pdf": ("通知.pdf", PDF),
    "docx": ("通知.docx", office("word/document.xml")),
    "xlsx": ("统计.xlsx", office("xl/workbook.xml")),
    "ole2 .doc": ("旧通知.doc", uploads.OLE2 + b"\x00" * 504),
    "zip": ("附件.zip", plain_zip()),
    "gb18030 csv": ("名单.csv", "姓名,单位\n张三,办公室\n".encode("gb18030")),
    "utf-8 txt": ("说明.txt", "政府网站说明".encode()),
}


def message(expected) -> str:
    return str(expected).split("%(")[0]


@pytest.fixture
def admin(client):
    person = factories.superuser()
    factories.login(client, person)
    return person


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def image_form(client) -> dict:
    return factories.form_data(client.get("/admin/images/add/").content, containing="title")


def document_form(client) -> dict:
    return factories.form_data(client.get("/admin/documents/add/").content, containing="title")


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_the_image_add_view_refuses_by_content(client, admin, settings, case):
    name, content, expected = BAD_IMAGES[case]
    data = image_form(client)
    data.update(title="测试", file=SimpleUploadedFile(name, content, content_type="image/jpeg"))
    response = client.post("/admin/images/add/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    if expected is not None:
        assert any(message(expected) in error for error in errors), errors
    assert not get_image_model().objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_the_multiple_image_uploader_refuses_by_content(client, admin, settings, case):
    name, content, expected = BAD_IMAGES[case]
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content, content_type="image/png")},
    )
    answer = response.json()
    assert answer["success"] is False
    if expected is not None:
        assert message(expected) in answer["error_message"]
    assert not get_image_model().objects.exists() and not UploadedFile.objects.exists()
    assert stored_files(settings) == []


def chooser_upload(client, kind: str, name: str, content: bytes):
    prefix = f"{kind}-chooser-upload-"
    chooser = client.get(f"/admin/{kind}s/chooser/").json()["html"]
    data = factories.form_data(chooser, containing=f"{prefix}title")
    data.update({f"{prefix}title": "测试", f"{prefix}file": SimpleUploadedFile(name, content)})
    response = client.post(f"/admin/{kind}s/chooser/create/", data)
    assert response.status_code == 200
    return response.json()


def test_the_image_choosers_upload_refuses_by_content(client, admin, settings):
    answer = chooser_upload(client, "image", "photo.jpg", SVG_SCRIPT)
    assert answer["step"] == "reshow_creation_form"
    assert str(uploads.MARKUP_REFUSED) in answer["htmlFragment"]
    assert not get_image_model().objects.exists()
    assert stored_files(settings) == []


def test_the_choosers_upload_takes_a_real_file(client, admin):
    assert chooser_upload(client, "document", "通知.pdf", PDF)["step"] == "chosen"
    chosen = chooser_upload(client, "image", "photo.png", png())
    assert chosen["step"] in {"chosen", "select_format"}


def test_a_real_image_is_accepted(client, admin):
    for name, content in (("photo.png", png()), ("photo.jpg", jpeg())):
        response = client.post(
            "/admin/images/multiple/add/",
            {"files[]": SimpleUploadedFile(name, content, content_type="image/png")},
        )
        assert response.json()["success"] is True, response.json()
    assert get_image_model().objects.count() == 2


def test_replacing_an_images_file_is_checked_too(client, admin):
    picture = factories.image("原图")
    data = factories.form_data(
        client.get(f"/admin/images/{picture.pk}/").content, containing="title"
    )
    data["file"] = SimpleUploadedFile("photo.png", HTML)
    response = client.post(f"/admin/images/{picture.pk}/", data)
    assert response.status_code == 200
    assert str(uploads.MARKUP_REFUSED) in response.context["form"].errors["file"]
    picture.refresh_from_db()
    assert picture.file.name.startswith("original_images/image-")


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_the_document_add_view_refuses_by_content(client, admin, settings, case):
    name, content, expected = BAD_DOCUMENTS[case]
    data = document_form(client)
    data.update(title="测试", file=SimpleUploadedFile(name, content))
    response = client.post("/admin/documents/add/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message(expected) in error for error in errors), errors
    assert not get_document_model().objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_the_multiple_document_uploader_refuses_by_content(client, admin, settings, case):
    name, content, expected = BAD_DOCUMENTS[case]
    response = client.post(
        "/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile(name, content)}
    )
    answer = response.json()
    assert answer["success"] is False and message(expected) in answer["error_message"]
    assert not get_document_model().objects.exists() and not UploadedFile.objects.exists()
    assert stored_files(settings) == []


def test_the_document_choosers_upload_refuses_by_content(client, admin, settings):
    answer = chooser_upload(client, "document", "通知.pdf", HTML)
    assert answer["step"] == "reshow_creation_form"
    assert str(uploads.MARKUP_REFUSED) in answer["htmlFragment"]
    assert not get_document_model().objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("case", list(GOOD_DOCUMENTS))
def test_real_documents_are_accepted(client, admin, case):
    name, content = GOOD_DOCUMENTS[case]
    response = client.post(
        "/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.json()["success"] is True, response.json()
    assert get_document_model().objects.count() == 1


def test_the_mismatch_names_what_the_file_is_in_chinese(client, admin):
    data = document_form(client)
    data.update(title="测试", file=SimpleUploadedFile("通知.pdf", png()))
    response = client.post("/admin/documents/add/", data)
    (error,) = response.context["form"].errors["file"]
    assert error == "文件内容与文件名不符：扩展名为 .pdf 的文件应为PDF 文档，而该文件是PNG 图片。"


def test_every_document_extension_allowed_can_be_checked(settings):
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(uploads.ACCEPTED)
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) <= set(uploads.ACCEPTED)
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
