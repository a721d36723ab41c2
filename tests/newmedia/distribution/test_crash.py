"""A worker killed between sending and recording: the delivery is taken over when its claim
expires, sent again with the same idempotency key (so the receiver drops the repeat), and
completed once.

The subprocess test kills a real ``manage.py newmedia_deliver`` with SIGKILL while the
receiver holds its request. The worker opens the test database itself on PostgreSQL (committed
with ``transaction=True``); SQLite's test database lives in this process's memory, so there it
is copied to a file the worker opens before each run, and copied back after it. The in-process
test stops a worker at the same point on every database.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from newmedia.distribution import outbox, worker
from newmedia.distribution.models import Delivery, State
from tests import factories

from .conftest import webhook_channel

BASE_DIR = Path(settings.BASE_DIR)


class WorkerDatabase:
    """The database a worker in another process opens: the test database itself on
    PostgreSQL; on SQLite a file holding a copy of the in-memory test database, copied there
    before each run (:meth:`lend`) and back after it (:meth:`take_back`)."""

    def __init__(self, directory: Path):
        self.file = directory / "worker.sqlite3"

    @property
    def url(self) -> str:
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"

    def lend(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()

    def take_back(self) -> None:
        if connection.vendor == "sqlite":
            source = sqlite3.connect(self.file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()

    def worker(self, *extra) -> tuple[list[str], dict]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": self.url,
            "PYTHONPATH": str(BASE_DIR),
        }
        return [sys.executable, "manage.py", "newmedia_deliver", *extra], env


def _keys(receiver) -> list[str]:
    return [request.headers["Idempotency-Key"] for request in receiver.on("/hold")]


# serialized_rollback: a transactional test empties the database when it ends; this brings back
# what the migrations put there (Wagtail's root page, the locale).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_delivery_is_completed_once(staffed_site, receiver, tmp_path):
    webhook_channel(staffed_site, "/hold", receiver, read_timeout=30)
    factories.news(staffed_site.column, "断点续发的稿件")
    delivery = Delivery.objects.get()

    shared = WorkerDatabase(tmp_path)
    argv, env = shared.worker()
    shared.lend()
    process = subprocess.Popen(
        argv, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert receiver.held.wait(60), process.communicate(timeout=5)[0]
        # The request reached the receiver; the worker dies before it hears the answer.
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    shared.take_back()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.SENDING, 1)

    # Until the claim expires, another worker leaves the delivery alone.
    assert outbox.claim() == []
    assert len(_keys(receiver)) == 1
    # The claim's time runs out (NEWMEDIA_CLAIM_SECONDS, not waited for here).
    Delivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))

    shared.lend()
    completed = subprocess.run(
        argv, cwd=BASE_DIR, env=env, check=True, timeout=60, capture_output=True, text=True
    )
    shared.take_back()
    assert "1" in completed.stdout
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.DELIVERED, 2)
    assert Delivery.objects.count() == 1
    # The receiver got the same delivery twice under one key: it keeps one.
    keys = _keys(receiver)
    assert keys == [str(delivery.idempotency_key)] * 2
    bodies = [json.loads(request.body) for request in receiver.on("/hold")]
    assert bodies[0] == bodies[1]
    # Nothing more goes out.
    assert sum(worker.deliver_due().values()) == 0
    assert len(_keys(receiver)) == 2


def test_a_delivery_sent_but_not_recorded_is_sent_again_with_its_key(staffed_site, receiver):
    webhook_channel(staffed_site, "/ok", receiver)
    factories.news(staffed_site.column)
    [claimed] = outbox.claim(lease=timedelta(seconds=60))
    worker.send_one(claimed)  # sent; the worker "dies" here, recording nothing

    assert sum(worker.deliver_due().values()) == 0  # the claim still holds
    Delivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert worker.deliver_due()["delivered"] == 1

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.DELIVERED, 2)
    assert [r.headers["Idempotency-Key"] for r in receiver.on("/ok")] == [
        str(delivery.idempotency_key)
    ] * 2
