"""Monitoring and reports (R4, R5, R30, R31): the platform watches its own sites.

Each sub-app is a Django app of its own; they depend one way (import-linter's
``monitoring-inside`` contract in ``pyproject.toml``):

* ``standing``: the daily inspection against the veto items (单项否决) and the warnings it sends;
* ``links``: every link of live content checked (错断链), with its history;
* ``content``: live content rescanned with the 错敏词 dictionary;
* ``reports``: monthly reminders, quarterly circulars and the yearly report (年度报表);
* ``dashboard``: the admin's monitoring page for each person's units.
"""
