"""The WeChat article export of an item with an image and a video in its text, a cover, and
a video and a file attached: what the public sees, rewritten to WeChat's rules, with every
medium listed and what cannot be carried said in Chinese — nothing silently dropped."""

import json
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model

from cms.content.models import PlatformImage
from newmedia.distribution import worker
from newmedia.distribution.models import Channel, Delivery, State
from tests import factories


def _png(colour: str) -> ImageFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "PNG")
    return ImageFile(buffer, name=f"{colour}.png")


@pytest.fixture
def exported(client, staffed_site, django_capture_on_commit_callbacks):
    channel = Channel.objects.create(
        unit=staffed_site.office, name="某区发布 微信公众号", adapter="wechat_export"
    )
    channel.columns.add(staffed_site.column)
    video = get_document_model().objects.create(
        title="发布会视频", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="briefing.mp4")
    )
    report = get_document_model().objects.create(
        title="工作报告", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
    figure = PlatformImage.objects.create(title="示意图", file=_png("blue"))
    cover = PlatformImage.objects.create(title="会议现场", file=_png("white"))
    with django_capture_on_commit_callbacks(execute=True):
        item = factories.news(
            staffed_site.column,
            "区政府召开新闻发布会",
            summary="发布会通报了上半年经济运行情况。",
            body=(
                "<p>发布会通报了上半年经济运行情况。</p>"
                f'<embed alt="示意图" embedtype="image" format="left" id="{figure.pk}"/>'
                f'<p>观看<a linktype="document" id="{video.pk}">发布会视频</a>。</p>'
                '<p>详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p>'
            ),
            cover_image=cover,
            attachments=[
                ("attachment", {"document": video, "title": "发布会全程视频"}),
                ("attachment", {"document": report, "title": ""}),
            ],
        )
    assert worker.deliver_due()["delivered"] == 1
    public = json.loads(client.get(f"/api/v1/sites/{staffed_site.site.pk}/pages/{item.pk}").content)
    delivery = Delivery.objects.get()
    document = json.loads((Path(settings.MEDIA_ROOT) / delivery.result["file"]).read_text())
    return delivery, document, public, item


def test_the_channel_gets_what_the_public_sees(exported):
    delivery, _document, public, _item = exported
    assert delivery.state == State.DELIVERED
    for name in ("title", "summary", "body", "cover", "attachments", "source"):
        assert delivery.payload[name] == public[name], name


def test_the_article_in_wechats_format(exported, staffed_site):
    _delivery, document, public, item = exported
    article = document["article"]
    host = f"http://{staffed_site.site.hostname}"
    assert article["title"] == "区政府召开新闻发布会"
    assert article["author"] == "测试区人民政府办公室"
    assert article["digest"] == "发布会通报了上半年经济运行情况。"
    assert article["content_source_url"] == f"{host}/zwyw/{item.slug}/"
    assert article["thumb_url"] == host + public["cover"]["url"]
    content = article["content"]
    # The image stays, from the public release, at an absolute address, listed for upload.
    assert "released/" in content and f'<img src="{host}/' in content
    # The video link cannot be carried: replaced by a marked line; the outside link is text.
    assert "发布会视频" in content and "briefing" not in content
    assert "[视频：发布会视频" in content
    assert "中国政府网（https://www.gov.cn/zhengce/）" in content and "<a " not in content
    # No tag WeChat refuses, no class attributes of the site's image formats.
    assert "class=" not in content and "<embed" not in content


def test_every_medium_is_listed_and_the_uncarried_said_in_chinese(exported):
    _delivery, document, _public, _item = exported
    kinds = [(entry["kind"], entry["action"]) for entry in document["media"]]
    assert kinds == [
        ("image", "upload"),
        ("video", "not_carried"),
        ("video", "not_carried"),
        ("file", "not_carried"),
        ("thumb", "upload"),
    ]
    notes = "\n".join(document["notes"])
    assert "视频“发布会视频”无法随图文消息" in notes
    assert "视频“发布会全程视频”无法随图文消息" in notes
    assert "“工作报告”" in notes
    assert "中国政府网" in notes
    assert "工作报告" in document["article"]["content"]


def test_the_export_downloads_in_the_admin(client, staffed_site, exported):
    delivery, document, _public, _item = exported
    factories.login(client, staffed_site.people.webmaster)
    response = client.get(reverse("newmedia_delivery_export", args=[delivery.pk]))
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content)) == document
    factories.login(client, staffed_site.people.author)
    response = client.get(reverse("newmedia_delivery_export", args=[delivery.pk]))
    assert response.status_code in (403, 404)


def test_a_takedown_exports_the_instruction_to_delete(client, staffed_site, exported):
    _delivery, _document, _public, item = exported
    factories.login(client, staffed_site.people.webmaster)
    client.post(reverse("editorial_takedown", args=[item.pk]), {"reason": "内容有误"})
    assert worker.deliver_due()["delivered"] == 1
    withdrawal = Delivery.objects.latest("pk")
    text = (Path(settings.MEDIA_ROOT) / withdrawal.result["file"]).read_text()
    assert "区政府召开新闻发布会" in text and "删除" in text
