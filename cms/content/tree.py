"""Facts read off Wagtail's materialised paths, without a query."""

from wagtail.models import Page


def ancestor_paths(page: Page) -> list[str]:
    """The paths of ``page``'s ancestors, root first, and of ``page`` itself, last."""
    return [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
