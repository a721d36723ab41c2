"""One filing job at a time (archive/runs.py): a run that finds another running stops at once,
in Chinese, having filed nothing; a run killed without ending blocks the job only until its
row expires; every run lets the job go when it ends, however it ends."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.models import ArchiveRule
from archive.runs import JOB, RunInProgress, one_run_at_a_time
from cms.jobs.models import JobRun

from .test_automatic import age_rule, filed_ids

pytestmark = pytest.mark.django_db


def _another_run(expires_in=timedelta(hours=3)) -> JobRun:
    now = timezone.now()
    return JobRun.objects.create(
        name=JOB,
        holder="cms-2:4711",
        started_at=now - timedelta(hours=1),
        expires_at=now + expires_in,
    )


@pytest.fixture
def due(filing_site):
    age_rule(filing_site)
    ArchiveRule.objects.update(max_age_days=0)  # everything is past due
    return {filing_site.items.old.pk, filing_site.items.other.pk}


def test_a_run_while_another_runs_stops_and_files_nothing(filing_site, due):
    _another_run()
    with pytest.raises(CommandError) as refused:
        call_command("archive_run", stdout=io.StringIO())
    assert "另一个归档任务" in str(refused.value) and "cms-2:4711" in str(refused.value)
    with pytest.raises(CommandError):
        call_command(
            "archive_site",
            "www.weichuan.gov.cn",
            confirm="www.weichuan.gov.cn",
            stdout=io.StringIO(),
        )
    assert filed_ids() == set()
    assert JobRun.objects.get().holder == "cms-2:4711"  # the other run's row is left alone


def test_a_dry_run_goes_on_beside_a_run(filing_site, due):
    _another_run()
    out = io.StringIO()
    call_command("archive_run", "--dry-run", stdout=out)
    assert "将归档 2 个" in out.getvalue()


def test_a_run_that_died_blocks_the_job_until_its_row_expires(filing_site, due):
    _another_run(expires_in=-timedelta(minutes=1))
    call_command("archive_run", stdout=io.StringIO())
    assert filed_ids() == due
    assert not JobRun.objects.exists()


def test_the_job_is_let_go_however_the_run_ends(filing_site):
    with one_run_at_a_time():
        assert JobRun.objects.filter(name=JOB).exists()
        with pytest.raises(RunInProgress), one_run_at_a_time():
            pass  # pragma: no cover - never entered
    assert not JobRun.objects.exists()
    with pytest.raises(RuntimeError), one_run_at_a_time():
        raise RuntimeError("the run failed")
    assert not JobRun.objects.exists()
