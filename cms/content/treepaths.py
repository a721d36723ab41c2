"""Tree paths for pages written in bulk, as treebeard writes them one page at a time.

The demo and the benchmark's generator insert thousands to a million pages without treebeard's
``add_child`` (one page per call, each updating its parent). They compute materialised paths
here, the one module that relies on treebeard's private path helpers;
``tests/test_wagtail_reliance.py`` checks it against a tree treebeard builds itself.
"""

from wagtail.models import Page

STEPLEN = Page.steplen
ALPHABET = Page.alphabet
MAX_CHILDREN = len(ALPHABET) ** STEPLEN - 1


def child_path(parent_path: str, number: int) -> str:
    """The path of the ``number``-th child (from 1) of the page at ``parent_path``."""
    if not 0 < number <= MAX_CHILDREN:
        raise ValueError(f"A page cannot have {number} children (steplen {STEPLEN}).")
    return Page._get_path(parent_path, len(parent_path) // STEPLEN + 1, number)


def child_number(path: str) -> int:
    """Which child of its parent the page at ``path`` is (1 for the first)."""
    return Page._str2int(path[-STEPLEN:])
