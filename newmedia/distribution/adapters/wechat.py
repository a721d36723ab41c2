"""``wechat_export``: the item as a WeChat official-account article (图文消息), written to a file
under ``MEDIA_ROOT/newmedia/wechat/`` that the admin offers as a download.

The article has the fields of WeChat's draft API (``title``, ``author``, ``digest``,
``content``, ``content_source_url`` — the item's public address —, ``thumb_media_id``); the
file adds ``media``, what must be uploaded or cannot be carried, and ``notes``, in Chinese,
for the person who posts it:

* images in the text stay where they are, with the site's address; each is listed, to be
  uploaded to WeChat (uploadimg) and its address replaced, as WeChat shows no outside image;
* the cover is listed, to be uploaded as permanent material whose media_id goes into
  ``thumb_media_id``; an item without a cover says so (WeChat needs one);
* video and audio (linked files, attachments, an interpretation's media address) cannot be
  carried in an article: each is replaced by a marked line in the text and listed, to be
  uploaded on the platform and inserted by hand;
* links outside WeChat cannot be followed in an article: each becomes its text with the
  address after it; attachments become a list at the end, to be read at the original;
* only WeChat's allowed tags are kept; nothing is dropped without a note.

A withdrawal writes a file that says which article to delete. Nothing is contacted.
"""

import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import delivered, register

EXPORT_DIR = "newmedia/wechat"
# WeChat's own limits on an article's fields (characters).
TITLE_MAX, AUTHOR_MAX, DIGEST_MAX = 64, 16, 120
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "sub",
        "sup",
        "ol",
        "ul",
        "li",
        "blockquote",
        "section",
        "span",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
VOID_TAGS = frozenset({"br", "hr", "img"})
VIDEO = re.compile(r"\.(mp4|m4v|mov|avi|wmv|flv|mkv|webm|mpe?g|3gp)(\?|$)", re.IGNORECASE)
AUDIO = re.compile(r"\.(mp3|m4a|wav|aac|ogg|wma|amr)(\?|$)", re.IGNORECASE)
WECHAT_HOSTS = ("mp.weixin.qq.com",)


def _kind(url: str) -> str:
    if VIDEO.search(url or ""):
        return "video"
    if AUDIO.search(url or ""):
        return "audio"
    return "file"


def _uncarried_note(kind: str, name: str) -> str:
    if kind == "video":
        return _(
            "Video “%(name)s” cannot be carried in a WeChat article: upload it on the WeChat "
            "platform (video material) and insert it where the text is marked."
        ) % {"name": name}
    return _(
        "Audio “%(name)s” cannot be carried in a WeChat article: upload it on the WeChat "
        "platform (audio material) and insert it where the text is marked."
    ) % {"name": name}


class _Article(HTMLParser):
    """The public body rewritten for WeChat, with what it lists."""

    def __init__(self, base: str, media: list, notes: list):
        super().__init__(convert_charrefs=True)
        self.base, self.media, self.notes = base, media, notes
        self.out: list[str] = []
        self.link: dict[str, Any] | None = None

    def _write(self, text: str) -> None:
        if self.link is not None:
            self.link["text"].append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.link = {"href": urljoin(self.base, attrs.get("href") or ""), "text": []}
            if not attrs.get("href"):
                self.link["href"] = ""
            return
        if tag == "img":
            src = urljoin(self.base, attrs.get("src") or "")
            alt = attrs.get("alt") or ""
            self.media.append(
                {
                    "kind": "image",
                    "url": src,
                    "alt": alt,
                    "action": "upload",
                    "note": _(
                        "Upload this image to WeChat (uploadimg) and replace its address in "
                        "the content: WeChat shows no image from outside."
                    ),
                }
            )
            self._write(f'<img src="{escape(src)}" alt="{escape(alt)}">')
            return
        if tag in ALLOWED_TAGS:
            self._write(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            link, self.link = self.link, None
            text = "".join(link["text"]).strip()
            href = link["href"]
            kind = _kind(href)
            if not href:
                self.out.append(text)
            elif kind in ("video", "audio"):
                name = text or href
                self.media.append(
                    {
                        "kind": kind,
                        "url": href,
                        "title": name,
                        "action": "not_carried",
                        "note": _uncarried_note(kind, name),
                    }
                )
                self.out.append(escape(self._marker(kind, name)))
            elif urlsplit(href).hostname in WECHAT_HOSTS:
                self.out.append(f'<a href="{escape(href)}">{text}</a>')
            else:
                self.out.append(f"{text}（{escape(href)}）")
                self.notes.append(
                    _(
                        "The link “%(text)s” leads outside WeChat, where an article's readers "
                        "cannot follow it: it is written out as text with its address."
                    )
                    % {"text": strip_tags(text)}
                )
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self._write(f"</{tag}>")

    def handle_data(self, data):
        self._write(escape(data, quote=False))

    @staticmethod
    def _marker(kind: str, name: str) -> str:
        if kind == "video":
            return _("[Video: %(name)s — insert on the WeChat platform]") % {"name": name}
        return _("[Audio: %(name)s — insert on the WeChat platform]") % {"name": name}

    def html(self) -> str:
        return "".join(self.out)


def _shorten(text: str, limit: int, field: str, notes: list) -> str:
    if len(text) <= limit:
        return text
    notes.append(
        _("The %(field)s is longer than WeChat allows (%(limit)s characters) and was shortened.")
        % {"field": field, "limit": limit}
    )
    return text[: limit - 1] + "…"


def article(payload: dict[str, Any]) -> dict[str, Any]:
    """The WeChat article of an item's public payload, with its media list and notes."""
    base = payload.get("url") or ""
    media: list[dict[str, Any]] = []
    notes: list[str] = []
    parser = _Article(base, media, notes)
    parser.feed(payload.get("body") or "")
    parser.close()
    content = parser.html()

    extra = []
    media_url = payload.get("media_url")
    if media_url:
        kind = _kind(media_url) if _kind(media_url) != "file" else "video"
        title = payload.get("title", "")
        media.append(
            {
                "kind": kind,
                "url": media_url,
                "title": title,
                "action": "not_carried",
                "note": _uncarried_note(kind, title),
            }
        )
        extra.append(f"<p>{escape(_Article._marker(kind, title))}</p>")
    files = []
    for attachment in payload.get("attachments") or []:
        url = urljoin(base, attachment.get("url") or "")
        name = attachment.get("title") or url
        kind = _kind(url)
        if kind in ("video", "audio"):
            media.append(
                {
                    "kind": kind,
                    "url": url,
                    "title": name,
                    "action": "not_carried",
                    "note": _uncarried_note(kind, name),
                }
            )
            extra.append(f"<p>{escape(_Article._marker(kind, name))}</p>")
        else:
            media.append(
                {
                    "kind": "file",
                    "url": url,
                    "title": name,
                    "action": "not_carried",
                    "note": _(
                        "A WeChat article cannot carry the file “%(name)s”: it is listed at "
                        "the end, to be read at the original (阅读原文)."
                    )
                    % {"name": name},
                }
            )
            files.append(f"<li>{escape(name)}</li>")
    if files:
        extra.append(
            "<p>"
            + escape(_("Attachments (see the original):"))
            + "</p><ul>"
            + "".join(files)
            + "</ul>"
        )
    content += "".join(extra)

    cover = payload.get("cover") or None
    thumb_url = urljoin(base, cover["url"]) if cover and cover.get("url") else None
    if thumb_url:
        media.append(
            {
                "kind": "thumb",
                "url": thumb_url,
                "action": "upload",
                "note": _(
                    "Upload the cover as permanent material and put its media_id into "
                    "thumb_media_id."
                ),
            }
        )
    else:
        notes.append(
            _("The item has no cover image; a WeChat article needs one: choose it on the platform.")
        )
    digest = payload.get("summary") or strip_tags(payload.get("body") or "").strip()
    return {
        "article": {
            "title": _shorten(payload.get("title") or "", TITLE_MAX, _("title"), notes),
            "author": _shorten(payload.get("source") or "", AUTHOR_MAX, _("author"), notes),
            "digest": _shorten(" ".join(digest.split()), DIGEST_MAX, _("digest"), notes),
            "content": content,
            "content_source_url": payload.get("url") or "",
            "thumb_media_id": "",
            "thumb_url": thumb_url,
            "need_open_comment": 0,
            "only_fans_can_comment": 0,
        },
        "media": media,
        "notes": notes + [item["note"] for item in media if item["action"] == "not_carried"],
    }


def export_path(delivery) -> str:
    """The file's path below MEDIA_ROOT."""
    return f"{EXPORT_DIR}/{delivery.channel_id}/{delivery.page_id}-{delivery.pk}.json"


def export_document(delivery) -> dict[str, Any]:
    base = {
        "action": delivery.action,
        "delivery": str(delivery.idempotency_key),
        "item_id": delivery.page_id,
        "version": delivery.revision_id,
    }
    if delivery.action == "withdraw":
        return {
            **base,
            "content_source_url": delivery.payload.get("url"),
            "notes": [
                _(
                    "The item “%(title)s” was taken down on the website: delete the article "
                    "published from it on the WeChat platform."
                )
                % {"title": delivery.payload.get("title", "")}
            ],
        }
    document = {**base, **article(delivery.payload)}
    if delivery.action == "update":
        document["notes"].insert(
            0,
            _(
                "This is a correction of an article already sent: edit the published article "
                "on the WeChat platform (or replace it) with this content."
            ),
        )
    return document


@register
class WeChatExportAdapter:
    key = "wechat_export"
    label = gettext_lazy("WeChat article export")

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        return []

    def send(self, delivery):
        path = export_path(delivery)
        target = Path(settings.MEDIA_ROOT) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            export_document(delivery), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        # Written whole or not at all: a retry after a crash writes the same file again.
        partial = target.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        return delivered(file=path)
