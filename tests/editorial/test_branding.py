"""The admin is the platform's, not Wagtail's, and works on an intranet (issue 19, item 17):
its name and emblem, no avatar fetched from Gravatar, and a user guide of its own in place of
Wagtail's editor guide and release notes, which live on sites an intranet cannot reach."""

import re

from django.conf import settings

from cms.organisation.models import Role
from tests import factories


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_admin_carries_the_platforms_name_and_reaches_no_outside_site(client, db):
    officer = factories.user(
        "bgs_xxy", unit=factories.unit("某区政府办公室"), role=Role.INFO_OFFICER
    )
    officer.email = "bgs_xxy@example.gov.cn"
    officer.save()
    factories.login(client, officer)
    html = client.get("/admin/").content.decode()
    assert settings.WAGTAIL_SITE_NAME in _title(html)
    assert "Wagtail" not in _title(html)
    assert "gravatar.com" not in html
    assert "guide.wagtail.org" not in html and "wagtail.org/releases" not in html
    assert "/admin/guide/" in html  # the help menu's guide is ours

    guide = client.get("/admin/guide/")
    assert guide.status_code == 200
    text = guide.content.decode()
    assert "data-platform-guide" in text and "三审三校" in text and "撰稿与送审" in text
    assert "Wagtail" not in _title(text)


def test_the_dashboard_counts_and_search_speak_chinese(client, db):
    """Wagtail's zh_Hans catalogue leaves these in English (issue 19, item 19)."""
    factories.login(client, factories.superuser())
    html = client.get("/admin/").content.decode()
    assert not re.search(r"\d+ (Pages?|Images?|Documents?)\b", html)
    assert "Search all pages" not in html and "搜索全部页面" in html
    assert re.search(r"\d+ 个页面", html)


def test_the_login_page_is_the_platforms(client, db):
    html = client.get("/admin/login/").content.decode()
    assert f"登录{settings.WAGTAIL_SITE_NAME}" in html
    assert "Wagtail" not in _title(html) and "登录 Wagtail" not in html
    assert "政</text>" in html  # the emblem, drawn inline
    assert re.search(r"<label[^>]*>\s*密码", html) and ">Password" not in html
