"""Keep derived Wagtail groups in step with role assignments."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RoleAssignment
from .permissions import sync_user_groups


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def role_assignment_changed(sender, instance, **kwargs):
    sync_user_groups(instance.user)
