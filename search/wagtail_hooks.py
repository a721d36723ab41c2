"""The search's admin: the synonym dictionary (edited by website administrators), and the
queries citizens asked that found nothing (read only)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MissedQuery, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms"]


class MissedQueryViewSet(SnippetViewSet):
    model = MissedQuery
    icon = "warning"
    menu_label = _("Queries without results")
    list_display = ["query", "site", "count", "last_asked_at"]
    list_filter = ["site"]
    ordering = ["-count", "-last_asked_at"]
    search_fields = ["query"]


register_snippet(SynonymViewSet)
register_snippet(MissedQueryViewSet)
