"""What a menu structure (栏目设置) is: at most three levels, written one item a line.

An account's menu is written as text, one item a line, each level indented by two more spaces
(or a full-width space) than its parent; a note follows a ``|``::

    政务公开
      通知公告
      政策文件 | 每周更新
    办事服务

:func:`parse` turns it into the stored form, a list of ``{"name", "note", "children"}``;
:func:`render` turns the stored form back into text. Deeper than three levels, an indented first
line or a line indented further than one level below the line above are refused with the line's
number.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LEVELS = 3
INDENT = 2

TOO_DEEP = _("Line %(line)d: a menu has at most three levels (一级、二级、三级菜单).")
FIRST_INDENTED = _("Line %(line)d: the first item is a first-level menu, not indented.")
SKIPS_LEVEL = _("Line %(line)d: indented more than one level below the line above.")
NO_NAME = _("Line %(line)d: the menu item has no name.")
NAME_TOO_LONG = _("Line %(line)d: a menu item's name has at most 40 characters.")


def _level(line: str) -> int:
    expanded = line.replace("\u3000", " " * INDENT).replace("\t", " " * INDENT)
    spaces = len(expanded) - len(expanded.lstrip(" "))
    return spaces // INDENT


def parse(text: str) -> list[dict]:
    """The stored menu of ``text``; raises ValidationError naming every wrong line."""
    roots: list[dict] = []
    stack: list[list[dict]] = [roots]
    errors: list[ValidationError] = []
    previous = -1
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        level = _level(raw)
        name, _sep, note = raw.strip().partition("|")
        name, note = name.strip(), note.strip()
        params = {"line": number}
        if level >= MAX_LEVELS:
            errors.append(ValidationError(TOO_DEEP, params=params))
            continue
        if previous < 0 and level > 0:
            errors.append(ValidationError(FIRST_INDENTED, params=params))
            continue
        if level > previous + 1:
            errors.append(ValidationError(SKIPS_LEVEL, params=params))
            continue
        if not name:
            errors.append(ValidationError(NO_NAME, params=params))
            continue
        if len(name) > 40:
            errors.append(ValidationError(NAME_TOO_LONG, params=params))
            continue
        node = {"name": name, "note": note, "children": []}
        del stack[level + 1 :]
        stack[level].append(node)
        stack.append(node["children"])
        previous = level
    if errors:
        raise ValidationError(errors)
    return roots


def render(menu: list[dict] | None) -> str:
    lines: list[str] = []

    def walk(nodes, level):
        for node in nodes or []:
            note = f" | {node['note']}" if node.get("note") else ""
            lines.append(" " * (INDENT * level) + node["name"] + note)
            walk(node.get("children"), level + 1)

    walk(menu, 0)
    return "\n".join(lines)


def rows(menu: list[dict] | None) -> list[dict]:
    """The menu as the registration form's table: one row per item at its deepest level, with
    the first-, second- and third-level names (a parent named on its first row only)."""
    table: list[dict] = []

    def walk(nodes, path):
        for node in nodes or []:
            here = [*path, node["name"]]
            if node.get("children"):
                if node.get("note"):
                    table.append(_row(here, node["note"]))
                walk(node["children"], here)
            else:
                table.append(_row(here, node.get("note", "")))

    walk(menu, [])
    previous: list[str] = []
    for row in table:
        full = list(row["levels"])
        for index in (0, 1):
            if full[: index + 1] == previous[: index + 1] and full[index]:
                row["levels"][index] = ""
        previous = full
    return table


def _row(path: list[str], note: str) -> dict:
    levels = [*path, "", "", ""][:3]
    return {"levels": levels, "note": note}
