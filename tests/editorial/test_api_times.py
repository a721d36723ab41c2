"""Issue 19, item 5: the editorial API writes every moment as the public API does.

ISO 8601 in Asia/Shanghai with its offset, to the second (``2026-03-02T09:30:00+08:00``): not
``Z``, not milliseconds — in the queue, an item, its history and the content shown.
"""

import re

import pytest

from editorial.stages import Stage
from tests.times import moments

from .test_api import Client, _in_stage

pytestmark = pytest.mark.django_db

SHANGHAI_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
KEYS = {"waiting_since", "started_at", "finished_at", "requested_at", "signed_at"}


def test_every_moment_is_shanghai_time_to_the_second(client, staffed_site):
    item = _in_stage(client, staffed_site, Stage.SECOND_REVIEW)
    chief = Client(client, staffed_site.people.chief)
    queue = chief.get("/queue").json()
    detail = chief.get(f"/items/{item.pk}").json()
    history = chief.get(f"/items/{item.pk}/history").json()
    seen = moments(queue, KEYS) + moments(detail, KEYS) + moments(history, KEYS)
    assert {key for key, _value in seen} >= {
        "waiting_since",
        "started_at",
        "finished_at",
        "requested_at",
    }
    for key, value in seen:
        assert SHANGHAI_SECONDS.match(value), (key, value)
