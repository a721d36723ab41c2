"""A small platform whose live pages link to the loopback server and to pages of their own site:
built through the project's real services (factories publish as a cleared review does, the
read model renders on commit, filing is ``archive.filing``)."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.models import Page, Site

from archive.filing import file_pages
from archive.models import ArchiveReason
from cms.content.models import ColumnPage
from cms.organisation.models import Unit
from tests import factories

from .server import LoopbackServer, closed_port


@dataclass
class Platform:
    site: Site
    office: Unit
    bureau: Unit
    news_column: ColumnPage
    school_column: ColumnPage
    target: Page
    filed: Page
    source: Page
    school_item: Page
    urls: dict[str, str]

    def internal(self, path: str) -> str:
        return f"http://{self.site.hostname}{path}"


def body_linking(urls: dict[str, str]) -> str:
    return "<p>" + " ".join(f'<a href="{url}">{name}</a>' for name, url in urls.items()) + "</p>"


def build(server: LoopbackServer) -> Platform:
    office = factories.unit("测试县人民政府办公室")
    bureau = factories.unit("测试县教育局")
    site = factories.site("测试县人民政府", sponsor=office)
    news_column = factories.column(site.root_page, "动态要闻", owner=office, slug="xinwen")
    school_column = factories.column(site.root_page, "教育动态", owner=bureau, slug="jiaoyu")
    target = factories.news(news_column, "仍然在线的新闻")
    filed = factories.news(news_column, "将要归档的新闻")
    default_storage.save("documents/real.pdf", ContentFile(b"%PDF-1.4"))
    urls = {
        "ok": server.url("/ok"),
        "moved": server.url("/moved"),
        "missing": server.url("/missing"),
        "broken": server.url("/broken"),
        "no_head": server.url("/no-head"),
        "slow": server.url("/slow"),
        "refused": f"http://127.0.0.1:{closed_port()}/ok",
        "nowhere": f"http://{site.hostname}/no/such/page/",
        "relative": "/xinwen/",
        "file": "/media/documents/real.pdf",
        "no_file": "/media/documents/gone.pdf",
        "mail": "mailto:xinxi@example.gov.cn",
    }
    body = body_linking(urls)[: -len("</p>")]
    body += f' <a linktype="page" id="{target.pk}">在线</a>'
    body += f' <a linktype="page" id="{filed.pk}">归档</a></p>'
    source = factories.news(news_column, "链接汇总", body=body)
    school_item = factories.news(
        school_column, "招生通知", body=body_linking({"missing": urls["missing"]})
    )
    file_pages([filed.pk], reason=ArchiveReason.MANUAL)
    return Platform(
        site=site,
        office=office,
        bureau=bureau,
        news_column=news_column,
        school_column=school_column,
        target=target,
        filed=filed,
        source=source,
        school_item=school_item,
        urls=urls,
    )


def republish(page: Page, body: str) -> Page:
    """A new revision of ``page`` with ``body``, live as a cleared review leaves it."""
    page = page.get_latest_revision_as_object()
    page.body = body
    factories.publish_reviewed(page.save_revision())
    return page
