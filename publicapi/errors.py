"""Parameter errors in Chinese, one message per field."""

from django.utils.translation import gettext as _

from .schemas import NO_NUL


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind.startswith("int_"):
        return _("Must be a whole number.")
    if kind.startswith("date_"):
        return _("Must be a date in the form YYYY-MM-DD.")
    if kind.startswith("bool_"):
        return _("Must be true or false.")
    if kind == "greater_than_equal":
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le")}
    if kind == "literal_error":
        # pydantic words the list in English ("'a', 'b' or 'c'"); keep only the choices.
        choices = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Must be one of: %(choices)s.") % {"choices": choices}
    if kind == "string_too_long":
        return _("At most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NO_NUL:
        return _("Must not contain the NUL character (U+0000).")
    if kind == "missing":
        return _("This parameter is required.")
    return _("Invalid value.")


def field_messages(errors: list[dict]) -> dict[str, str]:
    messages = {}
    for error in errors:
        name = str(error.get("loc", ["", "?"])[-1])
        messages.setdefault(name, _message(error))
    return messages
