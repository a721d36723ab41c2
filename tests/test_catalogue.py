"""Chinese first: every string our code marks for translation has a zh_Hans translation, and the
compiled catalogue that ships with the code says the same as its source."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
TEMPLATE_TAG = re.compile(r"{%\s*(?:translate|trans)\s+\"([^\"]+)\"")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _unescape(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _po_entries() -> dict[str, str]:
    """msgid -> msgstr from the .po source (single-form entries, as we use)."""
    entries: dict[str, str] = {}
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.setdefault("__fuzzy__", block)
        parts = re.findall(
            r'^(msgid|msgstr|msgid_plural|msgstr\[0\])\s+((?:".*"\n?)+)', block + "\n", re.M
        )
        values = {}
        for key, raw in parts:
            values[key] = "".join(
                bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                for s in re.findall(r'"(.*)"', raw)
            )
        if values.get("msgid"):
            entries[values["msgid"]] = values.get("msgstr", values.get("msgstr[0]", ""))
    return entries


def _marked_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "cms").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in TRANSLATORS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    for path in (ROOT / "templates").rglob("*.html"):
        found.update(TEMPLATE_TAG.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_marked_string_is_translated_into_chinese():
    entries = _po_entries()
    assert "__fuzzy__" not in entries, entries.get("__fuzzy__")
    missing = sorted(s for s in _marked_strings() if not entries.get(s))
    assert not missing, f"untranslated (run `make messages` and translate): {missing}"
    not_chinese = sorted(
        msgid
        for msgid, msgstr in entries.items()
        if CJK.search(msgid) is None and CJK.search(msgstr) is None and msgid != "__fuzzy__"
    )
    assert not not_chinese, f"translations without any Chinese: {not_chinese}"


def test_compiled_catalogue_matches_its_source():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries().items():
        assert compiled.gettext(msgid) == msgstr, msgid


def test_translations_keep_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    lost = {
        msgid: msgstr
        for msgid, msgstr in _po_entries().items()
        if msgid != "__fuzzy__"
        and sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(msgstr))
    }
    assert not lost, lost
