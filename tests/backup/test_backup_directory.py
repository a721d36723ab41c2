"""Where backups are written: a backup interrupted never looks complete, a directory that is
not the backups' is refused, and ``--keep`` prunes the oldest."""

import json
import os
import signal
import stat
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.backup import media
from cms.backup.backup import MARKER, complete_backups
from cms.backup.manifest import MANIFEST, PARTIAL_PREFIX, open_backup
from cms.security.models import EventKind, Outcome, SecurityEvent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_backup_that_fails_midway_leaves_nothing(platform, tmp_path, monkeypatch):
    root = tmp_path / "backups"

    def disk_full(*args, **kwargs):
        # A failure after the database is dumped: a full disk cannot be had here for real.
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(media, "pack", disk_full)
    with pytest.raises(CommandError, match="备份失败"):
        call_command("backup", "--to", str(root), stdout=StringIO())

    assert sorted(path.name for path in root.iterdir()) == [MARKER]
    # The failure is in the security log, where auditors look for the backups.
    event = SecurityEvent.objects.get(kind=EventKind.BACKUP)
    assert event.outcome == Outcome.FAILURE and "No space left" in event.detail


def test_a_killed_backup_never_looks_complete(platform, tmp_path, current_database_url):
    root = tmp_path / "backups"
    env = {
        **os.environ,
        "DATABASE_URL": current_database_url,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "django", "backup", "--to", str(root)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(root.glob(f"{PARTIAL_PREFIX}*")) and run.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.wait()

    assert complete_backups(root) == []
    [partial] = root.glob(f"{PARTIAL_PREFIX}*")
    with pytest.raises(CommandError, match="不是完整的备份"):
        call_command("restore", str(partial), "--verify-only", stdout=StringIO())

    call_command("backup", "--to", str(root), stdout=StringIO())
    [complete] = complete_backups(root)
    assert not list(root.glob(f"{PARTIAL_PREFIX}*"))
    open_backup(complete)


def test_a_directory_holding_other_things_is_refused(platform, tmp_path):
    root = tmp_path / "elsewhere"
    root.mkdir()
    (root / "report.docx").write_bytes(b"not ours")
    with pytest.raises(CommandError, match="不是备份目录"):
        call_command("backup", "--to", str(root), stdout=StringIO())
    assert sorted(path.name for path in root.iterdir()) == ["report.docx"]


def test_backups_kept_inside_the_media_are_not_backed_up_again(platform, tmp_path):
    root = Path(settings.MEDIA_ROOT) / "backups"
    call_command("backup", "--to", str(root), stdout=StringIO())
    call_command("backup", "--to", str(root), stdout=StringIO())
    first, second = complete_backups(root)
    [files] = {
        json.loads((path / MANIFEST).read_text())["media"]["count"] for path in (first, second)
    }
    assert files > 0
    assert stat.S_IMODE(second.stat().st_mode) == 0o700


def test_keep_prunes_the_oldest(platform, tmp_path):
    root = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", "--to", str(root), stdout=StringIO())
    first, second, third = complete_backups(root)
    out = StringIO()
    call_command("backup", "--to", str(root), "--keep", "2", stdout=out)
    assert complete_backups(root)[0] == third
    assert len(complete_backups(root)) == 2
    assert str(first) in out.getvalue() and str(second) in out.getvalue()
    written = SecurityEvent.objects.filter(kind=EventKind.BACKUP, outcome=Outcome.SUCCESS)
    assert sorted(written.values_list("detail", flat=True)) == sorted(
        str(path) for path in (first, second, third, complete_backups(root)[1])
    )
