from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may do what: Wagtail groups and permissions derived from role assignments, kept in
    step by receivers. No models of its own."""

    name = "cms.access"
    label = "access"

    def ready(self):
        from . import receivers  # noqa: F401
