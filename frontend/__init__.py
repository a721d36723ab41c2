"""The public website: a separate Django project that reads only the platform's public HTTP API.

It has no database and imports nothing of the CMS (import-linter holds it to that), so a county can
run it on another host behind its own web server. Pages are rendered on the server, readable
without JavaScript; every API answer is kept and revalidated with its ETag (:mod:`frontend.api`).
"""
