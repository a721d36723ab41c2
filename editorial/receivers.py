"""Wagtail's events the review reacts to; each hands over to the module that decides."""

from django.apps import apps as global_apps
from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Revision, TaskState, WorkflowState

from . import schema
from .gate import NotCleared, assert_may_go_live, schedule_refusal
from .services import review_restart


@receiver(pre_save)
def refuse_unreviewed_live_content(sender, instance, raw=False, update_fields=None, **kwargs):
    """Runs for every model; the gate looks only at content items. ``raw`` covers fixtures."""
    if isinstance(instance, Page):
        assert_may_go_live(instance, update_fields)


@receiver(pre_save, sender=Revision)
def refuse_unreviewed_schedule(sender, instance, raw=False, **kwargs):
    reason = schedule_refusal(instance)
    if reason:
        raise NotCleared(reason)


@receiver(post_save, sender=Revision)
def new_revision_restarts_review(sender, instance, created, **kwargs):
    """Any new revision of an item under review sends it back to the first review."""
    if not created or instance.base_content_type_id is None:
        return
    workflow_state = (
        WorkflowState.objects.active()
        .filter(base_content_type_id=instance.base_content_type_id, object_id=instance.object_id)
        .select_related("current_task_state")
        .first()
    )
    current = workflow_state.current_task_state if workflow_state else None
    if (
        current is not None
        and current.status == TaskState.STATUS_IN_PROGRESS
        and current.revision_id != instance.pk
        and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    ):
        review_restart(workflow_state, user=instance.user)


@receiver(post_migrate)
def guards_and_indexes_survive_table_rebuilds(sender, app_config=None, using="default", **kwargs):
    """After every ``migrate`` (and ``flush``), once: the guards and the queue's indexes put
    back if a migration rebuilt their table (SQLite)."""
    if app_config is not None and app_config.name == "editorial":
        schema.restore_after_migrate(kwargs.get("apps") or global_apps, using)
