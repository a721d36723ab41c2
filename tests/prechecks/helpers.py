"""Independent helpers for the tests: check characters computed here, not by the code tested."""

ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2


def with_id_check(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_id_check(first17: str) -> str:
    right = with_id_check(first17)[-1]
    return first17 + ("0" if right != "0" else "1")


def with_luhn(body: str) -> str:
    """``body`` followed by its Luhn check digit."""
    for digit in "0123456789":
        candidate = body + digit
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def without_luhn(body: str) -> str:
    good = with_luhn(body)
    return body + str((int(good[-1]) + 1) % 10)


def english(text) -> str:
    """A (lazy) message rendered in English: what the code put in it, whatever the state of the
    zh_Hans catalogue, which others maintain."""
    from django.utils import translation

    with translation.override("en"):
        return str(text)
