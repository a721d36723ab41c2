"""Benchmarks at platform scale.

``python -m bench.generate`` fills a database with a whole platform (sites, units, column trees
and content pages of every type, live with one revision each, plus the public API's read
model) by bulk inserts, far faster than Wagtail's page-by-page API. See :mod:`bench.generate`.
"""
