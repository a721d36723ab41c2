"""The rescan of live content (issue 14 part 4): what the public sees is scanned again when the
dictionary or the content changes, and only that; drafts never.

Pages are made live through the platform's publication (``factories.publish_reviewed``, the
clearance the review chain writes) and reach the public read model through its own on-commit
refreshes, which ``live`` runs.
"""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.content.models import ColumnPage
from cms.jobs.models import JobRun
from cms.jobs.runs import RunInProgress
from editorial.prechecks.models import SensitiveTerm
from monitoring.content import rescan, selectors
from monitoring.content.models import ContentHit, ScannedPage, ScanState
from publicapi.models import PublicPage
from tests import factories

pytestmark = pytest.mark.django_db

NEW_TERM = "惠民举措"
OLD_TERM = "截止目前"


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """``with live(): ...`` runs the read model's refreshes at the block's end, as a commit does."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def platform(live):
    office = factories.unit("渭滨区人民政府办公室")
    bureau = factories.unit("渭滨区市场监督管理局")
    with live():
        site = factories.site("渭滨区人民政府", sponsor=office)
        news = factories.column(site.root_page, "动态要闻", owner=office, slug="dongtai")
        market = factories.column(site.root_page, "市场监管", owner=bureau, slug="shichang")
        first = factories.news(
            news, "区政府召开常务会议", body=f"<p>会议指出，{NEW_TERM}要落实。</p>"
        )
        second = factories.news(
            market, "开展食品安全检查", body=f"<p>{OLD_TERM}，共检查三百家。{NEW_TERM}。</p>"
        )
        clean = factories.news(market, "春季招聘会", body="<p>提供岗位一千二百个。</p>")
        # A draft never published, and a live page whose newer draft carries the term.
        draft = factories.news(news, "草稿", publish=False, body=f"<p>{NEW_TERM}</p>")
        edited = factories.news(news, "已发布", body="<p>已发布的正文。</p>")
        edited.body = f"<p>尚未审核的{NEW_TERM}</p>"
        edited.save_revision()
    assert PublicPage.objects.filter(page_id=first.pk).exists()
    SensitiveTerm.objects.create(
        term=OLD_TERM, correction="截至目前", category="wrong", severity="warning"
    )
    return {
        "site": site,
        "office": office,
        "bureau": bureau,
        "news": news,
        "market": market,
        "first": first,
        "second": second,
        "clean": clean,
        "draft": draft,
        "edited": edited,
    }


def _hits() -> set[tuple[int, str]]:
    return set(ContentHit.objects.values_list("page_id", "term"))


def test_a_newly_added_term_is_found_in_live_content_by_the_next_pass_not_in_drafts(platform):
    first = rescan.rescan()
    assert first.full_pass
    assert _hits() == {(platform["second"].pk, OLD_TERM)}

    SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive", severity="blocking")
    report = rescan.rescan()

    assert not report.full_pass
    assert report.terms_added == 1
    assert report.pages_changed == 0
    # Every live page was read for the new term; only those holding it were scanned again.
    assert report.pages_read_for_new_terms == PublicPage.objects.count()
    assert report.pages_rescanned == 2
    assert _hits() == {
        (platform["second"].pk, OLD_TERM),
        (platform["first"].pk, NEW_TERM),
        (platform["second"].pk, NEW_TERM),
    }
    hit = ContentHit.objects.get(page_id=platform["first"].pk)
    assert (hit.unit_id, hit.site_id, hit.column_id) == (
        platform["office"].pk,
        platform["site"].pk,
        platform["news"].pk,
    )
    assert hit.blocking and hit.severity == "blocking"
    assert NEW_TERM in hit.excerpt
    assert hit.start == fresh_text(platform["first"]).index(NEW_TERM)


def fresh_text(page) -> str:
    return PublicPage.objects.get(page_id=page.pk).search_text


def test_each_occurrence_is_counted_on_one_hit_per_page_and_term(platform, live):
    page = platform["clean"]
    page.body = f"<p>{OLD_TERM}一。{OLD_TERM}二。{OLD_TERM}三。</p>"
    with live():
        factories.publish_reviewed(page.save_revision())
    rescan.rescan()
    hit = ContentHit.objects.get(page_id=page.pk)
    assert hit.occurrences == 3
    assert hit.correction == "截至目前"


def test_a_deactivated_term_loses_its_hits_and_a_reactivated_one_finds_them_again(platform):
    SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive", severity="blocking")
    rescan.rescan()
    assert len(_hits()) == 3

    term = SensitiveTerm.objects.get(term=NEW_TERM)
    term.is_active = False
    term.save()
    report = rescan.rescan()
    assert report.terms_removed == 1
    assert _hits() == {(platform["second"].pk, OLD_TERM)}

    term.is_active = True
    term.save()
    rescan.rescan()
    assert len(_hits()) == 3


def test_a_term_whose_severity_changes_changes_its_hits(platform):
    rescan.rescan()
    SensitiveTerm.objects.filter(term=OLD_TERM).update(severity="blocking")
    report = rescan.rescan()
    assert report.terms_changed == 1
    assert ContentHit.objects.get(term=OLD_TERM).blocking


def test_a_new_longer_term_hides_the_shorter_one_it_contains(platform):
    """As the pre-publication scan does: the pages a new term is found in are scanned again
    with the whole dictionary, not only given the new term's hit."""
    rescan.rescan()
    SensitiveTerm.objects.create(term=f"{OLD_TERM}，共检查", category="wrong", severity="warning")
    rescan.rescan()
    assert _hits() == {(platform["second"].pk, f"{OLD_TERM}，共检查")}


def test_a_page_republished_without_the_term_loses_its_hit(platform, live):
    rescan.rescan()
    page = platform["second"]
    found = ContentHit.objects.get(page_id=page.pk, term=OLD_TERM)

    # Still there while the correction waits for review.
    page.body = "<p>截至目前，共检查三百家。</p>"
    page.save_revision()
    rescan.rescan()
    assert ContentHit.objects.filter(pk=found.pk).exists()

    with live():
        factories.publish_reviewed(page.save_revision())
    report = rescan.rescan()
    assert report.pages_changed == 1
    assert report.pages_rescanned == 1
    assert not ContentHit.objects.filter(page_id=page.pk).exists()


def test_a_hit_keeps_when_it_was_first_found_across_republication(platform, live):
    rescan.rescan()
    page = platform["second"]
    found = ContentHit.objects.get(page_id=page.pk, term=OLD_TERM)
    page.title = "开展食品安全检查（更新）"
    with live():
        factories.publish_reviewed(page.save_revision())
    rescan.rescan()
    again = ContentHit.objects.get(page_id=page.pk, term=OLD_TERM)
    assert again.first_found_at == found.first_found_at
    assert again.last_seen_at > found.last_seen_at


def test_a_page_taken_offline_loses_its_hits(platform, live):
    rescan.rescan()
    with live():
        platform["second"].unpublish()
    report = rescan.rescan()
    assert report.pages_gone == 1
    assert _hits() == set()
    assert not ScannedPage.objects.filter(page_id=platform["second"].pk).exists()


def test_counts_per_unit_and_the_list_blocking_first(platform):
    SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive", severity="blocking")
    rescan.rescan()
    counts = selectors.hit_counts_by_unit()
    assert counts == [
        (platform["bureau"].pk, "渭滨区市场监督管理局", 1, 1),
        (platform["office"].pk, "渭滨区人民政府办公室", 1, 0),
    ]
    assert selectors.hit_counts_by_unit(unit_ids=[platform["office"].pk]) == [
        (platform["office"].pk, "渭滨区人民政府办公室", 1, 0)
    ]
    assert selectors.hit_counts_by_unit(site_ids=[platform["site"].pk + 1000]) == []
    listed = list(selectors.hits(unit_ids=[platform["bureau"].pk]))
    assert [(hit.term, hit.blocking) for hit in listed] == [(NEW_TERM, True), (OLD_TERM, False)]
    assert [hit.page_id for hit in selectors.hits(site_ids=[platform["site"].pk])][-1] == (
        platform["second"].pk
    )


def test_hits_follow_a_column_given_to_another_unit(platform, live):
    rescan.rescan()
    market = ColumnPage.objects.get(pk=platform["market"].pk)
    market.responsible_unit = platform["office"]
    with live():
        factories.publish_reviewed(market.save_revision())
    rescan.rescan()
    assert ContentHit.objects.get(term=OLD_TERM).unit_id == platform["office"].pk


def _another_run(expires_in) -> JobRun:
    """Another rescan's row in the job lock, expiring ``expires_in`` from now."""
    now = timezone.now()
    return JobRun.objects.create(
        name=rescan.JOB, holder="cms-2:4711", started_at=now, expires_at=now + expires_in
    )


def test_a_second_concurrent_run_is_refused_in_chinese_and_changes_nothing(platform):
    rescan.rescan()
    SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive", severity="blocking")
    other = _another_run(timedelta(hours=1))
    with pytest.raises(CommandError) as refused:
        call_command("monitor_content")
    assert "另一个内容巡检" in str(refused.value) and "cms-2:4711" in str(refused.value)
    assert _hits() == {(platform["second"].pk, OLD_TERM)}
    # Once the other run has finished, the next one runs.
    other.delete()
    call_command("monitor_content", stdout=open("/dev/null", "w"))
    assert len(_hits()) == 3


def test_a_lock_left_by_a_killed_run_frees_itself(platform):
    _another_run(-timedelta(minutes=1))
    rescan.rescan()
    assert _hits() == {(platform["second"].pk, OLD_TERM)}
    assert not JobRun.objects.exists()


def test_a_lock_held_just_inside_its_time_is_respected(platform):
    _another_run(timedelta(minutes=1))
    with pytest.raises(RunInProgress):
        rescan.rescan()


def test_reruns_are_idempotent(platform, capsys):
    SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive", severity="blocking")
    call_command("monitor_content")
    before = list(ContentHit.objects.order_by("pk").values())
    report = rescan.rescan()
    assert (report.pages_changed, report.pages_rescanned, report.pages_read_for_new_terms) == (
        0,
        0,
        0,
    )
    capsys.readouterr()
    call_command("monitor_content", "--full", verbosity=2)
    after = list(ContentHit.objects.order_by("pk").values())
    strip = {"id", "last_seen_at"}
    assert [{k: v for k, v in row.items() if k not in strip} for row in after] == [
        {k: v for k, v in row.items() if k not in strip} for row in before
    ]
    out = capsys.readouterr().out
    pages = PublicPage.objects.count()
    assert f"全量扫描：已扫描网页 {pages} 个" in out  # progress, with -v 2
    assert f"全量扫描：扫描网页 {pages} 个。" in out
    assert "发现问题：巡检前 3 处，现在 3 处" in out


def test_a_killed_full_pass_resumes_where_it_stopped(platform, monkeypatch):
    monkeypatch.setattr(rescan, "BATCH", 2)
    calls = []

    def killed(message):
        calls.append(message)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rescan.rescan(progress=killed)
    state = ScanState.objects.get(pk=1)
    assert state.full_pass_position is not None
    assert not JobRun.objects.exists()  # the lock was given back

    report = rescan.rescan()
    assert report.resumed
    assert report.pages_in_full_pass == PublicPage.objects.count() - 4
    assert _hits() == {(platform["second"].pk, OLD_TERM)}
    assert ScanState.objects.get(pk=1).full_pass_position is None


def test_the_dashboard_knows_when_the_dictionary_changed_since_the_last_pass(platform):
    assert selectors.pending_dictionary_change()
    rescan.rescan()
    assert not selectors.pending_dictionary_change()
    term = SensitiveTerm.objects.create(term=NEW_TERM, category="sensitive")
    assert selectors.pending_dictionary_change()
    rescan.rescan()
    assert not selectors.pending_dictionary_change()
    term.correction = "惠民措施"
    term.save()
    assert selectors.pending_dictionary_change()


def test_a_column_is_its_own_units_and_a_site_home_the_operating_units(platform):
    SensitiveTerm.objects.create(term="市场监管", category="wrong")
    SensitiveTerm.objects.create(term="渭滨区人民政府", category="wrong")
    rescan.rescan()
    market = ContentHit.objects.get(page_id=platform["market"].pk, term="市场监管")
    assert market.unit_id == platform["bureau"].pk
    home = ContentHit.objects.get(page_id=platform["site"].root_page_id, term="渭滨区人民政府")
    assert home.unit_id == platform["office"].pk  # the site's operator (承办单位)
    assert home.column_id is None
