import datetime
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.organisation.models import Role
from editorial.prechecks.detectors import id_check_char
from knowledgebase.mailbox.models import Mailbox, MailboxKind
from tests import factories

PREFIX = "/api/v1"
# A sender whose details must never come back in a public answer.
SENDER_NAME = "李秀英"
SENDER_MOBILE = "13991234567"
SENDER_ID = "610302198507160025"[:17] + id_check_char("61030219850716002")


@pytest.fixture(autouse=True)
def _private_and_fresh(settings, tmp_path):
    """Attachments in a folder of the test's own; throttling counters from zero."""
    settings.MAILBOX_PRIVATE_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def platform(db, django_capture_on_commit_callbacks):
    """A county site with its government office, a department below it and a mailbox."""
    with django_capture_on_commit_callbacks(execute=True):
        county = factories.unit("渭滨区人民政府办公室")
        department = factories.unit("渭滨区人力资源和社会保障局", parent=county)
        other = factories.unit("渭滨区住房和城乡建设局", parent=county)
        site = factories.site("渭滨区人民政府", sponsor=county)
    mailbox = Mailbox.objects.create(
        site=site,
        name="区长信箱",
        kind=MailboxKind.LEADER,
        unit=department,
        categories="社保\n就业\n其他",
    )
    people = {
        "clerk": factories.user("rsj_xxy", unit=department, role=Role.INFO_OFFICER),
        "chief": factories.user("rsj_kz", unit=department, role=Role.SECTION_CHIEF),
        "other_chief": factories.user("zjj_kz", unit=other, role=Role.SECTION_CHIEF),
        "other_clerk": factories.user("zjj_xxy", unit=other, role=Role.INFO_OFFICER),
        "county_chief": factories.user("bgs_kz", unit=county, role=Role.SECTION_CHIEF),
    }
    return {
        "site": site,
        "mailbox": mailbox,
        "county": county,
        "department": department,
        "other": other,
        **people,
    }


def message_fields(**changes) -> dict:
    fields = {
        "subject": "咨询养老保险缴费年限",
        "content": "我今年五十八岁，想了解城乡居民养老保险最低缴费年限是多少年？",
        "category": "社保",
        "name": SENDER_NAME,
        "mobile": SENDER_MOBILE,
        "may_publish": "true",
    }
    fields.update(changes)
    return fields


def submit(client, platform, status=201, mailbox=None, **fields):
    mailbox = mailbox or platform["mailbox"]
    url = f"{PREFIX}/sites/{platform['site'].pk}/mailboxes/{mailbox.pk}/messages"
    response = client.post(url, message_fields(**fields))
    assert response.status_code == status, response.content.decode()
    return response


def lookup(client, code, status=200, **extra):
    response = client.post(
        f"{PREFIX}/messages/lookup", {"code": code}, content_type="application/json", **extra
    )
    assert response.status_code == status, response.content.decode()
    return response


def pdf(name="材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def png(name="照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")


def docx(name="情况说明.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))
