from wagtail.permissions import register_permission_policy

from .permissions import library_permission_policies

# Before anything asks for them (Wagtail's advice: at the top of wagtail_hooks.py): only
# superusers delete a file of the library.
for _model, _policy in library_permission_policies():
    register_permission_policy(_model, _policy, exact_class=True)
