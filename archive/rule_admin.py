"""The archive rules in the admin: a website administrator sees and sets the rules of the sites
their unit runs (sponsor or operator), and nothing else; superusers see every site's."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from cms.content.models import ColumnPage
from cms.organisation.access import units_in_reach
from cms.sites.models import SiteIdentity, run_by

from .filing import ARCHIVE_ROLES
from .models import ArchiveRule


def sites_administered(user):
    if user.is_superuser:
        return Site.objects.all()
    units = units_in_reach(user, ARCHIVE_ROLES)
    runs = SiteIdentity.objects.filter(run_by(units))
    return Site.objects.filter(pk__in=runs.values("site_id"))


def rules_for(user):
    return ArchiveRule.objects.filter(site__in=sites_administered(user))


class ArchiveRuleForm(WagtailAdminModelForm):
    class Meta:
        model = ArchiveRule
        fields = ["site", "column", "kind", "max_age_days", "enabled", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            sites = sites_administered(self.for_user)
            self.fields["site"].queryset = sites
            roots = Q(pk__in=[])
            for path in sites.values_list("root_page__path", flat=True):
                roots |= Q(path__startswith=path)
            self.fields["column"].queryset = ColumnPage.objects.filter(roots).order_by("path")

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit)


class _Scoped:
    def get_object(self, queryset=None):
        rule = super().get_object(queryset)
        if not rules_for(self.request.user).filter(pk=rule.pk).exists():
            raise Http404
        return rule


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return rules_for(self.request.user).select_related("site", "column")


class EditView(_Scoped, generic.EditView):
    pass


class DeleteView(_Scoped, generic.DeleteView):
    pass


class ArchiveRuleViewSet(ModelViewSet):
    model = ArchiveRule
    form_class = ArchiveRuleForm
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    icon = "folder-inverse"
    menu_label = _("Archive rules")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["__str__", "kind", "max_age_days", "enabled"]
    list_filter = ["kind", "enabled"]

    def get_form_class(self, for_update=False):
        return ArchiveRuleForm
