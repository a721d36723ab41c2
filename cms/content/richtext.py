"""One allowlist for every piece of HTML editors can enter, applied once, when it is saved.

The stored form is Wagtail's database format (``<a linktype="page" id="3">``,
``<embed embedtype="image" …>``); it is cleaned before it is saved, so the read path never
cleans anything. Script, event handlers, ``javascript:`` links, iframes and embeds other than
images of our own library never survive.
"""

import re

import bleach
from wagtail.fields import RichTextField

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "h5",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "sub",
        "sup",
        "ol",
        "ul",
        "li",
        "a",
        "embed",
        "hr",
        "blockquote",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "linktype", "id"],
    "embed": ["embedtype", "id", "format", "alt"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
]

_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
# Stripping a tag keeps its text; a script's or a style's text is code, not content.
_EXECUTABLE_BLOCK = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_FOREIGN_EMBED = re.compile(r"<embed\b(?![^>]*\bembedtype=\"image\")[^>]*>", re.IGNORECASE)
_LINKTYPES = re.compile(r"\blinktype=\"(?!(?:page|document)\")[^\"]*\"", re.IGNORECASE)
# Wagtail's database format closes embeds (``<embed …/>``) and only expands them in that form;
# the HTML serialiser writes void elements without the slash.
_EMBED_TAG = re.compile(r"<embed\b((?:[^>\"]|\"[^\"]*\")*?)\s*/?>", re.IGNORECASE)
# The same for the other void elements the editor writes: its parser needs ``<br/>``.
_VOID_TAG = re.compile(r"<(br|hr)\s*/?>", re.IGNORECASE)


def sanitise_html(html: str | None) -> str:
    """Return ``html`` reduced to the platform's allowlist."""
    if not html:
        return ""
    cleaned = _cleaner.clean(_EXECUTABLE_BLOCK.sub("", html))
    cleaned = _FOREIGN_EMBED.sub("", cleaned)
    cleaned = _EMBED_TAG.sub(r"<embed\1/>", cleaned)
    cleaned = _VOID_TAG.sub(r"<\1/>", cleaned)
    return _LINKTYPES.sub("", cleaned)


class SanitisedRichTextField(RichTextField):
    """A rich-text field whose value is cleaned when validated and again when saved.

    ``clean`` runs in ``full_clean`` (so revisions store clean HTML); ``pre_save`` covers
    saves that skip validation. Cleaning clean HTML changes nothing.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        return sanitise_html(super().clean(value, model_instance))

    def pre_save(self, model_instance, add):
        value = sanitise_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
