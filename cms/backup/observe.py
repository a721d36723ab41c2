"""What a database holds, as a backup records it and a restore must find it again (R36).

Four facts, read in one transaction: the migrations applied per app, the row count of every
table of the platform (the tables of its models), the digests the layers above register
(``registry``: the public read model) and the bytes the public API answers at a sample of its
addresses, fetched through Django's whole request stack as a citizen's request is served.
:func:`compare` decides whether two observations are the same, fact by fact.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.test.utils import override_settings
from django.utils.translation import gettext_lazy as _

from . import registry

# The host the sample requests name: fixed, so an answer that names its host is the same bytes
# on every machine; ``.invalid`` is never a real one.
SAMPLE_HOST = "backup-check.invalid"
SHOWN = 10  # differences listed per check; the rest are counted

CHECK_MIGRATIONS = _("Migrations applied")
CHECK_TABLES = _("Row counts of the platform's tables")
CHECK_DIGEST = _("Digest of %(name)s")
CHECK_SAMPLES = _("Public API answers (%(count)d addresses)")
DIFF_APP = _("app %(app)s: expected %(expected)s, found %(found)s")
DIFF_TABLE = _("table %(table)s: expected %(expected)s rows, found %(found)s")
DIFF_DIGEST = _("expected %(expected)s, found %(found)s")
DIFF_SAMPLE = _("%(url)s: expected %(expected)s, found %(found)s")
MORE = _("… and %(count)d more")
NONE = _("none")


@dataclass
class Check:
    """One fact of a restore compared: ``ok``, and what differs when it is not."""

    label: str
    ok: bool
    detail: str = ""
    differences: list[str] = field(default_factory=list)


def migrations() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def pending_migrations() -> int:
    """Migrations of the code not applied to the database (a restore into newer code)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def table_counts() -> dict[str, int]:
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    counts = {}
    with connection.cursor() as cursor:
        for name in sorted(names):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def fetch(urls: list[str]) -> list[dict]:
    """Each address as the public asks for it (GET, anonymous, over HTTPS): its status and the
    SHA-256 of its body."""
    client = Client(raise_request_exception=False)
    samples = []
    with override_settings(ALLOWED_HOSTS=[SAMPLE_HOST]):
        for url in urls:
            response = client.get(url, secure=True, HTTP_HOST=SAMPLE_HOST)
            if response.streaming:
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            samples.append({"url": url, "status": response.status_code, "sha256": _digest(body)})
    return samples


def observe(urls: list[str] | None = None) -> dict:
    """The facts of the database the default connection reaches; ``urls``: the addresses to
    fetch (the registered sample when None)."""
    return {
        "migrations": migrations(),
        "tables": table_counts(),
        "digests": registry.digests(),
        "samples": fetch(registry.sample_urls() if urls is None else urls),
    }


def listed(differences: list[str]) -> list[str]:
    if len(differences) <= SHOWN:
        return differences
    return differences[:SHOWN] + [str(MORE % {"count": len(differences) - SHOWN})]


def _keyed(expected: dict, found: dict, line) -> list[str]:
    return [
        str(line(key, expected.get(key, NONE), found.get(key, NONE)))
        for key in sorted(set(expected) | set(found))
        if expected.get(key) != found.get(key)
    ]


def compare(expected: dict, found: dict) -> list[Check]:
    """Each fact of ``expected`` (the manifest) against ``found`` (the restored database)."""
    checks = []
    differences = _keyed(
        expected["migrations"],
        found["migrations"],
        lambda app, want, got: (
            DIFF_APP
            % {
                "app": app,
                "expected": want[-1] if isinstance(want, list) else want,
                "found": got[-1] if isinstance(got, list) else got,
            }
        ),
    )
    checks.append(Check(str(CHECK_MIGRATIONS), not differences, differences=listed(differences)))
    differences = _keyed(
        expected["tables"],
        found["tables"],
        lambda table, want, got: DIFF_TABLE % {"table": table, "expected": want, "found": got},
    )
    checks.append(Check(str(CHECK_TABLES), not differences, differences=listed(differences)))
    for name in sorted(set(expected["digests"]) | set(found["digests"])):
        want, got = expected["digests"].get(name), found["digests"].get(name)
        lines = [] if want == got else [str(DIFF_DIGEST % {"expected": want, "found": got})]
        checks.append(Check(str(CHECK_DIGEST % {"name": name}), not lines, differences=lines))
    found_samples = {sample["url"]: sample for sample in found["samples"]}
    differences = []
    for sample in expected["samples"]:
        got = found_samples.get(sample["url"], {})
        want_text = f"{sample['status']} {sample['sha256'][:16]}"
        got_text = f"{got.get('status')} {str(got.get('sha256'))[:16]}"
        if (sample["status"], sample["sha256"]) != (got.get("status"), got.get("sha256")):
            differences.append(
                str(DIFF_SAMPLE % {"url": sample["url"], "expected": want_text, "found": got_text})
            )
    label = str(CHECK_SAMPLES % {"count": len(expected["samples"])})
    checks.append(Check(label, not differences, differences=listed(differences)))
    return checks
