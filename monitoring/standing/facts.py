"""What the inspection knows of a site, read as the public sees it.

Freshness is read from the public read model (:mod:`publicapi.models`): a column's last update is
the first publication of the newest current item (not filed, R22) in it or in the columns below
it — a parent column whose sub-columns are kept up is not empty — and only columns the public
can reach count. Each column costs one indexed lookup (``publicpage_col_recent``), whatever
the size of the site.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Page, Site

from cms.content.models import ColumnPage
from knowledgebase.mailbox.selectors import open_mailboxes, unanswered_for_veto, veto_day
from newmedia import activity, health
from newmedia.models import Account
from publicapi.models import CURRENT, PublicPage

from .models import VetoThresholds
from .rules import AccountFacts, ColumnFacts, MessageFacts, SiteFacts, Thresholds


def thresholds() -> Thresholds:
    """The administrator's veto lines (``VetoThresholds``, a platform setting)."""
    setting = VetoThresholds.load()
    return Thresholds(
        home_stale_days=setting.home_stale_days,
        notice_policy_stale_months=setting.notice_policy_stale_months,
        overdue_columns_limit=setting.overdue_columns_limit,
        empty_columns_limit=setting.empty_columns_limit,
        unanswered_months=setting.unanswered_months,
        warning_workdays=setting.warning_workdays,
        new_media_idle_days=setting.new_media_idle_days,
    )


def _day(moment: datetime.datetime | None, default: datetime.date) -> datetime.date:
    return timezone.localdate(moment) if moment is not None else default


def column_facts(site_id: int, *, today: datetime.date) -> list[ColumnFacts]:
    """The site's public, current columns, each with the newest item of its subtree."""
    newest_own = (
        PublicPage.objects.filter(CURRENT, column_id=OuterRef("pk"), is_item=True)
        .order_by("-published_at", "-page")
        .values("published_at")[:1]
    )
    public_columns = PublicPage.objects.filter(CURRENT, site_id=site_id, type="column")
    rows = list(
        ColumnPage.objects.filter(pk__in=public_columns.values("page_id"))
        .annotate(own_last=Subquery(newest_own))
        .order_by("path")
        .values_list(
            "pk",
            "path",
            "title",
            "responsible_unit_id",
            "responsible_person_id",
            "update_category",
            "first_published_at",
            "own_last",
        )
    )
    # The newest item of a subtree: children (longer paths) pass theirs up to each ancestor.
    newest = {row[1]: row[7] for row in rows}
    for path in sorted(newest, key=len, reverse=True):
        value = newest[path]
        if value is None:
            continue
        for end in range(len(path) - Page.steplen, 0, -Page.steplen):
            parent = path[:end]
            if parent in newest:
                if newest[parent] is None or newest[parent] < value:
                    newest[parent] = value
                break
    return [
        ColumnFacts(
            column_id=pk,
            title=title,
            unit_id=unit_id,
            person_id=person_id,
            category=category,
            live_since=_day(first_published, today),
            last_update=newest[path],
        )
        for pk, path, title, unit_id, person_id, category, first_published, _own in rows
    ]


def columns_of_units(unit_ids, *, today: datetime.date, everything: bool = False):
    """The public columns ``unit_ids`` answer for (every one with ``everything``), reckoned
    live as :func:`column_facts` does, site by site (a parent column's freshness needs its
    whole subtree, whoever answers for the parts)."""
    columns = (
        ColumnPage.objects.all()
        if everything
        else ColumnPage.objects.filter(responsible_unit_id__in=unit_ids)
    )
    site_ids = (
        PublicPage.objects.filter(CURRENT, type="column", page_id__in=columns.values("pk"))
        .values_list("site_id", flat=True)
        .distinct()
    )
    wanted = set(columns.values_list("pk", flat=True)) if not everything else None
    found = []
    for site_id in sorted(site_ids):
        for column in column_facts(site_id, today=today):
            if wanted is None or column.column_id in wanted:
                found.append(column)
    return found


def account_facts(site_id: int) -> list[AccountFacts]:
    """The site's running new-media accounts with their last publication day."""
    accounts = list(health.running_accounts(Account.objects.filter(site_id=site_id)))
    last = activity.last_publications(account.pk for account in accounts)
    return [
        AccountFacts(
            account_id=account.pk,
            name=account.name,
            unit_id=account.sponsor_unit_id,
            unit_name=account.sponsor_unit.name,
            opened=activity.opened_on(account),
            last_publication=last.get(account.pk),
        )
        for account in accounts
    ]


def site_facts(site: Site, *, today: datetime.date, warn_until: datetime.date, limits: Thresholds):
    """Everything the veto rules read of ``site``, as of ``today``."""
    newest = (
        PublicPage.objects.filter(CURRENT, site_id=site.pk, is_item=True)
        .order_by("-published_at", "-page")
        .values_list("published_at", flat=True)
        .first()
    )
    root_published = (
        Page.objects.filter(pk=site.root_page_id).values_list("first_published_at", flat=True)
    ).first()
    months = limits.unanswered_months
    messages = [
        MessageFacts(
            message_id=message.pk,
            subject=message.subject,
            unit_id=message.unit_id,
            received_at=message.received_at,
            trips_on=veto_day(timezone.localdate(message.received_at), months),
        )
        for message in unanswered_for_veto(site=site, today=warn_until, months=months)
    ]
    return SiteFacts(
        site_id=site.pk,
        newest_item=newest,
        live_since=_day(root_published, today),
        columns=column_facts(site.pk, today=today),
        open_channels=open_mailboxes(site_id=site.pk).count(),
        messages=messages,
        accounts=account_facts(site.pk),
    )
