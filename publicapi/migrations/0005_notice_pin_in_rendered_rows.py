import hashlib
import json

from django.db import migrations

# Every notice was ordinary and unpinned when announcements came (cms.content 0006).
PIN = {"pinned_until": None, "announcement_kind": {"code": "ordinary", "label": "普通通知公告"}}
ARCHIVE_KEYS = ("archived", "archive")


def add_notice_pin(apps, schema_editor):
    """Notices rendered before announcements existed say they are ordinary and not pinned, as a
    render does now; the archive state stays last (``publicapi.services`` swaps that tail)."""
    PublicPage = apps.get_model("publicapi", "PublicPage")

    def etag(text):
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    def dumps(data):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def with_pin(text):
        data = json.loads(text)
        if "announcement_kind" in data:
            return text
        kept = {key: value for key, value in data.items() if key not in ARCHIVE_KEYS}
        tail = {key: data[key] for key in ARCHIVE_KEYS if key in data}
        return dumps({**kept, **PIN, **tail})

    rows = PublicPage.objects.filter(type="notice").only("pk", "listing_json", "detail_json")
    batch = []
    for row in rows.iterator(2000):
        row.listing_json = with_pin(row.listing_json)
        row.detail_json = with_pin(row.detail_json)
        row.etag = etag(row.detail_json)
        batch.append(row)
        if len(batch) == 2000:
            PublicPage.objects.bulk_update(batch, ["listing_json", "detail_json", "etag"])
            batch = []
    PublicPage.objects.bulk_update(batch, ["listing_json", "detail_json", "etag"])


class Migration(migrations.Migration):
    dependencies = [
        ("publicapi", "0004_publicpage_pinned_until"),
        ("content", "0006_notice_pinned_announcements"),
    ]

    operations = [migrations.RunPython(add_notice_pin, migrations.RunPython.noop)]
