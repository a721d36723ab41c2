"""A page's revision content, as ``page.save_revision()`` stores it, without its per-field cost.

Wagtail stores ``page.serializable_data()`` (modelcluster): the primary key, every serialisable
concrete field (foreign keys as ids, datetimes in UTC, UUIDs and StreamFields as strings), every
child relation and every ``ParentalManyToManyField`` as a list of ids. Computing it field by
field runs each field's ``pre_save``, which for the body is a full bleach sanitising pass; the
bodies the loaders write are generated clean, so :func:`revision_content` reads the values
directly. ``tests/bench/test_generate.py``
and ``tests/demo/test_demo.py`` check that both give the same dict.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from django.db import models
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

_ATTR, _STR, _DATETIME, _STREAM = range(4)


@cache
def _plan(cls: type[models.Model]) -> tuple[list, list[str], list[str]]:
    pk_field = cls._meta.pk
    while pk_field.remote_field and pk_field.remote_field.parent_link:
        pk_field = pk_field.remote_field.model._meta.pk
    fields = [("pk", pk_field.attname, _ATTR, None)]
    for field in cls._meta.fields:
        if not field.serialize:
            continue
        if field.remote_field is not None:
            kind = _ATTR
        elif isinstance(field, StreamField):
            kind = _STREAM
        elif isinstance(field, models.UUIDField):
            kind = _STR
        elif isinstance(field, models.DateTimeField):
            kind = _DATETIME
        else:
            kind = _ATTR
        fields.append((field.name, field.attname, kind, field))
    children = [rel.get_accessor_name() for rel in get_all_child_relations(cls)]
    m2m = [field.name for field in get_all_child_m2m_relations(cls) if field.serialize]
    return fields, children, m2m


def revision_content(
    page: models.Model, m2m_ids: dict[str, list[int]] | None = None
) -> dict[str, Any]:
    """``page.serializable_data()`` for a page with no child objects (comments)."""
    fields, children, m2m = _plan(type(page))
    values = page.__dict__
    data: dict[str, Any] = {}
    for name, attname, kind, field in fields:
        value = values[attname]
        if kind == _DATETIME and value is not None:
            value = value.astimezone(datetime.UTC)
        elif kind == _STR and value is not None:
            value = str(value)
        elif kind == _STREAM:
            # value_to_string builds a JSONField per call; an empty stream is always "[]".
            if isinstance(value, StreamValue) and not value and value.raw_text is None:
                value = "[]"
            else:
                value = field.value_to_string(page)
        data[name] = value
    for name in children:
        data[name] = []
    for name in m2m:
        data[name] = list((m2m_ids or {}).get(name, ()))
    return data
