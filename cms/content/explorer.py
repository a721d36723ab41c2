"""The page explorer of a column at the scale of the platform: what it reads grows with the
column, not with the platform.

Wagtail's explorer (``ExplorableIndexView`` with ``GenericPageFilterSet``) offers, in the filters
of every listing, every owner of any page of the platform and every person who ever edited one
(two ``DISTINCT`` over the page table and the log of a million pages), every site and every page
type; and it limits the rows to the person's explorable pages with one ``ancestor_of`` query per
page permission the person holds, OR-ed into the listing's query and its count.

A column (and whatever sits below it) is listed by :class:`ColumnExplorerView` instead, through
Wagtail's own mechanism for a page type's explorer: a ``PageViewSet`` registered for
``ColumnPage`` whose ``parent_models`` are the column (:class:`ColumnViewSet`, registered in
``wagtail_hooks.py``). It differs from Wagtail's in these things only:

* the filters offer the owners, editors, page types and site of the column's own pages
  (:class:`ColumnPageFilterSet`); what a chosen filter does is Wagtail's;
* each row's permission tester is built once for the listing (:func:`one_tester_per_row`):
  Wagtail's row templates and its listing buttons ask each row for a new tester some ten times,
  each going through every page permission the person holds;
* the site root paths are read once for the listing, not once a row
  (:func:`one_read_of_site_root_paths`);
* the cells are written out in Python (:mod:`cms.content.explorer_rows`), the same HTML as
  Wagtail's cell templates;
* when the person holds an explorer permission on the column or above it, every page below it is
  explorable (Wagtail's permissions are inherited down the tree), so the permission filter,
  which could not remove a row, is left out (:func:`explores_everything_below`); a person who
  reaches pages below only through permissions further down keeps Wagtail's filter, and so does
  a search of the whole tree.

What this relies on of Wagtail beyond its documented API — the filterset's filter names, the
view's ``get_base_queryset`` and ``permission_policy``, a page's ``_get_site_root_paths`` and
``_get_relevant_site_root_paths`` — is checked by ``tests/content/test_explorer.py``, which
fails when an upgrade changes it.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry, Site

from .explorer_rows import written_out
from .models import ColumnPage
from .tree import ancestor_paths

# The permissions that make a page explorable (Wagtail's ``explorable_instances``).
EXPLORE_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock", "bulk_delete"})

# The filters whose choices are scoped to the listed column (names of Wagtail's filterset).
SCOPED_FILTERS = ("owner", "edited_by", "site", "content_type")


def pages_below(parent: Page):
    """Every page below ``parent``, at any depth: what the explorer's filters search."""
    return Page.objects.filter(path__startswith=parent.path, depth__gt=parent.depth).order_by()


def explores_everything_below(user, parent: Page, policy) -> bool:
    """Whether ``user`` holds an explorer permission on ``parent`` or a page above it: then every
    page below ``parent`` is one of the explorable pages of Wagtail's page ``policy`` for
    ``user``."""
    if user.is_superuser:
        return True
    if not user.is_active:
        return False
    return any(
        perm.permission.codename.rsplit("_", maxsplit=1)[0] in EXPLORE_ACTIONS
        and parent.path.startswith(perm.page.path)
        for perm in policy.get_cached_permissions_for_user(user)
    )


def one_tester_per_row(pages, user) -> None:
    """Each of ``pages`` answers ``permissions_for_user(user)`` with one tester, built now: the
    rows of a listing, read and rendered once, not changed."""
    for page in pages:
        page.permissions_for_user = _answering(page.permissions_for_user, user)


def one_read_of_site_root_paths(pages) -> None:
    """Each of ``pages`` finds its site among the site root paths read once for the listing.

    Wagtail's "View live" button and the status tag ask each row for its URL, which reads the
    platform's site root paths from the cache, builds them anew and scans them all for the ones
    above the page (Wagtail keeps them on the request only when it is given one): at 300 sites,
    about 0.6 ms a row, 30 ms a listing. Here they are read once, and each row is given the ones
    above it, found by its path's own prefixes.
    """
    paths = Site.get_site_root_paths()
    by_root: dict[str, list] = defaultdict(list)
    for index, root in enumerate(paths):
        by_root[root.root_path].append((index, root))
    for page in pages:
        above = sorted(
            found for prefix in _prefixes(page.url_path) for found in by_root.get(prefix, ())
        )
        page._get_site_root_paths = lambda cache_object=None, **kwargs: paths
        page._get_relevant_site_root_paths = (
            lambda cache_object=None, _above=tuple(root for _, root in above): _above
        )


def _prefixes(url_path: str):
    """``/a/b/`` -> ``/``, ``/a/``, ``/a/b/``: where a site root path above it may end."""
    end = url_path.find("/")
    while end != -1:
        yield url_path[: end + 1]
        end = url_path.find("/", end + 1)


def _answering(permissions_for_user, user):
    tester = permissions_for_user(user)

    def answer(asked):
        if getattr(asked, "pk", None) == user.pk:
            return tester
        return permissions_for_user(asked)

    return answer


class ColumnPageFilterSet(GenericPageFilterSet):
    """Wagtail's explorer filters, their choices taken from the pages below ``parent_page``."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, parent_page=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if parent_page is None:
            return
        below = pages_below(parent_page)
        # The column's people and types first, by the tree's path index (a few hundred rows),
        # then their rows: as one query, PostgreSQL's planner may walk every page of each person
        # or type of the platform (by the owner's or the type's index) to find the column's.
        owners = below.filter(owner__isnull=False).values_list("owner_id", flat=True)
        editors = (
            PageLogEntry.objects.filter(action="wagtail.edit", page__in=below, user__isnull=False)
            .order_by()
            .values_list("user_id", flat=True)
        )
        types = below.values_list("content_type_id", flat=True)
        people = get_user_model().objects.order_by()
        self.filters["owner"].queryset = people.filter(pk__in=list(owners.distinct()))
        self.filters["edited_by"].queryset = people.filter(pk__in=list(editors.distinct()))
        self.filters["content_type"].queryset = ContentType.objects.filter(
            pk__in=list(types.distinct())
        )
        self.filters["site"].queryset = Site.objects.filter(
            root_page__path__in=ancestor_paths(parent_page)
        )


class ColumnExplorerView(ExplorableIndexView):
    """Wagtail's explorer, its filters scoped to the column and without a permission filter
    that cannot remove a row (see the module's docstring)."""

    base_filterset_class = ColumnPageFilterSet

    @cached_property
    def filterset_class(self):
        return ColumnPageFilterSet

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "parent_page": self.parent_page}

    @cached_property
    def explorable_columns(self):
        return [written_out(column) for column in super().explorable_columns]

    def get_table(self, object_list):
        one_tester_per_row(object_list, self.request.user)
        one_read_of_site_root_paths(object_list)
        return super().get_table(object_list)

    def get_base_queryset(self):
        if self.is_searching_whole_tree or not explores_everything_below(
            self.request.user, self.parent_page, self.permission_policy
        ):
            return super().get_base_queryset()
        if self.is_searching or self.is_filtering:
            pages = self.model._default_manager.descendant_of(self.parent_page)
        else:
            pages = self.model._default_manager.child_of(self.parent_page)
        return self.annotate_queryset(pages)


class ColumnViewSet(PageViewSet):
    """Wagtail's page views for columns, with :class:`ColumnExplorerView` listing what is in a
    column."""

    model = ColumnPage
    index_view_class = ColumnExplorerView
    filterset_class = ColumnPageFilterSet

    @cached_property
    def parent_models(self):
        return [ColumnPage]

    def get_index_view_kwargs(self, **kwargs):
        # What is in a column is pages of any type, as in Wagtail's explorer of any other page.
        return super().get_index_view_kwargs(**{"model": Page, **kwargs})
