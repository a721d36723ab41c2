"""A person's name as Chinese users write it: 朱玲琳, family name first, no space (issue 19)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.utils import get_user_display_name

from cms.accounts.names import full_name


@pytest.mark.parametrize(
    ("first_name", "last_name", "shown"),
    [
        ("玲琳", "朱", "朱玲琳"),
        ("建国", "欧阳", "欧阳建国"),
        (" 玲琳 ", " 朱", "朱玲琳"),
        ("平台超级管理员", "", "平台超级管理员"),
        ("Ada", "Lovelace", "Ada Lovelace"),
        ("", "", ""),
    ],
)
def test_a_full_name_is_written_in_the_order_of_its_language(first_name, last_name, shown):
    assert full_name(first_name, last_name) == shown


def test_wagtail_and_django_show_a_person_family_name_first(db):
    """Wagtail's admin, mails and the editorial API show people through these two."""
    person = get_user_model().objects.create(username="bgs_xxy", first_name="玲琳", last_name="朱")
    assert person.get_full_name() == "朱玲琳"
    assert get_user_display_name(person) == "朱玲琳"
    nameless = get_user_model().objects.create(username="bgs_kz")
    assert get_user_display_name(nameless) == "bgs_kz"
