from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages
from wagtail.permissions import register_permission_policy

from .permissions import library_permission_policies
from .structure import ONLY_ADMINS_ADD_COLUMNS, may_create

# Before anything asks for them (Wagtail's advice: at the top of wagtail_hooks.py): only
# superusers delete a file of the library.
for _model, _policy in library_permission_policies():
    register_permission_policy(_model, _policy, exact_class=True)


@hooks.register("before_create_page")
def refuse_what_the_role_may_not_create(request, parent_page, page_class):
    if not may_create(request.user, page_class):
        messages.error(request, ONLY_ADMINS_ADD_COLUMNS)
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None
