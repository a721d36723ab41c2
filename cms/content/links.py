"""Rich-text links as the public sees them."""

from django.utils.html import escape
from wagtail.models import Site
from wagtail.rich_text.pages import PageLinkHandler


class PublicPageLinkHandler(PageLinkHandler):
    """A page link points to the page's public address: its site's root URL and its path below
    the site root. The platform is headless (it serves no page), so Wagtail's own handler, which
    reverses the page-serving view, has no address to give."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        roots = Site.get_site_root_paths()
        return [cls._anchor(page, roots) for page in cls.get_many(attrs_list)]

    @staticmethod
    def _anchor(page, roots) -> str:
        if page is None:
            return "<a>"
        for root in roots:
            if page.url_path.startswith(root.root_path):
                address = root.root_url + "/" + page.url_path[len(root.root_path) :]
                return f'<a href="{escape(address)}">'
        return "<a>"
