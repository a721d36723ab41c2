"""The yearly report's figures equal the data they are computed from, the year's boundary is
Asia/Shanghai's, and the 信息发布 figures are what the public API answers (R31).

The public API needs no new filter for the check: ``/sites/{id}/pages`` takes ``type`` and
``published_from``/``published_to`` (days, Asia/Shanghai, on the first publication) but leaves
filed items out, and ``/sites/{id}/archive`` lists exactly those by ``type`` and ``year`` of
first publication; a figure is the sum of the two counts."""

import pytest
from wagtail.models import PageViewRestriction, Site

from cms.sites.models import SiteIdentity
from knowledgebase.mailbox.selectors import mailbox_statistics
from monitoring.reports.yearly import computed_figures, provider, rows, yearly_report
from monitoring.reports.yearly import providers as yearly_providers
from monitoring.reports.yearly.providers import Figure, Year
from tests import factories

from .conftest import EXPECTED_2025, YEAR, at, item

pytestmark = pytest.mark.django_db
API = "/api/v1"

MANUAL_ROWS = {
    "unique_visitors",
    "page_views",
    "published_overview",
    "service_catalogue",
    "registered_users",
    "service_items_online",
    "cases_total",
    "cases_persons",
    "cases_legal",
    "interviews",
    "interview_questions",
    "interview_answers",
    "security_checks",
    "security_problems",
    "security_fixed",
    "security_monitoring",
    "security_drills",
    "security_officer",
    "has_new_media",
    "weibo_name",
    "weibo_posts",
    "weibo_followers",
    "wechat_name",
    "wechat_posts",
    "wechat_subscribers",
    "new_media_other",
    "multilingual",
    "accessibility",
    "personalised",
    "innovation_other",
    "head",
    "reviewer",
    "filler",
    "phone",
    "filled_on",
}


def test_each_computed_figure_equals_the_data(platform):
    report = yearly_report(site=platform.site, year=YEAR)
    found = {key: report.line(key).value for key in EXPECTED_2025}
    assert found == EXPECTED_2025
    assert all(report.line(key).computed for key in EXPECTED_2025)
    identity = SiteIdentity.objects.get(site=platform.site)
    assert report.line("site_code").value == identity.site_code


def test_rows_without_data_are_to_be_entered(platform):
    report = yearly_report(site=platform.site, year=YEAR)
    missing = {line.row.key for line in report.lines if line.missing}
    assert missing == MANUAL_ROWS
    assert {report.line(key).text for key in MANUAL_ROWS} == {"待填报"}
    # Every row is either computed or to be entered; none is left out, in the official order.
    assert [line.row.key for line in report.lines] == [row.key for row in rows.ROWS]
    assert report.computed_keys | missing == set(rows.ROWS_BY_KEY)


def test_the_average_handling_time_is_the_mailbox_statistics(platform):
    report = yearly_report(site=platform.site, year=YEAR)
    totals, _per_mailbox = mailbox_statistics(
        site_id=platform.site.pk,
        date_from=Year(YEAR).first_day,
        date_to=Year(YEAR).last_day,
    )
    assert totals.average_workdays_to_reply is not None
    assert report.line("messages_average_days").value == totals.average_workdays_to_reply


def test_the_mailbox_figures_agree_with_the_public_api(client, platform):
    report = yearly_report(site=platform.site, year=YEAR)
    answer = client.get(
        f"{API}/sites/{platform.site.pk}/mailbox-statistics",
        {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"},
    )
    assert answer.status_code == 200, answer.content
    totals = answer.json()["totals"]
    assert report.line("messages_received").value == totals["received"] == 3
    assert report.line("messages_closed").value == totals["replied"] == 2
    assert report.line("messages_average_days").value == totals["average_workdays_to_reply"]


def test_the_year_ends_at_midnight_in_shanghai(platform):
    """2024-12-31 23:59 (+08) is 2024's and 2026-01-01 00:00 (+08) is 2026's, although both
    are 2024-12-31 and 2025-12-31 in UTC."""
    before = yearly_report(site=platform.site, year=YEAR - 1)
    assert before.line("published_news").value == 1
    assert before.line("published_catalogue").value == 1
    assert before.line("responses").value == 1
    assert before.line("messages_received").value == 1
    # The 2024 survey, and the topic that ran in 2024 and the one that never ended.
    assert before.line("surveys_held").value == 1
    assert before.line("survey_opinions").value == 1
    assert before.line("topics_maintained").value == 2
    after = yearly_report(site=platform.site, year=YEAR + 1)
    assert after.line("published_news").value == 1
    assert after.line("interpretation_total").value == 1
    assert after.line("interpretation_materials").value == 1
    assert after.line("service_items").value == 3


def test_another_site_counts_nothing_of_this_one(platform):
    report = yearly_report(site=platform.other_site, year=YEAR)
    assert report.line("published_total").value == 0
    assert report.line("responses").value == 0
    # No mailbox there: whether it uses the unified platform is for its administrators to say.
    assert report.line("unified_platform").missing
    assert report.line("smart_answers").missing


def _api_count(client, path: str, **params) -> int:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize(
    ("key", "item_type"),
    [
        ("published_total", None),
        ("published_news", "news"),
        ("published_catalogue", "policy"),
        ("interpretation_total", "interpretation"),
        ("responses", "response"),
        ("surveys_held", "survey"),
    ],
)
def test_published_figures_are_what_the_public_api_lists(client, platform, key, item_type):
    """The public listing, filtered by type and by the first and last day (Asia/Shanghai),
    leaves filed items out; the archive lists them by year of first publication. Both
    together are the report's figure."""
    site_id = platform.site.pk
    typed = {"type": item_type} if item_type else {}
    current = _api_count(
        client,
        f"{API}/sites/{site_id}/pages",
        published_from=f"{YEAR}-01-01",
        published_to=f"{YEAR}-12-31",
        **typed,
    )
    filed = _api_count(client, f"{API}/sites/{site_id}/archive", year=YEAR, **typed)
    assert yearly_report(site=platform.site, year=YEAR).line(key).value == current + filed


def test_the_public_api_sees_the_filed_item_only_in_the_archive(client, platform):
    """The check above is not vacuous: one of 2025's news items is filed."""
    site_id = platform.site.pk
    filed = _api_count(client, f"{API}/sites/{site_id}/archive", year=YEAR, type="news")
    assert filed == 1


def test_a_section_provider_can_be_added(platform, monkeypatch):
    """A later issue fills the new-media rows by registering a provider for its section."""
    monkeypatch.setattr(yearly_providers, "PROVIDERS", {**yearly_providers.PROVIDERS})

    @provider(rows.NEW_MEDIA)
    def new_media(site: Site, year: Year) -> dict[str, Figure]:
        return {"has_new_media": Figure(True, "registered accounts"), "not_a_row": Figure(1, "")}

    figures = computed_figures(platform.site, Year(YEAR))
    assert figures["has_new_media"].value is True
    assert "not_a_row" not in figures


def test_what_the_public_cannot_read_does_not_count(
    client, platform, django_capture_on_commit_callbacks
):
    """An item in a column behind a password is not published to the public: neither the
    report nor the API counts it; once the restriction is lifted both do."""
    with django_capture_on_commit_callbacks(execute=True):
        internal = factories.column(
            platform.site.root_page, "内部通知", owner=platform.office, slug="nbtz"
        )
        restriction = PageViewRestriction.objects.create(
            page=internal, restriction_type=PageViewRestriction.PASSWORD, password="Mima#2026"
        )
        item(internal, "内部新闻", at(2025, 8, 1))

    site_api = f"{API}/sites/{platform.site.pk}"

    def both() -> tuple[int, int]:
        listed = _api_count(
            client,
            f"{site_api}/pages",
            type="news",
            published_from=f"{YEAR}-01-01",
            published_to=f"{YEAR}-12-31",
        )
        filed = _api_count(
            client, f"{API}/sites/{platform.site.pk}/archive", year=YEAR, type="news"
        )
        report = yearly_report(site=platform.site, year=YEAR)
        return report.line("published_news").value, listed + filed

    assert both() == (3, 3)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert both() == (4, 4)
