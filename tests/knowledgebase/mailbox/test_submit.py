"""Sending a message through the public API: what is stored, what is refused (R23, R26)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from knowledgebase.mailbox import services
from knowledgebase.mailbox.models import Attachment, Message, MessageState, SenderContact
from publicapi import mailbox as mailbox_api

from .conftest import PREFIX, SENDER_ID, SENDER_MOBILE, SENDER_NAME, docx, pdf, png, submit

pytestmark = pytest.mark.django_db


def fields_of(response) -> dict:
    return response.json().get("fields") or {}


def test_a_message_is_stored_routed_and_answered_with_a_code(client, platform):
    response = submit(client, platform)
    answer = response.json()
    code = answer["code"]
    assert len(code) >= 16 and set(code) <= set(services.CODE_ALPHABET)
    message = Message.objects.get()
    assert message.unit == platform["department"]  # the mailbox's unit answers
    assert message.state == MessageState.RECEIVED
    assert message.code_hash == services.code_hash(code) and code not in message.code_hash
    assert message.may_publish is True
    assert answer["due_on"] == message.due_on.isoformat()
    contact = SenderContact.objects.get(message=message)
    assert (contact.name, contact.mobile, contact.id_number) == (SENDER_NAME, SENDER_MOBILE, "")
    assert ModelLogEntry.objects.filter(action=services.LOG_SUBMIT).count() == 1


def test_two_codes_differ(client, platform):
    first = submit(client, platform).json()["code"]
    second = submit(client, platform, content="另一条留言的内容。").json()["code"]
    assert first != second


def test_the_open_mailboxes_say_what_they_need(client, platform):
    platform["mailbox"].requires_id_number = True
    platform["mailbox"].save()
    response = client.get(f"{PREFIX}/sites/{platform['site'].pk}/mailboxes")
    assert response.status_code == 200
    (box,) = response.json()["items"]
    assert box["name"] == "区长信箱" and box["kind"] == {"code": "leader", "label": "区长信箱"}
    assert box["categories"] == ["社保", "就业", "其他"]
    assert box["requires_id_number"] is True
    platform["mailbox"].is_open = False
    platform["mailbox"].save()
    assert client.get(f"{PREFIX}/sites/{platform['site'].pk}/mailboxes").json()["items"] == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"subject": "   "}, "subject", services.SUBJECT_REQUIRED),
        ({"content": ""}, "content", "不能少于 1 个字符。"),
        ({"content": " \n "}, "content", services.CONTENT_REQUIRED),
        ({"category": "房产"}, "category", services.UNKNOWN_CATEGORY),
        ({"category": ""}, "category", services.CATEGORY_REQUIRED),
        ({"name": " "}, "name", services.NAME_REQUIRED),
        ({"name": ""}, "name", "不能少于 1 个字符。"),
        ({"mobile": "1234567"}, "mobile", services.MOBILE_INVALID),
        ({"content": "内容\x00"}, "content", services.NUL_CHARACTER),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_stored(
    client, platform, changes, field, message
):
    response = submit(client, platform, status=400, **changes)
    assert response.json()["detail"] == "请求参数无效。"
    assert fields_of(response) == {field: str(message)}
    assert not Message.objects.exists() and not SenderContact.objects.exists()


def test_oversized_subject_and_content_are_refused(client, platform):
    response = submit(client, platform, status=400, subject="题" * 101, content="字" * 5001)
    assert set(fields_of(response)) == {"subject", "content"}
    assert "100" in fields_of(response)["subject"] and "5000" in fields_of(response)["content"]
    assert all(ord(char) > 127 for char in fields_of(response)["subject"][:2])  # Chinese
    assert not Message.objects.exists()


def test_a_mailbox_that_requires_the_id_number(client, platform):
    platform["mailbox"].requires_id_number = True
    platform["mailbox"].save()
    response = submit(client, platform, status=400)
    assert fields_of(response) == {"id_number": str(services.ID_REQUIRED)}
    response = submit(client, platform, status=400, id_number="610302198507160026")
    assert fields_of(response) == {"id_number": str(services.ID_INVALID)}
    assert not Message.objects.exists()
    submit(client, platform, id_number=SENDER_ID)
    assert SenderContact.objects.get().id_number == SENDER_ID


def test_an_id_number_a_mailbox_does_not_need_is_not_kept(client, platform):
    submit(client, platform, id_number=SENDER_ID)
    assert SenderContact.objects.get().id_number == ""


def test_html_is_stored_as_text_and_given_back_escaped(client, platform):
    script = '<script>alert("x")</script><b>急</b>'
    code = submit(client, platform, content=script).json()["code"]
    assert Message.objects.get().content == script
    response = client.post(
        f"{PREFIX}/messages/lookup", {"code": code}, content_type="application/json"
    )
    body = response.content.decode()
    assert "<script>" not in body and "<b>" not in body
    assert response.json()["content"] == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;急&lt;/b&gt;"
    )


def test_the_honeypot_refuses_politely_and_stores_nothing(client, platform):
    response = submit(client, platform, status=400, website="http://spam.example.com")
    assert response.json() == {"detail": str(mailbox_api.HONEYPOT)}
    assert not Message.objects.exists()


def accept_only_42(request, answer):
    return answer == "42"


def test_the_captcha_hook(client, platform, settings):
    settings.MAILBOX_CAPTCHA_CHECK = f"{__name__}.accept_only_42"
    response = submit(client, platform, status=400, captcha="41")
    assert fields_of(response) == {"captcha": str(mailbox_api.CAPTCHA_WRONG)}
    assert not Message.objects.exists()
    submit(client, platform, captcha="42")
    assert Message.objects.count() == 1


def test_an_address_sending_too_much_is_throttled(client, platform, settings):
    settings.MAILBOX_SUBMIT_RATE = "3/3600"
    for number in range(3):
        submit(client, platform, content=f"第{number}条不同的留言内容。")
    response = submit(client, platform, status=429, content="第四条留言。")
    assert response.json()["detail"] == str(mailbox_api.TOO_MANY)
    assert Message.objects.count() == 3
    # Another address is not held back.
    url = f"{PREFIX}/sites/{platform['site'].pk}/mailboxes/{platform['mailbox'].pk}/messages"
    other = client.post(
        url,
        {
            "subject": "另一位市民",
            "content": "另一位市民的留言。",
            "category": "就业",
            "name": "王强",
            "mobile": "13700001111",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 201


def test_a_trusted_proxy_passes_on_whose_message_it_is(client, platform, settings):
    """The public website sends citizens' forms on their behalf: each citizen is counted, not
    the website; an untrusted peer cannot pass itself off as others with the header."""
    settings.MAILBOX_SUBMIT_RATE = "1/3600"
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({"10.9.9.9"})
    url = f"{PREFIX}/sites/{platform['site'].pk}/mailboxes/{platform['mailbox'].pk}/messages"

    def send(number: int, peer: str, forwarded: str):
        fields = {
            "subject": f"第{number}封",
            "content": f"第{number}封留言的内容。",
            "category": "就业",
            "name": "王强",
            "mobile": f"1370000{number:04d}",
        }
        return client.post(url, fields, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)

    assert send(1, "10.9.9.9", "203.0.113.1").status_code == 201
    assert send(2, "10.9.9.9", "203.0.113.2").status_code == 201
    assert send(3, "10.9.9.9", "203.0.113.1").status_code == 429
    # Not trusted: its own address counts, whatever it claims.
    assert send(4, "10.7.7.7", "203.0.113.3").status_code == 201
    assert send(5, "10.7.7.7", "203.0.113.4").status_code == 429
    assert Message.objects.count() == 3


def test_the_same_message_again_is_folded(client, platform, settings):
    first = submit(client, platform)
    again = submit(client, platform, status=200, subject="重复点击")
    assert again.json() == {"detail": str(mailbox_api.FOLDED)}
    assert "code" not in again.json()
    assert Message.objects.count() == 1
    # A different mobile number is another sender.
    submit(client, platform, mobile="13800001111")
    assert Message.objects.count() == 2
    # Past the window, the same text is a new message.
    Message.objects.filter(code_hash=services.code_hash(first.json()["code"])).update(
        received_at=Message.objects.get(contact__mobile=SENDER_MOBILE).received_at
        - datetime.timedelta(minutes=settings.MAILBOX_DUPLICATE_MINUTES + 1)
    )
    submit(client, platform)
    assert Message.objects.count() == 3


def test_attachments_are_kept_privately_and_checked_by_content(client, platform, settings):
    response = submit(client, platform, files=[pdf(), png(), docx()])
    message = Message.objects.get(code_hash=services.code_hash(response.json()["code"]))
    kinds = sorted(message.attachments.values_list("kind", flat=True))
    assert kinds == ["docx", "pdf", "png"]
    for attachment in message.attachments.all():
        path = attachment.file.path
        assert path.startswith(str(settings.MAILBOX_PRIVATE_ROOT))
        assert not path.startswith(str(settings.MEDIA_ROOT))
        assert attachment.name not in path  # stored under a random name


def test_an_attachment_lying_about_its_type_is_refused(client, platform):
    response = submit(client, platform, status=400, files=[png("申请表.pdf")])
    assert fields_of(response) == {
        "files": str(services.FILE_TYPE_LIES % {"name": "申请表.pdf", "extension": "pdf"})
    }
    assert "内容" in fields_of(response)["files"]
    response = submit(client, platform, status=400, files=[pdf("病毒.exe")])
    assert "files" in fields_of(response)
    # PDF bytes behind a .jpg name
    response = submit(client, platform, status=400, files=[pdf("照片.jpg")])
    assert "files" in fields_of(response)
    assert not Message.objects.exists() and not Attachment.objects.exists()


def test_attachments_are_typed_by_the_platforms_one_table(client, platform):
    """The mailbox types files with ``cms.security.uploads`` (one place for the platform) and
    takes fewer kinds than the library: markup under any name, archives and the old Office
    format are refused; a JPEG is kept as ``jpg`` whatever its ending."""
    jpeg = SimpleUploadedFile("照片.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    response = submit(client, platform, files=[jpeg])
    message = Message.objects.get(code_hash=services.code_hash(response.json()["code"]))
    assert list(message.attachments.values_list("kind", flat=True)) == ["jpg"]
    refused = [
        SimpleUploadedFile("申请表.pdf", b"<!DOCTYPE html><script>alert(1)</script>%PDF-1.7"),
        SimpleUploadedFile("图.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        SimpleUploadedFile("材料.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
    ]
    for upload in refused:
        response = submit(client, platform, status=400, files=[upload])
        assert fields_of(response) == {
            "files": str(services.FILE_TYPE_UNKNOWN % {"name": upload.name})
        }, upload.name
    assert Message.objects.count() == 1


def test_unknown_content_too_many_and_too_big_files(client, platform, settings):
    script = SimpleUploadedFile("说明.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf")
    response = submit(client, platform, status=400, files=[script])
    assert fields_of(response) == {"files": str(services.FILE_TYPE_UNKNOWN % {"name": "说明.pdf"})}
    settings.MAILBOX_MAX_FILES = 2
    response = submit(client, platform, status=400, files=[pdf(), pdf(), pdf()])
    assert fields_of(response) == {"files": str(services.TOO_MANY_FILES % {"limit": 2})}
    settings.MAILBOX_MAX_FILE_BYTES = 20
    response = submit(client, platform, status=400, files=[pdf()])
    limit = f"{20 / 1024 / 1024:g}"
    assert fields_of(response) == {
        "files": str(services.FILE_TOO_BIG % {"name": "材料.pdf", "limit": limit})
    }
    platform["mailbox"].accepts_attachments = False
    platform["mailbox"].save()
    settings.MAILBOX_MAX_FILE_BYTES = 5 * 1024 * 1024
    response = submit(client, platform, status=400, files=[pdf()])
    assert fields_of(response) == {"files": str(services.NO_ATTACHMENTS)}
    assert not Message.objects.exists()


def test_a_closed_or_unknown_mailbox_is_a_404(client, platform):
    site = platform["site"].pk
    response = client.post(f"{PREFIX}/sites/{site}/mailboxes/999999/messages", {})
    assert response.status_code in (400, 404)
    platform["mailbox"].is_open = False
    platform["mailbox"].save()
    response = submit(client, platform, status=404)
    assert response.json()["detail"] == str(mailbox_api.NO_MAILBOX)
    response = client.get(f"{PREFIX}/sites/999999/mailboxes")
    assert response.status_code == 404
