"""``manage.py monitor_links``: collects and checks, idempotent (a second run the same day checks
nothing again), resumable (bounded runs take the least recently checked first), one run at a
time (a second concurrent run is refused in Chinese and changes nothing), bad input refused."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.jobs.models import JobRun
from cms.jobs.runs import IN_PROGRESS
from monitoring.links.models import Link, LinkCheck, LinkUse

pytestmark = pytest.mark.django_db


def monitor(*args) -> str:
    out = StringIO()
    call_command("monitor_links", *args, stdout=out)
    return out.getvalue()


def test_a_run_checks_everything_and_a_second_run_nothing_again(platform):
    first = monitor()
    count = Link.objects.count()
    assert LinkCheck.objects.count() == count > 0
    assert f"检测了 {count} 个链接" in first
    second = monitor()
    assert "检测了 0 个链接" in second
    assert LinkCheck.objects.count() == count
    assert not JobRun.objects.exists()


def test_a_bounded_run_takes_the_least_recently_checked_first(platform):
    monitor("--limit", "3")
    assert Link.objects.filter(checked_at__isnull=False).count() == 3
    # Make the checked links due again, but checked before the others never were.
    long_ago = timezone.now() - timedelta(days=2)
    Link.objects.filter(checked_at__isnull=False).update(checked_at=long_ago)
    never = set(Link.objects.filter(checked_at__isnull=True).values_list("pk", flat=True))
    out = monitor("--limit", str(len(never)))
    assert "下次运行将从这里继续" in out
    assert set(Link.objects.filter(checked_at__gt=long_ago).values_list("pk", flat=True)) == never


def test_a_second_concurrent_run_is_refused_in_chinese_and_changes_nothing(platform):
    now = timezone.now()
    JobRun.objects.create(
        name="monitor_links",
        holder="jiance-01:4242",
        started_at=now,
        expires_at=now + timedelta(minutes=15),
    )
    with pytest.raises(CommandError) as refused:
        monitor()
    message = str(refused.value)
    assert message.startswith(str(IN_PROGRESS).split("%", 1)[0])
    assert "另一个错断链检测" in message and "jiance-01:4242" in message
    assert (Link.objects.count(), LinkUse.objects.count(), LinkCheck.objects.count()) == (0, 0, 0)
    assert JobRun.objects.get().holder == "jiance-01:4242"


def test_a_run_that_died_is_taken_over_after_its_lease(platform):
    long_ago = timezone.now() - timedelta(hours=1)
    JobRun.objects.create(
        name="monitor_links",
        holder="died:1",
        started_at=long_ago,
        expires_at=long_ago + timedelta(minutes=15),
    )
    monitor("--limit", "1")
    assert LinkCheck.objects.count() == 1
    assert not JobRun.objects.exists()


def test_an_unknown_site_is_refused_in_chinese(platform):
    with pytest.raises(CommandError, match="没有编号为 .* 的站点"):
        monitor("--site", str(platform.site.pk + 1000))
    assert not Link.objects.exists()


def test_one_site_only(platform):
    monitor("--site", str(platform.site.pk))
    assert Link.objects.filter(checked_at__isnull=False).count() == Link.objects.count() > 0


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_limit_must_be_a_positive_number(value):
    with pytest.raises(CommandError):
        monitor("--limit", value)
