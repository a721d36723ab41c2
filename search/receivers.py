from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import embedded


@receiver(post_migrate)
def full_text_survives_table_rebuilds(sender, app_config=None, using="default", **kwargs):
    """After every ``migrate`` (and ``flush``), once: the full-text structure put back if a
    migration rebuilt the index's table (SQLite drops its triggers then)."""
    if app_config is None or app_config.name != "search":
        return
    if embedded.TABLE in connections[using].introspection.table_names():
        embedded.install(connection=connections[using])
