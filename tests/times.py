"""The moments an API response holds, for the tests of the one form of a time (R17)."""


def moments(data, keys=frozenset()) -> list[tuple[str, str]]:
    """Every ``(key, value)`` anywhere in ``data`` whose key ends in ``_at`` or is in ``keys``
    and whose value is a string."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if (key in keys or key.endswith("_at")) and isinstance(value, str):
                found.append((key, value))
            else:
                found.extend(moments(value, keys))
    elif isinstance(data, list):
        for value in data:
            found.extend(moments(value, keys))
    return found
