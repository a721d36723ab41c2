"""The automatic rules and the whole-site command (R22): each files what it says, is idempotent,
lists in a dry run without filing, and refuses bad input in Chinese with nothing changed."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from archive.automatic import run_rules
from archive.filing import FILE_ACTION
from archive.models import NEGATIVE_AGE, ArchiveRule, PageArchive, RuleKind
from cms.content.models import ColumnPage
from interpretation.models import PolicyDocumentPage
from tests import factories

LATER = timezone.now() + datetime.timedelta(days=400)


def filed_ids() -> set[int]:
    return set(PageArchive.objects.values_list("page_id", flat=True))


def age_rule(filing_site, days=365, column=None) -> ArchiveRule:
    rule = ArchiveRule(
        site=filing_site.site, column=column, kind=RuleKind.NEWS_AGE, max_age_days=days
    )
    rule.full_clean()
    rule.save()
    return rule


def test_news_older_than_the_age_are_filed_and_nothing_else(filing_site):
    rule = age_rule(filing_site)
    assert run_rules(now=timezone.now())[0].report.filed == []  # nothing is that old yet
    outcome = run_rules(now=LATER)[0]
    expected = {filing_site.items.old.pk, filing_site.items.other.pk}
    assert set(outcome.report.filed) == expected == filed_ids()
    # The notices column is not a news column; the columns themselves are never aged out.
    record = PageArchive.objects.get(page=filing_site.items.old)
    assert (record.reason, record.rule) == ("aged", rule)
    assert Page.objects.get(pk=filing_site.items.old.pk).live


def test_a_rule_on_a_column_wins_over_the_sites_rule(filing_site):
    age_rule(filing_site, days=365)
    column_rule = age_rule(filing_site, days=3650, column=filing_site.news)
    outcomes = {outcome.rule.pk: outcome.report for outcome in run_rules(now=LATER)}
    assert outcomes[column_rule.pk].filed == []
    assert filed_ids() == set()


def test_a_rule_runs_again_without_harm(filing_site):
    age_rule(filing_site)
    first = run_rules(now=LATER)[0].report
    second = run_rules(now=LATER)[0].report
    assert len(first.filed) == 2 and second.filed == []
    assert PageLogEntry.objects.filter(action=FILE_ACTION).count() == 2


def test_a_dry_run_lists_and_files_nothing(filing_site):
    age_rule(filing_site)
    out = io.StringIO()
    # The command's own clock is now; a rule of age zero makes everything past due.
    ArchiveRule.objects.update(max_age_days=0)
    call_command("archive_run", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "将归档 2 个" in text
    assert f"{filing_site.items.old.pk}  二〇二〇年春耕动员会召开" in text
    assert filed_ids() == set()
    assert not PageLogEntry.objects.filter(action=FILE_ACTION).exists()
    call_command("archive_run", stdout=io.StringIO())
    assert filed_ids() == {filing_site.items.old.pk, filing_site.items.other.pk}


def test_an_interrupted_run_is_finished_by_the_next(filing_site):
    """Batches commit one by one: a run that stops after the first batch leaves that batch
    filed, and the next run files the rest without filing anything twice."""
    from archive import filing

    age_rule(filing_site)
    ids = sorted([filing_site.items.old.pk, filing_site.items.other.pk])
    filing.file_pages(ids[:1], reason="aged", batch_size=1)  # the part that got done
    report = run_rules(now=LATER)[0].report
    assert report.filed == ids[1:]
    assert PageLogEntry.objects.filter(action=FILE_ACTION).count() == 2


def test_documents_expired_or_repealed_are_filed(filing_site):
    from cms.organisation.validators import credit_code_check_character

    filing_site.office.credit_code = "11610303MB1234567" + credit_code_check_character(
        "11610303MB1234567"
    )
    filing_site.office.save()
    documents = factories.column(
        filing_site.site.root_page, "政策文件", owner=filing_site.office, update_category="policy"
    )

    def document(title, validity, **fields):
        return factories.news(
            documents,
            title,
            page_class=PolicyDocumentPage,
            issuing_office="渭川区人民政府",
            document_number=f"渭政发〔2024〕{PolicyDocumentPage.objects.count() + 1}号",
            written_on=datetime.date(2024, 3, 2),
            validity=validity,
            validity_changed_on=None if validity == "valid" else datetime.date(2026, 1, 1),
            **fields,
        )

    valid = document("有效的文件", "valid")
    expired = document("失效的文件", "expired")
    repealed = document("废止的文件", "repealed")
    rule = ArchiveRule.objects.create(site=filing_site.site, kind=RuleKind.NO_LONGER_VALID)
    report = run_rules()[0].report
    assert set(report.filed) == {expired.pk, repealed.pk} == filed_ids()
    assert PageArchive.objects.get(page=expired).reason == "no_longer_valid"
    assert valid.pk not in filed_ids()
    assert PageArchive.objects.get(page=repealed).rule == rule


def test_retiring_a_column_files_it_and_everything_under_it(filing_site):
    sub = factories.column(filing_site.notices, "历史公告", owner=filing_site.office)
    old = factories.news(sub, "旧公告")
    ArchiveRule.objects.create(
        site=filing_site.site, column=filing_site.notices, kind=RuleKind.RETIRE_COLUMN
    )
    run_rules()
    expected = {filing_site.notices.pk, filing_site.items.notice.pk, sub.pk, old.pk}
    assert filed_ids() == expected
    assert {r.reason for r in PageArchive.objects.all()} == {"column_retired"}
    # Nothing can be added to a retired column.
    tester = ColumnPage.objects.get(pk=filing_site.notices.pk).permissions_for_user(
        filing_site.people.webmaster
    )
    assert not tester.can_add_subpage()


def test_a_rule_with_a_negative_age_is_refused_in_chinese(filing_site):
    rule = ArchiveRule(site=filing_site.site, kind=RuleKind.NEWS_AGE, max_age_days=-30)
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert refused.value.message_dict["max_age_days"] == [str(NEGATIVE_AGE)]
    assert "不小于零" in str(NEGATIVE_AGE)


def test_the_admin_refuses_a_negative_age_and_saves_nothing(admin_client, filing_site):
    factories.login(admin_client, filing_site.people.superuser)
    response = admin_client.post(
        "/admin/archive_rules/new/",
        {"site": filing_site.site.pk, "kind": "news_age", "max_age_days": "-30", "enabled": "on"},
    )
    assert response.status_code == 200
    factories.assert_shows(response, NEGATIVE_AGE)
    assert not ArchiveRule.objects.exists()
    response = admin_client.post(
        "/admin/archive_rules/new/",
        {"site": filing_site.site.pk, "kind": "news_age", "max_age_days": "365", "enabled": "on"},
    )
    assert response.status_code == 302
    assert ArchiveRule.objects.get().max_age_days == 365


def test_the_whole_site_command_needs_the_hostname_as_confirmation(filing_site):
    with pytest.raises(CommandError) as refused:
        call_command("archive_site", str(filing_site.site.pk), stdout=io.StringIO())
    assert "www.weichuan.gov.cn" in str(refused.value)
    with pytest.raises(CommandError):
        call_command(
            "archive_site", str(filing_site.site.pk), confirm="wrong.gov.cn", stdout=io.StringIO()
        )
    assert filed_ids() == set()


def test_the_whole_site_command_files_everything_but_the_home_page(filing_site):
    out = io.StringIO()
    call_command("archive_site", "www.weichuan.gov.cn", "--dry-run", stdout=out)
    assert filed_ids() == set()
    assert "将归档 5 个" in out.getvalue()
    call_command(
        "archive_site", "www.weichuan.gov.cn", confirm="www.weichuan.gov.cn", stdout=io.StringIO()
    )
    root = filing_site.site.root_page
    below = set(
        Page.objects.filter(path__startswith=root.path, depth__gt=root.depth).values_list(
            "pk", flat=True
        )
    )
    assert filed_ids() == below and root.pk not in filed_ids()
    assert {r.reason for r in PageArchive.objects.all()} == {"redesign"}
    out = io.StringIO()
    call_command("archive_site", "www.weichuan.gov.cn", confirm="www.weichuan.gov.cn", stdout=out)
    assert "已归档 0 个，此前已归档 5 个" in out.getvalue()


def test_website_administrators_see_and_set_only_their_sites_rules(admin_client, filing_site):
    outsider_unit = filing_site.people.outsider.role_assignments.get().unit
    other_site = factories.site("别区人民政府", "www.bie.gov.cn", sponsor=outsider_unit)
    mine = ArchiveRule.objects.create(site=filing_site.site, kind=RuleKind.NO_LONGER_VALID)
    theirs = ArchiveRule.objects.create(site=other_site, kind=RuleKind.NO_LONGER_VALID)
    factories.login(admin_client, filing_site.people.webmaster)
    listing = admin_client.get("/admin/archive_rules/")
    assert listing.status_code == 200
    assert f"/admin/archive_rules/edit/{mine.pk}/" in listing.content.decode()
    assert f"/admin/archive_rules/edit/{theirs.pk}/" not in listing.content.decode()
    assert admin_client.get(f"/admin/archive_rules/edit/{theirs.pk}/").status_code == 404
    response = admin_client.post(
        "/admin/archive_rules/new/",
        {"site": other_site.pk, "kind": "no_longer_valid", "enabled": "on"},
    )
    assert response.status_code == 200  # the other site is not a choice
    assert ArchiveRule.objects.filter(site=other_site).count() == 1
    response = admin_client.post(
        "/admin/archive_rules/new/",
        {"site": filing_site.site.pk, "kind": "news_age", "max_age_days": "730", "enabled": "on"},
    )
    assert response.status_code == 302
    created = ArchiveRule.objects.get(kind="news_age")
    assert created.created_by == filing_site.people.webmaster


def test_an_information_officer_has_no_archive_rules(admin_client, filing_site):
    factories.login(admin_client, filing_site.people.author)
    factories.assert_admin_denied(admin_client.get("/admin/archive_rules/"))


def test_the_database_refuses_a_negative_age_written_around_the_form(filing_site):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ArchiveRule.objects.create(site=filing_site.site, kind=RuleKind.NEWS_AGE, max_age_days=-1)
    assert not ArchiveRule.objects.exists()
