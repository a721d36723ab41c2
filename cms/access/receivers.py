"""Keep derived Wagtail groups in step with role assignments."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from cms.content.models import ColumnPage
from cms.organisation.models import RoleAssignment, Unit, UnitCollection, unit_moved

from .permissions import (
    place_unit_collection,
    sync_model_permissions,
    sync_unit_chain,
    sync_user_groups,
    unit_collection,
    unit_collections,
)


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def role_assignment_changed(sender, instance, **kwargs):
    sync_user_groups(instance.user)


@receiver(post_save, sender=ColumnPage)
def column_saved(sender, instance, update_fields=None, **kwargs):
    """A new column, or one handed to another unit, changes what the roles above its owner reach
    (and what the previous owner's roles reach). Saving a draft does not touch the owner."""
    if update_fields is not None and "responsible_unit" not in update_fields:
        return
    unit_ids = {instance.responsible_unit_id} | set(
        GroupPagePermission.objects.filter(page=instance).values_list(
            "group__unit_role__unit_id", flat=True
        )
    )
    for unit in Unit.objects.filter(pk__in=unit_ids):
        sync_unit_chain(unit)


@receiver(post_save, sender=Unit)
def unit_saved(sender, instance, created, raw=False, **kwargs):
    """A new unit gets its collection of the library below its parent unit's, so in reach of
    the roles above it without a grant of its own; a renamed unit's collection takes its new
    name."""
    if raw:
        return
    if created:
        unit_collection(instance)
        return
    if UnitCollection.objects.filter(unit=instance).exists():
        unit_collections([instance])


@receiver(unit_moved, sender=Unit)
def unit_moved_in_the_tree(sender, instance, previous_parent_id, **kwargs):
    """A moved unit's collection moves below its new parent unit's, taking the files and the
    collections below it: the roles above it now reach them, those above it before no longer
    (no library grant changes). The columns it and the units below it own change hands the
    same way: the role groups of both chains are re-derived."""
    place_unit_collection(instance)
    sync_unit_chain(instance)
    previous = Unit.objects.filter(pk=previous_parent_id).first()
    if previous is not None:
        sync_unit_chain(previous)


@receiver(post_migrate)
def role_permissions_follow_the_release(sender, app_config=None, **kwargs):
    """Once every app has migrated (and Django has created the permissions of new models), the
    role groups get the model and library permissions their roles grant in this release."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is with_models[-1]:
        sync_model_permissions()
