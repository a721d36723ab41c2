from .base import BasePage
from .columns import ColumnPage
from .images import PlatformImage, PlatformRendition
from .items import ContentItemPage, NewsPage, NoticePage, ResponsePage, TopicPage
from .releases import Release, ReleasedPageLink
from .root import SiteRootPage
from .sources import ReprintSource

__all__ = [
    "BasePage",
    "ColumnPage",
    "ContentItemPage",
    "NewsPage",
    "NoticePage",
    "PlatformImage",
    "PlatformRendition",
    "Release",
    "ReleasedPageLink",
    "ReprintSource",
    "ResponsePage",
    "SiteRootPage",
    "TopicPage",
]
