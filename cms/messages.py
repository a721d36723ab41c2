"""Messages with parameters that are translated when shown, not when made."""

from typing import Any

from django.utils.functional import Promise, lazy


def _interpolate(msgid, params: dict[str, Any]) -> str:
    return str(msgid) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def message(msgid: Promise | str, **params: Any) -> Promise:
    """``msgid % params`` rendered in the language active when the message is shown.

    ``gettext_lazy("…") % params`` would translate at once, in the language of the moment; a
    message may be stored, or shown to someone with another language.
    """
    return _lazy_interpolate(msgid, params)
