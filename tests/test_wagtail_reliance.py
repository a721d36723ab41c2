"""What the platform relies on in Wagtail beyond its documented API, checked against the Wagtail
installed: an upgrade that changes any of it fails here, by name, before it fails in production.

Each test names the module that relies on it; change both together.
"""

import ast
import hashlib
import importlib.util
import inspect
import re
from pathlib import Path

import pytest
import wagtail
from django.apps import apps
from django.db import connection
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.search.backends import database as database_backend
from wagtail.search.backends import get_search_backend

from cms.content import treepaths, wagtail_internals
from editorial import gate
from editorial.models import ReviewTaskState

ROOT = Path(__file__).resolve().parent.parent

# Wagtail's columns our SQL names (triggers, indexes, bulk inserts), by table.
COLUMNS_IN_OUR_SQL = {
    "wagtailcore_page": {"id", "path", "live", "live_revision_id", "owner_id"},
    "wagtailcore_revision": {"id", "user_id", "content", "object_id", "content_type_id"},
    "wagtailcore_taskstate": {"id", "workflow_state_id", "revision_id", "started_at"},
    "wagtailcore_workflowstate": {"id", "created_at"},
    "wagtailcore_pagelogentry": {"page_id", "revision_id", "action", "timestamp"},
    "wagtailcore_modellogentry": {"content_type_id"},
}
SQL_MODULES = ("editorial/dbguards.py", "editorial/schema.py", "archive/filing.py")

# The columns ``archive.filing`` writes when it files pages in bulk (one INSERT per batch).
FILING_LOG_COLUMNS = {
    "page_id",
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
}

# Page fields whose change on a live item changes what the public reads (``editorial.gate``
# compares them with the reviewed revision); every other field of Wagtail's Page is bookkeeping.
PUBLIC_PAGE_FIELDS = {"title", "slug", "seo_title", "search_description", "show_in_menus"}


def _wagtail_tables() -> dict[str, set[str]]:
    return {
        model._meta.db_table: {field.column for field in model._meta.concrete_fields}
        for model in apps.get_app_config("wagtailcore").get_models()
    }


def test_our_sql_names_only_tables_and_columns_wagtail_has():
    tables = _wagtail_tables()
    named = set()
    for module in SQL_MODULES:
        named |= set(re.findall(r"wagtailcore_[a-z]+", (ROOT / module).read_text()))
    assert named == set(COLUMNS_IN_OUR_SQL), f"Declare here what the SQL of {named} relies on"
    for table, columns in COLUMNS_IN_OUR_SQL.items():
        assert table in tables, f"Wagtail no longer has the table {table}"
        assert columns <= tables[table], f"{table} lost {columns - tables[table]}"


@pytest.mark.django_db
def test_the_tables_exist_in_the_database_as_named():
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        assert set(COLUMNS_IN_OUR_SQL) <= existing
        for table, columns in COLUMNS_IN_OUR_SQL.items():
            described = {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            assert columns <= described, table


def test_filing_writes_every_column_of_wagtails_page_log():
    """``archive.filing`` inserts log entries in bulk with a column list: a column Wagtail adds
    (NOT NULL, say) must be written there too."""
    columns = {field.column for field in PageLogEntry._meta.concrete_fields} - {"id"}
    assert columns == FILING_LOG_COLUMNS
    source = (ROOT / "archive/filing.py").read_text()
    assert "(page_id, content_type_id, label, action, data, timestamp, uuid, user_id, " in source


def test_every_field_of_wagtails_page_is_either_public_or_bookkeeping():
    """A field an upgrade adds to Page must be classed by ``editorial.gate``: if the public reads
    it, a change of it on a live item needs review."""
    fields = {field.attname for field in Page._meta.concrete_fields}
    assert fields - gate._BOOKKEEPING == PUBLIC_PAGE_FIELDS
    assert gate._BOOKKEEPING - fields == {"page_ptr_id"}  # the column of each specific type


def test_a_shown_revision_takes_its_structure_from_fields_wagtail_has():
    """The read model renders an item from its live revision, its place in the tree from its
    row (``cms.content.wagtail_internals.as_revision_says``): every structural name is a field
    of Page, and ``from_serializable_data`` still takes ``check_fks``."""
    fields = {field.attname for field in Page._meta.concrete_fields}
    assert set(wagtail_internals.STRUCTURE) <= fields
    assert "check_fks" in inspect.signature(Page.from_serializable_data).parameters


def test_embedded_images_are_found_in_rich_text_as_releases_read_them():
    """``cms.content.releases`` reads the images a rich text embeds (and their format) with
    Wagtail's embed-tag pattern and attribute parser."""
    html = '<p>x</p><embed alt="地图" embedtype="image" format="fullwidth" id="42"/><p>y</p>'
    assert list(wagtail_internals.embeds(html)) == [
        {"alt": "地图", "embedtype": "image", "format": "fullwidth", "id": "42"}
    ]


@pytest.mark.django_db
def test_bulk_tree_paths_are_those_treebeard_writes():
    """The demo and the benchmark insert pages at the paths ``cms.content.treepaths`` computes
    with treebeard's private helpers: those treebeard gives the same children one by one."""
    parent = Page.get_first_root_node().add_child(instance=Page(title="栏目", slug="lanmu"))
    children = [
        parent.add_child(instance=Page(title=f"第{n}页", slug=f"page-{n}")) for n in range(1, 38)
    ]
    assert [child.path for child in children] == [
        treepaths.child_path(parent.path, n) for n in range(1, 38)
    ]
    assert children[35].path.endswith("0010")  # the 36th: the alphabet is 0-9A-Z
    assert [treepaths.child_number(child.path) for child in children] == list(range(1, 38))
    assert treepaths.child_path("0001", treepaths.MAX_CHILDREN) == "0001ZZZZ"
    with pytest.raises(ValueError):
        treepaths.child_path("0001", treepaths.MAX_CHILDREN + 1)


# Wagtail templates a block of which ours copies, changing one thing, by the digest of Wagtail
# 8.0's file: the stage icons of the workflow listings
# (templates/editorial/includes/workflow_task_icons.html), and the page types offered
# (cms/access/structure.py); and one whose block ours renders as it is, giving it the name of
# pages the page search leaves out (its ``model_name``).
COPIED_TEMPLATE_BLOCKS = {
    "wagtailadmin/pages/listing/_page_title_column_header.html": (
        "6edca9f62c0dd8440e8193141d4c3d9319525f599cd56ff349668c4f7d9a9fa1"
    ),
    "wagtailadmin/pages/add_subpage.html": (
        "405554e0773c16ee0e1a2482d9ca01042abb74c5ad94ad63af9807da0c410d8d"
    ),
    "wagtailadmin/shared/workflow_history/listing_results.html": (
        "820aff326236a1f0640d9f3f567f5be64eff61b2a7a7d5d9e7ead96e171284eb"
    ),
    "wagtailadmin/reports/workflow_results.html": (
        "20f14a3abb6b47a35d591e619a54503ec69b24e0ef8bdf9d9ac03750b0105734"
    ),
}


@pytest.mark.parametrize("name", sorted(COPIED_TEMPLATE_BLOCKS))
def test_the_template_blocks_we_copy_are_wagtails_as_copied(name):
    original = Path(wagtail.__file__).parent / "admin" / "templates" / name
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    assert digest == COPIED_TEMPLATE_BLOCKS[name], (
        f"Wagtail changed {name}: copy its block again into templates/{name}, keeping our one "
        "change (the template's comment says which), and record the new digest."
    )
    assert (ROOT / "templates" / name).exists()


def test_our_approval_entry_has_the_shape_wagtails_formatter_reads():
    """``ReviewTaskState.log_state_change_action`` writes an approval's entry itself, naming the
    stage that will open; its data must stay what Wagtail's own method writes."""
    ours = inspect.getsource(ReviewTaskState.log_state_change_action)
    wagtails = inspect.getsource(TaskState.log_state_change_action)
    keys = set(re.findall(r'"(\w+)":', wagtails))
    assert keys == {"workflow", "id", "title", "status", "task_state_id", "task", "next", "comment"}
    assert keys <= set(re.findall(r'"(\w+)":', ours))
    assert 'action=f"wagtail.workflow.{action}"' in wagtails
    assert "self.workflow_state.get_next_task()" in wagtails


# What ``search.wagtail_backend`` relies on in the database backends under Wagtail's search
# (modelsearch 1.3, with Wagtail 8.0.1), by the digest of its source: the vendor index reads an
# object only through ``get_search_fields()``, each field's ``get_value()`` and ``pk`` (so an
# object seen through the backend's view is indexed in words), and the query compilers split a
# ``PlainText`` on spaces into terms joined by its operator, the last a prefix for autocomplete
# (so a query's words joined by spaces are asked one by one).
SEGMENTED_SEARCH_RELIES_ON = {
    "modelsearch.backends.database.sqlite.sqlite:ObjectIndexer": (
        "ecf8495e4c4b6be0544a612bdf4c059a2eb469f0d82fdcd53e144974cfe28a84"
    ),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteIndex.add_items": (
        "c48707b3a2e490066fbbf5b91c0c94e4f28fecd83ebe6e755516098c6ebe0e6c"
    ),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler"
    ".build_search_query_content": (
        "28e66fe3c21e2acad85aa1a4a83053781d928485d9b805569421d7f90a741324"
    ),
    "modelsearch.backends.database.postgres.postgres:ObjectIndexer": (
        "31380b22f2e0f8e1e5c8bfb5e1fe19c68215c08e510cad0c92a1bfbcd5ce81d5"
    ),
    "modelsearch.backends.database.postgres.postgres:PostgresIndex.add_items": (
        "ada217d2c4eb42cddace3f66f5934497dd6c7883aa21f0167e374cdecdd5322a"
    ),
    "modelsearch.backends.database.postgres.postgres:PostgresSearchQueryCompiler"
    ".build_tsquery_content": ("09bcabaee2a1ae803cb4cc37d03715aab22bbf91c56484eee4ce4ab77d6843c2"),
}


def _source_of(name: str) -> str:
    """The source of ``module:qualname``, read from its file: the SQLite module cannot be
    imported on PostgreSQL (its FTS model exists only on SQLite), nor the other way round."""
    module_name, qualname = name.split(":")
    path = importlib.util.find_spec(module_name).origin
    source = Path(path).read_text(encoding="utf-8")
    nodes = ast.parse(source).body
    for part in qualname.split("."):
        node = next(
            node
            for node in nodes
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == part
        )
        nodes = node.body
    return ast.get_source_segment(source, node)


@pytest.mark.parametrize("name", sorted(SEGMENTED_SEARCH_RELIES_ON))
def test_the_admin_search_in_words_relies_on_the_index_and_queries_as_they_were(name):
    digest = hashlib.sha256(_source_of(name).encode()).hexdigest()
    assert digest == SEGMENTED_SEARCH_RELIES_ON[name], (
        f"Wagtail's search changed {name}: check that search/wagtail_backend.py still indexes "
        "and asks in words (its docstring says what it relies on; tests/search/"
        "test_admin_search.py shows it), then record the new digest."
    )


def test_the_admin_search_backend_is_wagtails_own_in_words():
    """``search.wagtail_backend`` subclasses whichever backend Wagtail's database backend picks,
    and its index: nothing else of them is replaced."""
    backend = get_search_backend()
    vendor = type(database_backend.SearchBackend({}))
    assert type(backend).__mro__[2] is vendor
    assert type(backend.get_index_for_model(Page)).__mro__[2] is vendor.index_class
    assert set(vars(type(backend))) <= {"index_class", "__module__", "__doc__"}
