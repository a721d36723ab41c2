"""Writing pages in bulk: the one writer shared by the demo (``cms.demo``) and the benchmark
generator (``bench``).

Wagtail writes a page at a time (``add_child``, ``save_revision``, ``publish``), each call
updating its parent and the search and reference indexes. Loading thousands to a million pages
that way takes hours, so both loaders write rows instead, through these modules:

* :mod:`.rows`: a table's rows, prepared by the model fields themselves and written with COPY on
  PostgreSQL or ``executemany`` on SQLite; primary keys reserved up front; a writer thread;
* :mod:`.revisions`: a revision's content as ``save_revision()`` stores it;
* :mod:`.pages`: a page's rows (the shared page row, its type's row, its many-to-many rows and
  its one revision), as Wagtail's own path would leave them for a page published once.

Tree paths come from :mod:`cms.content.treepaths`, the one module that relies on treebeard's
private helpers.
"""
