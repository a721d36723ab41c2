"""The knowledge base's admin: the questions the automatic answers could not answer, most asked
first, for curation; how much each entry and guide is used; the expiry in the audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .expiry import EXPIRED_LOG_ACTION
from .models import AskedQuestion, EntryPopularity


class AskedQuestionViewSet(SnippetViewSet):
    model = AskedQuestion
    icon = "help"
    menu_label = _("Unanswered questions")
    list_display = ["question", "site", "count", "last_asked_at", "state", "entry"]
    list_filter = ["state", "site"]
    ordering = ["-count", "-last_asked_at"]
    search_fields = ["question", "topic_key"]
    # Curation: an entry that now answers it, or not for the knowledge base.
    panels = [FieldPanel("state"), PageChooserPanel("entry", "knowledgebase.KnowledgeEntryPage")]


class EntryPopularityViewSet(SnippetViewSet):
    model = EntryPopularity
    icon = "pick"
    menu_label = _("Popular questions")
    list_display = ["page", "views", "matches", "last_matched_at"]
    ordering = ["-matches", "-views"]
    inspect_view_enabled = True


register_snippet(AskedQuestionViewSet)
register_snippet(EntryPopularityViewSet)


class ExpiredFormatter(LogFormatter):
    label = _("Expired")
    message = _("Taken offline: the answer's validity ended")


@hooks.register("register_log_actions")
def knowledgebase_log_actions(actions):
    actions.register_action(EXPIRED_LOG_ACTION)(ExpiredFormatter)
