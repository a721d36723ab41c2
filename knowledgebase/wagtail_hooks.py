"""The knowledge base's admin: the questions the automatic answers could not answer, most asked
first, for curation; how much each entry and guide is used; the expiry in the audit log."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from .drafting import DRAFTED_LOG_ACTION
from .expiry import EXPIRED_LOG_ACTION
from .mailbox.admin_views import sites_administered
from .models import AskedQuestion, EntryPopularity


def _site_ids(user) -> set[int]:
    return set(sites_administered(user).values_list("pk", flat=True))


class AskedQuestionPolicy(ModelPermissionPolicy):
    """A website administrator curates the questions asked on the sites their unit runs, and
    those asked across the platform."""

    def _reaches(self, user, instance) -> bool:
        return instance.site_id is None or instance.site_id in _site_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._reaches(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._reaches(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.model.objects.filter(Q(site__isnull=True) | Q(site__in=_site_ids(user)))


class AskedQuestionEditView(EditView):
    """Wagtail's edit view checks the model permission only: the instance's site too."""

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", question):
            raise PermissionDenied
        return question


class AskedQuestionViewSet(SnippetViewSet):
    model = AskedQuestion
    icon = "help"
    menu_label = _("Unanswered questions")
    list_display = ["question", "site", "count", "last_asked_at", "state", "entry"]
    list_filter = ["state", "site"]
    edit_view_class = AskedQuestionEditView
    ordering = ["-count", "-last_asked_at"]
    search_fields = ["question", "topic_key"]
    # Curation: an entry that now answers it, or not for the knowledge base.
    panels = [FieldPanel("state"), PageChooserPanel("entry", "knowledgebase.KnowledgeEntryPage")]

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["view", "change"]
        )


class EntryPopularityViewSet(SnippetViewSet):
    model = EntryPopularity
    icon = "pick"
    menu_label = _("Popular questions")
    list_display = ["page", "views", "matches", "last_matched_at"]
    ordering = ["-matches", "-views"]
    inspect_view_enabled = True


register_permission_policy(AskedQuestion, AskedQuestionPolicy(AskedQuestion))
register_snippet(AskedQuestionViewSet)
register_snippet(EntryPopularityViewSet)


class ExpiredFormatter(LogFormatter):
    label = _("Expired")
    message = _("Taken offline: the answer's validity ended")


@hooks.register("register_log_actions")
def knowledgebase_log_actions(actions):
    actions.register_action(EXPIRED_LOG_ACTION)(ExpiredFormatter)
    drafted = _("Drafted as a knowledge base entry")
    actions.register_action(DRAFTED_LOG_ACTION, drafted, drafted)
