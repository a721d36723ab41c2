from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OfficialDay, TopicCategory


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "tag"
    menu_label = _("Topic categories")
    list_display = ["code", "name", "parent", "is_active"]
    search_fields = ["name", "code"]


class OfficialDayViewSet(SnippetViewSet):
    model = OfficialDay
    icon = "date"
    menu_label = _("Holiday schedule")
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]


register_snippet(TopicCategoryViewSet)
register_snippet(OfficialDayViewSet)
