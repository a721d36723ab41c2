"""Chinese first: every string our code marks for translation has a zh_Hans translation, and the
compiled catalogue that ships with the code says the same as its source.

Our translations of Wagtail's own strings (locale_wagtail/: its django and djangojs domains) are
held to the same rules, and each still names a string of the Wagtail installed: one that Wagtail
renames or drops after an upgrade shows up here. tests/test_admin_chinese.py reads the pages."""

import ast
import gettext
import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
WAGTAIL_PO = ROOT / "locale_wagtail" / "zh_Hans" / "LC_MESSAGES" / "django.po"
WAGTAIL_JS_PO = WAGTAIL_PO.with_name("djangojs.po")
# The public website (frontend/) runs apart from the CMS, with a catalogue of its own.
FRONTEND_PO = ROOT / "frontend" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
FRONTEND_TEMPLATES = ROOT / "templates" / "frontend"
CATALOGUES = [PO, WAGTAIL_PO, WAGTAIL_JS_PO, FRONTEND_PO]
PLURALS: dict[str, str] = {}  # msgid -> msgid_plural, filled by _po_entries
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
TEMPLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]+)"|'([^']+)')""")
BLOCK_TAG = re.compile(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
BLOCK_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _unescape(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _po_entries(po: Path = PO) -> dict[str, str]:
    """msgid -> msgstr (or msgstr[0]: Chinese has one plural form) from a .po source."""
    entries: dict[str, str] = {}
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.setdefault("__fuzzy__", block)
        parts = re.findall(
            r'^(msgctxt|msgid|msgstr|msgid_plural|msgstr\[0\])\s+((?:".*"\n?)+)',
            block + "\n",
            re.M,
        )
        values = {}
        for key, raw in parts:
            values[key] = "".join(
                bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                for s in re.findall(r'"(.*)"', raw)
            )
        if values.get("msgid"):
            # A string in context is keyed as gettext keys it: context, EOT, msgid.
            key = "\x04".join(filter(None, [values.get("msgctxt"), values["msgid"]]))
            entries[key] = values.get("msgstr", values.get("msgstr[0]", ""))
            if "msgid_plural" in values:
                PLURALS[key] = values["msgid_plural"]
    return entries


def _marked_strings(code: Path = ROOT / "cms", templates: Path = ROOT / "templates") -> set[str]:
    """The strings marked in the Python of ``code`` and in the templates under ``templates``
    (the public website's own templates only when they are asked for)."""
    found: set[str] = set()
    for path in code.rglob("*.py"):
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
    for path in templates.rglob("*.html"):
        if templates != FRONTEND_TEMPLATES and FRONTEND_TEMPLATES in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(double or single for double, single in TEMPLATE_TAG.findall(text))
        for body in BLOCK_TAG.findall(text):
            # The msgid of a block, as Django writes it: {{ name }} becomes %(name)s.
            found.add(BLOCK_VARIABLE.sub(r"%(\1)s", body.split("{% plural %}")[0]))
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


def test_every_string_of_the_public_website_is_translated_into_chinese():
    entries = _po_entries(FRONTEND_PO)
    marked = _marked_strings(ROOT / "frontend", FRONTEND_TEMPLATES)
    assert len(marked) > 100, "the website's strings were not found"
    missing = sorted(s for s in marked if not entries.get(s))
    assert not missing, f"untranslated (see frontend/locale/README.md): {missing}"
    unused = sorted(set(entries) - marked)
    assert not unused, f"translated for nobody: {unused}"
    assert all(CJK.search(msgstr) for msgstr in entries.values()), "a translation lacks Chinese"


@pytest.mark.parametrize(
    "po", CATALOGUES, ids=lambda po: f"{po.parent.parent.parent.name}/{po.name}"
)
def test_compiled_catalogue_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries(po).items():
        context, _eot, bare = msgid.rpartition("\x04")
        found = compiled.pgettext(context, bare) if context else compiled.gettext(msgid)
        assert found == msgstr, msgid


@pytest.mark.parametrize(
    "po", CATALOGUES, ids=lambda po: f"{po.parent.parent.parent.name}/{po.name}"
)
def test_translations_keep_every_placeholder(po):
    # Chinese has one plural form, said with the placeholders of the plural.
    lost = {
        msgid: msgstr
        for msgid, msgstr in _po_entries(po).items()
        if msgid != "__fuzzy__"
        and sorted(PLACEHOLDER.findall(PLURALS.get(msgid, msgid)))
        != sorted(PLACEHOLDER.findall(msgstr))
    }
    assert not lost, lost


@pytest.mark.parametrize("po", [WAGTAIL_PO, WAGTAIL_JS_PO], ids=lambda po: po.name)
def test_wagtails_strings_are_translated_into_chinese(po):
    entries = _po_entries(po)
    assert "__fuzzy__" not in entries, entries.get("__fuzzy__")
    # Chinese, or nothing to say in words ("%(time)s", "%(field_label)s："), never empty.
    not_chinese = sorted(
        msgid
        for msgid, msgstr in entries.items()
        if not msgstr
        or not CJK.search(msgstr)
        and re.search(r"[A-Za-z]", PLACEHOLDER.sub("", re.sub(r"<[^>]*>", "", msgstr)))
    )
    assert not not_chinese, f"translations without any Chinese: {not_chinese}"


@pytest.mark.parametrize("po", [WAGTAIL_PO, WAGTAIL_JS_PO], ids=lambda po: po.name)
def test_every_wagtail_translation_names_a_string_of_the_installed_wagtail(po):
    """A msgid Wagtail renamed or dropped would be translated for nobody."""
    wagtail_ids = set()
    for source in Path(wagtail.__file__).parent.glob(f"**/locale/en/LC_MESSAGES/{po.name}"):
        wagtail_ids.update(_po_entries(source))
    stale = sorted(set(_po_entries(po)) - wagtail_ids)
    assert not stale, f"not a string of Wagtail {wagtail.__version__}: {stale}"


def test_our_catalogue_and_wagtails_agree_where_they_meet():
    """A msgid in both catalogues is said by ours (first in LOCALE_PATHS): the same words, so
    moving a string from one to the other changes nothing on screen."""
    ours, wagtails = _po_entries(PO), _po_entries(WAGTAIL_PO)
    differ = {
        m: (ours[m], wagtails[m]) for m in set(ours) & set(wagtails) if ours[m] != wagtails[m]
    }
    assert not differ, differ


def test_wagtails_catalogue_comes_after_ours_and_before_wagtails_own():
    assert settings.LOCALE_PATHS == [ROOT / "locale", ROOT / "locale_wagtail"]
