"""Backup and restore (R36), for real: content published through the platform's services, a
document frozen into the media, ``manage.py backup``, then ``manage.py restore`` into a new,
empty database (a new PostgreSQL database, or a new SQLite file) and media directory, verified
in a process of its own against the manifest — row counts, migrations, file checksums, the
public read model's digest and the public API's answers byte for byte."""

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cms.backup import database, observe, restore
from cms.backup.backup import complete_backups
from cms.backup.manifest import MANIFEST, SEAL
from cms.backup.media import MEDIA_FILE
from publicapi.models import PublicPage

from .conftest import ATTACHMENT, run_sql

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MINUTES = b"%PDF-1.4 minutes"
PRIVATE_ROOT: list[Path] = []


@pytest.fixture(autouse=True)
def _restore_private_files_below(private_root):
    PRIVATE_ROOT[:] = [private_root]
    yield
    PRIVATE_ROOT.clear()


def make_backup(root: Path) -> Path:
    call_command("backup", "--to", str(root), stdout=StringIO())
    return complete_backups(root)[-1]


def run_restore(*args) -> str:
    """``manage.py restore``; the private files go below the test's own directory (the verifying
    process does not see the test's settings, so it is always told where they are)."""
    if PRIVATE_ROOT and "--private-root" not in args:
        args = (*args, "--private-root", PRIVATE_ROOT[0])
    out = StringIO()
    try:
        call_command("restore", *map(str, args), stdout=out)
    except CommandError as error:
        raise CommandError(f"{error}\n{out.getvalue()}") from error
    return out.getvalue()


def test_a_backup_records_what_the_public_is_answered(platform, tmp_path, client):
    path = make_backup(tmp_path / "backups")
    record = json.loads((path / MANIFEST).read_text())

    assert record["database"]["engine"] == connection.vendor
    assert record["tables"][PublicPage._meta.db_table] == PublicPage.objects.count() > 0
    assert record["migrations"]["publicapi"]
    assert record["digests"]["public_read_model"]["pages"] == PublicPage.objects.count()
    site, item = platform["site"], platform["item"]
    urls = [sample["url"] for sample in record["samples"]]
    assert "/api/v1/sites" in urls
    assert f"/api/v1/sites/{site.pk}/pages" in urls
    assert f"/api/v1/sites/{site.pk}/pages/{item.pk}" in urls
    assert f"/api/v1/sites/{platform['other_site'].pk}/pages/{platform['elsewhere'].pk}" in urls
    for sample in record["samples"]:
        response = client.get(sample["url"])
        assert response.status_code == sample["status"] == 200
        assert hashlib.sha256(response.content).hexdigest() == sample["sha256"], sample["url"]
    released = [name for name in record["media"]["files"] if name.startswith("released/")]
    assert hashlib.sha256(MINUTES).hexdigest() in {
        record["media"]["files"][name] for name in released
    }
    for name, entry in record["files"].items():
        assert hashlib.sha256((path / name).read_bytes()).hexdigest() == entry["sha256"]


def test_a_restore_into_an_empty_database_is_verified(
    platform, tmp_path, empty_database, private_root
):
    path = make_backup(tmp_path / "backups")
    url, media_root = empty_database(), tmp_path / "restored-media"

    out = run_restore(path, "--database-url", url, "--media-root", media_root)

    assert "[不通过]" not in out
    assert "[通过]" in out and "校验通过" in out
    record = json.loads((path / MANIFEST).read_text())
    assert f"（{len(record['samples'])} 个地址）" in out
    for name, digest in record["media"]["files"].items():
        assert hashlib.sha256((media_root / name).read_bytes()).hexdigest() == digest
    assert database.table_count(database.from_url(url)) >= len(record["tables"])
    # Citizens' attachments, kept outside the media, come back too.
    assert record["private"]["mailbox"]["files"] == {
        "2026/12/letter.pdf": hashlib.sha256(ATTACHMENT).hexdigest()
    }
    assert (private_root / "mailbox" / "2026" / "12" / "letter.pdf").read_bytes() == ATTACHMENT
    assert "[通过] " + str(restore.CHECK_PRIVATE % {"tree": "mailbox", "count": 1}) in out


def test_a_changed_private_file_fails_the_verification(
    platform, tmp_path, empty_database, private_root
):
    path = make_backup(tmp_path / "backups")
    url, media_root = empty_database(), tmp_path / "restored-media"
    run_restore(path, "--database-url", url, "--media-root", media_root)
    (private_root / "mailbox" / "2026" / "12" / "letter.pdf").write_bytes(b"forged")

    with pytest.raises(CommandError) as refused:
        run_restore(path, "--verify-only", "--database-url", url, "--media-root", media_root)
    report = str(refused.value)
    assert "[不通过] " + str(restore.CHECK_PRIVATE % {"tree": "mailbox", "count": 1}) in report
    assert "2026/12/letter.pdf" in report


def test_private_files_are_not_restored_over_others(platform, tmp_path, empty_database):
    """Without --private-root they go where the platform keeps them, which holds files here."""
    path = make_backup(tmp_path / "backups")
    url = empty_database()
    with pytest.raises(CommandError, match="--force") as refused:
        call_command(
            "restore", str(path), "--database-url", url, "--media-root", str(tmp_path / "m")
        )
    assert "mailbox" in str(refused.value)
    assert database.table_count(database.from_url(url)) == 0


def test_the_verification_finds_the_public_answers_changed(platform, tmp_path, empty_database):
    path = make_backup(tmp_path / "backups")
    url, media_root = empty_database(), tmp_path / "restored-media"
    run_restore(path, "--database-url", url, "--media-root", media_root)
    site, item = platform["site"], platform["item"]
    run_sql(
        url,
        "UPDATE publicapi_publicpage SET detail_json = replace(detail_json, %s, %s) "
        "WHERE page_id = %s",
        ["附有纪要的新闻", "附有伪造纪要的新闻", item.pk],
    )
    [released] = [
        name
        for name in json.loads((path / MANIFEST).read_text())["media"]["files"]
        if name.startswith("released/")
    ]
    (media_root / released).write_bytes(b"%PDF-1.4 forged")

    with pytest.raises(CommandError) as refused:
        run_restore(path, "--verify-only", "--database-url", url, "--media-root", media_root)

    report = str(refused.value)
    assert "[不通过] " + str(observe.CHECK_DIGEST % {"name": "public_read_model"}) in report
    assert f"/api/v1/sites/{site.pk}/pages/{item.pk}" in report
    assert released in report
    assert "[通过] " + str(observe.CHECK_TABLES) in report


def test_a_changed_backup_file_is_refused_by_name(platform, tmp_path, empty_database):
    path = make_backup(tmp_path / "backups")
    data = bytearray((path / MEDIA_FILE).read_bytes())
    data[700] ^= 0x01
    (path / MEDIA_FILE).write_bytes(bytes(data))
    url = empty_database()

    with pytest.raises(CommandError, match=MEDIA_FILE):
        run_restore(path, "--database-url", url, "--media-root", tmp_path / "m")
    assert database.table_count(database.from_url(url)) == 0
    assert not (tmp_path / "m").exists()


def test_a_changed_manifest_is_refused_even_with_its_checksum_redone(platform, tmp_path):
    path = make_backup(tmp_path / "backups")
    record = json.loads((path / MANIFEST).read_text())
    record["tables"][PublicPage._meta.db_table] += 1
    data = json.dumps(record).encode()
    (path / MANIFEST).write_bytes(data)

    with pytest.raises(CommandError, match="manifest.json.*封签"):
        run_restore(path, "--verify-only")

    seal = json.loads((path / SEAL).read_text())
    seal["sha256"] = hashlib.sha256(data).hexdigest()
    (path / SEAL).write_text(json.dumps(seal))
    with pytest.raises(CommandError, match="manifest.json.*签名"):
        run_restore(path, "--verify-only")


def test_a_database_that_is_not_empty_needs_force(platform, tmp_path, empty_database):
    path = make_backup(tmp_path / "backups")
    url = empty_database()
    run_restore(path, "--database-url", url, "--media-root", tmp_path / "first")

    with pytest.raises(CommandError, match="--force") as refused:
        run_restore(path, "--database-url", url, "--media-root", tmp_path / "second")
    assert "不是空的" in str(refused.value)

    out = run_restore(path, "--database-url", url, "--media-root", tmp_path / "first", "--force")
    assert str(restore.CHECK_MEDIA % {"count": 0})[:4] in out
    assert "[不通过]" not in out and "校验通过" in out
