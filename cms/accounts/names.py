"""How a person's name is written: a Chinese name family name first, with no space (朱玲琳, never
"玲琳 朱"); any other as Django writes it (given name, space, family name).

Wagtail and Django show a person through ``User.get_full_name()`` everywhere (the admin's
history, workflows and listings, mails, the editorial API). The platform keeps Django's user
model, so :func:`install` gives that method this rule, once, at start-up; the test of this
module checks through Wagtail's own display function that it holds.
"""

import re

from django.contrib.auth import get_user_model

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def full_name(first_name: str, last_name: str) -> str:
    given, family = (first_name or "").strip(), (last_name or "").strip()
    if HAN.search(given + family):
        return f"{family}{given}"
    return f"{given} {family}".strip()


def _get_full_name(user) -> str:
    return full_name(user.first_name, user.last_name)


def install() -> None:
    get_user_model().get_full_name = _get_full_name
