"""Rich text is reduced to the platform's allowlist when it is saved (R13): whatever an editor
posts through the admin, the database and the public API never hold script, event handlers,
``javascript:`` links, iframes or foreign embeds; the allowed markup survives."""

import json
from types import SimpleNamespace

import pytest

from cms.content.models import NewsPage
from cms.content.richtext import sanitise_html
from cms.organisation.models import Role
from tests import factories

HOSTILE_BODY = (
    '<p onclick="steal()">第一段<script src="https://evil.example/x.js"></script></p>'
    '<p><strong>加粗</strong> <a href="javascript:alert(2)">恶意链接</a> '
    '<a href="https://www.gov.cn/zhengce/">中国政府网</a> '
    '<a linktype="page" id="{target}">相关新闻</a></p>'
    '<iframe src="https://evil.example/frame"></iframe>'
    '<embed embedtype="media" url="https://evil.example/video"/>'
    '<p><img src="https://evil.example/x.png" onerror="alert(3)"></p>'
    '<embed alt="示意图" embedtype="image" format="left" id="{image}"/>'
)
# Nothing of these may remain, in the database or in the public API.
FORBIDDEN = (
    "<script",
    "onclick",
    "javascript:",
    "<iframe",
    'embedtype="media"',
    "onerror",
    "evil.example",
)


@pytest.fixture
def html_editor(settings):
    settings.WAGTAILADMIN_RICH_TEXT_EDITORS = {
        "default": {"WIDGET": "tests.factories.HtmlRichTextArea"}
    }


@pytest.fixture
def newsroom(db):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=owner)
    column = factories.column(site.root_page, "政务要闻", owner=owner, slug="zwyw")
    target = factories.news(column, "相关新闻")
    picture = factories.image("示意图")
    return SimpleNamespace(
        owner=owner,
        site=site,
        column=column,
        target=target,
        picture=picture,
        body=HOSTILE_BODY.format(target=target.pk, image=picture.pk),
        officer=factories.user("xinxiyuan", unit=owner, role=Role.INFO_OFFICER),
    )


def _assert_clean(html: str) -> None:
    for fragment in FORBIDDEN:
        assert fragment not in html, (fragment, html)


def _assert_allowed_markup_kept(html: str, newsroom) -> None:
    assert "<p>第一段" in html, html
    assert "<strong>加粗</strong>" in html, html
    assert '<a href="https://www.gov.cn/zhengce/">中国政府网</a>' in html, html
    assert f'<a linktype="page" id="{newsroom.target.pk}">相关新闻</a>' in html, html
    assert 'embedtype="image"' in html and f'id="{newsroom.picture.pk}"' in html, html


def test_published_body_is_clean_in_the_database_and_the_api(
    client, newsroom, html_editor, django_capture_on_commit_callbacks
):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    factories.login(client, factories.superuser())
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data.update(body=newsroom.body)

    with django_capture_on_commit_callbacks(execute=True):
        response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.live and stored.live_revision_id == stored.latest_revision_id
    _assert_clean(stored.body)
    _assert_allowed_markup_kept(stored.body, newsroom)
    _assert_clean(stored.live_revision.content["body"])

    detail = client.get(f"/api/v1/sites/{newsroom.site.pk}/pages/{item.pk}")
    assert detail.status_code == 200
    body = json.loads(detail.content)["body"]
    _assert_clean(body)
    assert "<strong>加粗</strong>" in body
    assert '<a href="https://www.gov.cn/zhengce/">中国政府网</a>' in body
    address = f"{newsroom.site.root_url}/{newsroom.column.slug}/{newsroom.target.slug}/"
    assert f'<a href="{address}">相关新闻</a>' in body
    assert "linktype" not in body and "<embed" not in body
    assert '<img alt="示意图"' in body and "/media/released/" in body
    _assert_clean(detail.content.decode())


def test_draft_saved_by_an_information_officer_is_clean(client, newsroom, html_editor):
    """Cleaning happens when the revision is saved, not when it is published or read."""
    item = factories.news(newsroom.column, "区政府召开常务会议")
    factories.login(client, newsroom.officer)
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data["body"] = newsroom.body

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.latest_revision_id != stored.live_revision_id
    draft = stored.latest_revision.content["body"]
    _assert_clean(draft)
    _assert_allowed_markup_kept(draft, newsroom)
    assert stored.get_latest_revision_as_object().body == draft


def test_new_page_is_stored_clean(client, newsroom, html_editor):
    factories.login(client, newsroom.officer)
    url = f"/admin/pages/add/content/newspage/{newsroom.column.pk}/"
    data = factories.page_form(client, url)
    data.update(title="新的新闻", slug="xin", source="区政府办公室", body=newsroom.body)

    response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(slug="xin")
    _assert_clean(stored.body)
    _assert_allowed_markup_kept(stored.body, newsroom)
    _assert_clean(stored.latest_revision.content["body"])


def test_the_stock_editor_cannot_smuggle_a_javascript_link(client, newsroom):
    """Draftail posts its own JSON; a hand-made payload with a javascript: link is cleaned too."""
    item = factories.news(newsroom.column, "区政府召开常务会议")
    factories.login(client, newsroom.officer)
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data["body"] = json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": "点击这里 加粗 政府网",
                    "inlineStyleRanges": [{"offset": 5, "length": 2, "style": "BOLD"}],
                    "entityRanges": [
                        {"offset": 0, "length": 4, "key": 0},
                        {"offset": 8, "length": 3, "key": 1},
                    ],
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "javascript:alert(1)"},
                },
                "1": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "https://www.gov.cn/"},
                },
            },
        }
    )

    response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    draft = NewsPage.objects.get(pk=item.pk).latest_revision.content["body"]
    _assert_clean(draft)
    assert "<b>加粗</b>" in draft
    assert '<a href="https://www.gov.cn/">政府网</a>' in draft


def test_saving_without_the_admin_cleans_too(newsroom):
    item = newsroom.column.add_child(
        instance=NewsPage(
            title="导入的新闻", slug="daoru", source="区政府办公室", body=newsroom.body, live=False
        )
    )
    stored = NewsPage.objects.get(pk=item.pk).body
    _assert_clean(stored)
    _assert_allowed_markup_kept(stored, newsroom)


def test_script_and_style_text_does_not_survive_as_content():
    cleaned = sanitise_html(
        "<p>正文</p><script>alert('x')</script><style>p{color:red}</style><p>结尾</p>"
    )
    assert cleaned == "<p>正文</p><p>结尾</p>"
