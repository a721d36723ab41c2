"""What a revision shows from the shared library, read now or frozen when review cleared it.

A revision names documents, images and snippets by id, and the library can change under an id:
a new file under the same name, another title, alt text or map flag, a renamed reprint source.

* :func:`snapshot` reads what a revision shows of the library now, with a SHA-256 of every
  file's bytes. Review hashes it with the revision (``editorial/integrity.py``): a file replaced
  during review sends the item back to the first review.
* :func:`freeze` keeps it as the revision's :class:`~cms.content.models.Release` when review
  clears it, with immutable copies of the bytes (and of the images' renditions), stored by the
  SHA-256 of their bytes and never overwritten.
* :class:`ReleaseMedia` is what the public representation reads an item's files, images,
  labels and rich text through: the frozen release, never the library. Structural pages (site
  homes, columns) are not reviewed and read the library as it is (:class:`LibraryMedia`).
"""

import hashlib
import os
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text

from .media import COVER_SPEC, LABELS
from .models import Release, ReleasedPageLink
from .wagtail_internals import embeds

# Where frozen bytes live in the default storage: ``released/<sha[:2]>/<sha>/<name>``.
RELEASED_DIR = "released"


def register_label(model: type[models.Model], label: Callable[[models.Model], dict[str, Any]]):
    """Freeze ``label(obj)`` of every ``model`` object an item names: a renamed snippet then
    reaches a live item only through its next review."""
    LABELS[model._meta.label_lower] = label


def _rendition_specs() -> list[str]:
    return [COVER_SPEC, *sorted({fmt.filter_spec for fmt in get_image_formats()})]


# --- What a revision names ----------------------------------------------------------------------


def _model_references(
    obj: models.Model, prefix: str = ""
) -> Iterable[tuple[type[models.Model], str, str]]:
    """(model, id, where) for everything ``obj`` names: fields, StreamFields, rich text, and
    the same in its inline children (``where`` is "<relation>.<field>" there)."""
    for field in obj._meta.concrete_fields:
        where = prefix + field.name
        if isinstance(field, models.ForeignKey):
            value = getattr(obj, field.attname)
            if value is not None:
                yield field.related_model, str(value), where
        elif isinstance(field, StreamField):
            for model, pk, _path, _content_path in field.stream_block.extract_references(
                getattr(obj, field.name)
            ):
                yield model, str(pk), where
        elif isinstance(field, RichTextField):
            for model, pk, _path, _content_path in extract_references_from_rich_text(
                getattr(obj, field.attname) or ""
            ):
                yield model, str(pk), where
    for relation in get_all_child_relations(obj):
        accessor = relation.get_accessor_name()
        for child in getattr(obj, accessor).all():
            yield from _model_references(child, prefix=f"{prefix}{accessor}.")


def references(obj: models.Model) -> dict[str, set]:
    """What ``obj`` (as a revision holds it) names: the ids of documents, images and labelled
    snippets, and the pages it points to with where (``(page id, where)``); not the page
    itself (its own pointer, its inline rows' parent key)."""
    documents, images = get_document_model(), get_image_model()
    found: dict[str, set] = {"documents": set(), "images": set(), "labels": set(), "pages": set()}
    for model, pk, where in _model_references(obj):
        if issubclass(model, documents):
            found["documents"].add(pk)
        elif issubclass(model, images):
            found["images"].add(pk)
            found.setdefault("image_uses", set()).add((pk, where))
        elif model._meta.label_lower in LABELS:
            found["labels"].add(f"{model._meta.label_lower}:{pk}")
        elif issubclass(model, Page) and pk != str(obj.pk):
            found["pages"].add((int(pk), where))
    return found


# --- Reading the library ----------------------------------------------------------------------


def _read(field_file) -> bytes | None:
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def _document_entry(document, data: bytes | None) -> dict[str, Any]:
    return {
        "title": document.title,
        "filename": os.path.basename(document.file.name),
        "file_extension": document.file_extension,
        "size": len(data) if data is not None else None,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
    }


def _image_entry(image, data: bytes | None) -> dict[str, Any]:
    focal = None
    if image.has_focal_point():
        focal = [
            image.focal_point_x,
            image.focal_point_y,
            image.focal_point_width,
            image.focal_point_height,
        ]
    return {
        "title": image.title,
        "alt": image.default_alt_text,
        "is_map": getattr(image, "is_map", False),
        "map_approval_number": getattr(image, "map_approval_number", ""),
        "width": image.width,
        "height": image.height,
        "focal_point": focal,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
    }


def _label_entries(keys: set[str]) -> dict[str, dict[str, Any] | None]:
    by_model: dict[str, list[str]] = {}
    for key in keys:
        label, pk = key.split(":", 1)
        by_model.setdefault(label, []).append(pk)
    entries: dict[str, dict[str, Any] | None] = {}
    for label, pks in by_model.items():
        model = _model_for(label)
        found = model._default_manager.in_bulk([model._meta.pk.to_python(pk) for pk in pks])
        for pk in pks:
            obj = found.get(model._meta.pk.to_python(pk))
            entries[f"{label}:{pk}"] = LABELS[label](obj) if obj is not None else None
    return dict(sorted(entries.items()))


def _model_for(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _library(refs: dict[str, set], keep: Callable | None = None) -> dict[str, Any]:
    """What the ``references`` name in the library now; ``keep(kind, entry, object, bytes)``
    may add to an entry (the frozen copies)."""
    data: dict[str, Any] = {"documents": {}, "images": {}, "labels": {}}
    for kind, model, entry_of in (
        ("documents", get_document_model(), _document_entry),
        ("images", get_image_model(), _image_entry),
    ):
        found = model.objects.in_bulk([int(pk) for pk in refs[kind] if pk.isdigit()])
        for pk in sorted(refs[kind], key=lambda value: (len(value), value)):
            item = found.get(int(pk)) if pk.isdigit() else None
            if item is None:
                data[kind][pk] = None
                continue
            content = _read(item.file)
            entry = entry_of(item, content)
            if keep is not None and content is not None:
                keep(kind, entry, item, content)
            data[kind][pk] = entry
    data["labels"] = _label_entries(refs["labels"])
    return data


def snapshot(obj: models.Model) -> dict[str, Any]:
    """What ``obj`` (a page as a revision holds it) shows of the library now: metadata and the
    SHA-256 of each file's bytes. Nothing is written."""
    return _library(references(obj))


_FROZEN_ONLY = frozenset({"path", "renditions"})


def reviewed_part(data: dict[str, Any]) -> dict[str, Any]:
    """What review vouches for in a snapshot or a frozen release: everything but where the
    frozen copies are stored. A snapshot and the release frozen from it give the same."""
    return {
        kind: {
            key: (
                {name: value for name, value in entry.items() if name not in _FROZEN_ONLY}
                if isinstance(entry, dict)
                else entry
            )
            for key, entry in (data.get(kind) or {}).items()
        }
        for kind in ("documents", "images", "labels")
    }


# --- Freezing -------------------------------------------------------------------------------


def _store(content: bytes, filename: str) -> str:
    """Keep ``content`` under the SHA-256 of its bytes; an existing copy is never rewritten."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"{RELEASED_DIR}/{digest[:2]}/{digest}/{os.path.basename(filename) or 'file'}"
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(content))
        if stored != name:  # written beside a copy that appeared meanwhile: same bytes
            default_storage.delete(stored)
    return name


def _specs_by_image(obj: models.Model, refs: dict[str, set]) -> dict[str, set[str]]:
    """The renditions each image needs where ``obj`` shows it: a cover (an image field) its
    cover size, an image in rich text its format's size; anywhere else, every size."""
    formats = {fmt.name: fmt.filter_spec for fmt in get_image_formats()}
    rich_text = {
        field.name: getattr(obj, field.attname) or ""
        for field in obj._meta.concrete_fields
        if isinstance(field, RichTextField)
    }
    specs: dict[str, set[str]] = {}
    for pk, where in refs.get("image_uses", ()):
        field = obj._meta.get_field(where) if "." not in where else None
        if isinstance(field, models.ForeignKey):
            specs.setdefault(pk, set()).add(COVER_SPEC)
        elif where in rich_text:
            for attrs in embeds(rich_text[where]):
                if attrs.get("embedtype") == "image" and attrs.get("id") == pk:
                    fmt = formats.get(attrs.get("format"), next(iter(formats.values())))
                    specs.setdefault(pk, set()).add(fmt)
        else:
            specs.setdefault(pk, set()).update(_rendition_specs())
    return specs


def _keep_copies(specs: dict[str, set[str]]) -> Callable:
    def keep(kind: str, entry: dict[str, Any], item, content: bytes) -> None:
        entry["path"] = _store(content, item.file.name)
        if kind == "images":
            entry["renditions"] = _renditions(item, content, specs.get(str(item.pk), set()))

    return keep


def freeze_rendition(image, spec: str) -> tuple[str, str] | None:
    """Freeze ``image``'s rendition ``spec`` as the image is now, the way a release freezes the
    images a reviewed page shows: the stored copy's path and the SHA-256 of the source bytes;
    None when the image has no readable file. Later edits of the library change neither."""
    content = _read(image.file)
    if content is None:
        return None
    made = _renditions(image, content, {spec}).get(spec)
    if made is None:
        return None
    return made["path"], hashlib.sha256(content).hexdigest()


def source_digest(image) -> str | None:
    """The SHA-256 of ``image``'s file as it is now (None: unreadable)."""
    content = _read(image.file)
    return None if content is None else hashlib.sha256(content).hexdigest()


def _renditions(item, content: bytes, specs: set[str]) -> dict[str, dict[str, Any]]:
    renditions = {}
    for spec in sorted(specs):
        try:
            made = item.generate_rendition_file(
                Filter(spec=spec), source=File(BytesIO(content), name=item.file.name)
            )
        except Exception:  # an image Willow cannot read has no renditions
            continue
        made.seek(0)
        data = made.read()
        width, height = get_image_dimensions(ContentFile(data))
        renditions[spec] = {
            "path": _store(data, made.name),
            "width": width,
            "height": height,
        }
    return renditions


def freeze(revision, *, at_review: bool = True, obj: models.Model | None = None) -> Release:
    """Keep what ``revision`` shows of the library now as its release (replacing an earlier one:
    a revision cleared again was reviewed again). ``obj``: the revision as an object, if the
    caller has it already.

    Content that never went through review here and shows nothing of the library (most
    imported history) gets an empty release that is not stored: there is nothing to keep."""
    obj = obj if obj is not None else revision.as_object()
    refs = references(obj)
    data = _library(refs, keep=_keep_copies(_specs_by_image(obj, refs)))
    if not at_review and not any(data.values()) and not refs["pages"]:
        return Release(revision=revision, data=data, frozen_at_review=False)
    release, _ = Release.objects.update_or_create(
        revision=revision, defaults={"data": data, "frozen_at_review": at_review}
    )
    release.page_links.all().delete()
    targets = {pk for pk, _where in refs["pages"]}
    existing = set(Page.objects.filter(pk__in=targets).values_list("pk", flat=True))
    ReleasedPageLink.objects.bulk_create(
        ReleasedPageLink(release=release, page_id=pk, field=where)
        for pk, where in sorted(refs["pages"])
        if pk in existing
    )
    return release


def release_of(revision) -> Release | None:
    return Release.objects.filter(revision_id=revision.pk).first()
