"""One filing job at a time (``archive_run``, ``archive_site``): the platform's job lock
(:mod:`cms.jobs.runs`) under the filing job's name."""

from datetime import timedelta
from functools import partial

from django.utils.translation import gettext_lazy as _

from cms.jobs.runs import RunInProgress
from cms.jobs.runs import one_run_at_a_time as _one_run_at_a_time

JOB = "archive_filing"
RUN_LEASE = timedelta(hours=12)

one_run_at_a_time = partial(_one_run_at_a_time, JOB, label=_("filing job"), lease=RUN_LEASE)

__all__ = ["JOB", "RUN_LEASE", "RunInProgress", "one_run_at_a_time"]
