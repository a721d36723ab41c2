"""Django's events on the shared library; each hands over to :mod:`cms.content.library`."""

from django.db.models.signals import pre_delete
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .library import assert_deletable


def refuse_deleting_shown_document(sender, instance, **kwargs):
    assert_deletable("documents", instance.pk)


def refuse_deleting_shown_image(sender, instance, **kwargs):
    assert_deletable("images", instance.pk)


def connect() -> None:
    # The library's models are swappable settings: connected once the app registry is ready.
    pre_delete.connect(
        refuse_deleting_shown_document, sender=get_document_model(), dispatch_uid="library_doc"
    )
    pre_delete.connect(
        refuse_deleting_shown_image, sender=get_image_model(), dispatch_uid="library_image"
    )
