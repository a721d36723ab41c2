"""Nothing starts a review of a filed page, whichever way it is submitted."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Page, WorkflowState

from .state import assert_not_archived


@receiver(pre_save, sender=WorkflowState)
def refuse_review_of_filed_page(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is not None:
        return
    page = Page.objects.filter(pk=instance.object_id).first()
    if page is not None:
        assert_not_archived(page)
