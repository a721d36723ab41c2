"""What the platform's own data fills in of the yearly report, one provider per section.

Each provider answers, for a site and a year, the rows it can vouch for: a :class:`Figure`
with the value and what it was computed from. A row no provider answers is entered by hand
(待填报 until it is). Providers are registered per section (:func:`provider`), so a later
issue (security, new media) adds its own without touching the others.

The decisions, once:

- The year runs from 1 January 00:00 to 1 January 00:00 of the next year, Asia/Shanghai:
  an item first published on 31 December at 23:30 (+08) counts in that year.
- An item counts in the year of its first publication (``first_published_at``, which the
  platform records and nobody can back-date: ``cms.content.timestamps``).
- Only what the public can read counts: live, below live pages, without a view restriction
  — the public API's rule (``publicapi.services.is_public``), so the figures can be checked
  against it. Filed (archived) items keep their live revision and count: the archive is a
  fact about a page, not its withdrawal. Items taken down (下线, unpublished) do not count:
  they were withdrawn, usually because something in them was wrong, and no public listing
  shows them any more.
- 信息发布 总数 is every information item of the site (every item type: news, notices,
  topics, responses, policy documents, interpretations, surveys, knowledge entries, service
  guides); 政务动态 the news items; 信息公开目录 the policy documents, which carry the
  catalogue's 索引号. The platform has no page type for 概况 (overview) information: manual.
- 政策解读: 解读材料 are the written forms (text, expert, official, press conference), 解读产品
  the produced ones (图解, video, audio, animation/H5), 媒体评论 the media commentaries.
- 回应关切: every response item, to public concern or rebutting a rumour (both answer public
  opinion).
- 移动新媒体: the accounts of the registry (``newmedia``) whose site is this one and that were
  open at some time in the year (opened by its end, their closure not filed before it began).
  Weibo is 微博; WeChat the service and subscription accounts (a mini program has no posts or
  subscribers); every other account is listed under 其他 with its platform. Several accounts on
  one platform: their names joined with 、 and their figures summed. Posts are the imported
  statistics of the year's periods, followers the latest imported figure of the year
  (``newmedia.activity``); a platform's posts or followers are filled only when each of its
  accounts has figures, else left to be entered. A site the registry lists no account for is
  left to its administrators entirely: its accounts may simply not be registered yet.
- The mailbox figures are the mailbox's own (``knowledgebase.mailbox.selectors``); the
  average handling time is in working days, as the platform counts every deadline.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import ContentItemPage, NewsPage, ResponsePage, TopicPage
from cms.sites.models import SiteIdentity, SiteKind
from interpretation.models import InterpretationForm, InterpretationPage, PolicyDocumentPage
from knowledgebase.mailbox.models import Mailbox
from knowledgebase.mailbox.selectors import mailbox_statistics, public_exchanges
from knowledgebase.models import KnowledgeEntryPage, ServiceGuidePage
from knowledgebase.surveys.models import SurveyPage, SurveyResponse
from knowledgebase.surveys.selectors import survey_live_version
from newmedia import activity as newmedia_activity
from newmedia.models import Account, Platform
from publicapi.models import IntegrityCheck

from . import rows

TAMPER_WATCH = _(
    "The platform's tamper check (publication_verify) ran in the year and verified every public "
    "row and released file against its signature."
)
FROM_IDENTITY = _("From the site's identity (网站标识).")
ALL_ITEMS = _("Information items of every type first published in the year, still public.")
NEWS_ITEMS = _("News items (动态要闻) first published in the year, still public.")
POLICY_ITEMS = _("Policy documents (政策文件) first published in the year, still public.")
TOPICS_LIVE = _(
    "Special topics public at the end of the year, opened before it ended and not ended "
    "before it began."
)
TOPICS_NEW = _("Special topics first published in the year, still public.")
INTERPRETATIONS_ALL = _("Interpretations first published in the year, still public.")
INTERPRETATION_MATERIALS = _(
    "Interpretations in text, by experts, by officials or at press conferences."
)
INTERPRETATION_PRODUCTS = _("Interpretations as graphics, video, audio or animation (H5).")
INTERPRETATION_COMMENTARY = _("Interpretations in the form of media commentary.")
RESPONSE_ITEMS = _(
    "Responses to public concern and rumour rebuttals first published in the year, still public."
)
GUIDES = _("Service guides public on the site, first published by the end of the year.")
MAILBOXES = _("The site has mailboxes on the platform.")
MESSAGES_RECEIVED = _("Messages received in the year, by the mailbox statistics.")
MESSAGES_CLOSED = _("Of those, messages with an approved reply.")
MESSAGES_DAYS = _("Working days from receipt to the approved reply, on average.")
MESSAGES_PUBLIC = _("Of those, replies the public reads (the sender agreed).")
SURVEYS_HELD = _("Surveys and solicitations first published in the year, still public.")
SURVEY_OPINIONS = _("Responses submitted in the year to the site's public surveys.")
SURVEY_RESULTS = _("Of the year's surveys, those whose published version has its result.")
SMART_ANSWERS = _("The site has public knowledge-base entries, answered automatically.")
NEW_MEDIA_ACCOUNTS = _(
    "Accounts of the site in the new-media registry that were open at some time in the year."
)
NEW_MEDIA_POSTS = _("Posts in the imported statistics of the year, summed over the accounts.")
NEW_MEDIA_FOLLOWERS = _(
    "The latest imported figure of the year of each account, summed over the accounts."
)
SEARCH_AS_SERVICE = _("The platform's search answers with direct answers and services.")

SITE_TYPES = {
    SiteKind.PORTAL: _("Government portal website"),
    SiteKind.DEPARTMENT: _("Department website"),
    SiteKind.TOWNSHIP: _("Other"),
}
MATERIAL_FORMS = (
    InterpretationForm.TEXT,
    InterpretationForm.EXPERT,
    InterpretationForm.OFFICIAL,
    InterpretationForm.PRESS_CONFERENCE,
)
WEIBO_PLATFORMS = (Platform.WEIBO,)
WECHAT_PLATFORMS = (Platform.WECHAT_SERVICE, Platform.WECHAT_SUBSCRIPTION)
PRODUCT_FORMS = (
    InterpretationForm.GRAPHIC,
    InterpretationForm.VIDEO,
    InterpretationForm.AUDIO,
    InterpretationForm.ANIMATION,
)


@dataclass(frozen=True)
class Figure:
    value: int | float | bool | str
    source: Promise | str


@dataclass(frozen=True)
class Year:
    """A report's year in the platform's time zone (Asia/Shanghai)."""

    number: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.number, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.number, 12, 31)

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.number, 1, 1))

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the year."""
        return timezone.make_aware(datetime.datetime(self.number + 1, 1, 1))

    def during(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


Provider = Callable[[Site, Year], dict[str, Figure]]
PROVIDERS: dict[str, list[Provider]] = {}


def provider(section: rows.Section) -> Callable[[Provider], Provider]:
    """Register a function that fills rows of ``section``."""

    def register(function: Provider) -> Provider:
        # A new list, never the registered one extended: a copy of the registry (a test's)
        # then registers without touching the original.
        PROVIDERS[section.key] = [*PROVIDERS.get(section.key, []), function]
        return function

    return register


def computed_figures(site: Site, year: Year) -> dict[str, Figure]:
    """Every row the platform's data fills for ``site`` in ``year``, by row key."""
    figures: dict[str, Figure] = {}
    for section in rows.SECTIONS:
        for function in PROVIDERS.get(section.key, []):
            found = function(site, year)
            figures.update(
                {key: figure for key, figure in found.items() if key in rows.ROWS_BY_KEY}
            )
    return figures


# --- What the public reads of a site ---------------------------------------------------------


def public_pages(site: Site) -> QuerySet[Page]:
    """The site's pages the public reads: live, below live pages, no view restriction on them
    or above them (the public API's rule)."""
    root = site.root_page
    below = Page.objects.filter(path__startswith=root.path)
    hiding = below.filter(
        Q(live=False) & Q(numchild__gt=0)
        | Q(pk__in=PageViewRestriction.objects.values("page_id"))
        | Q(pk=root.pk, live=False)
    ).values_list("path", flat=True)
    pages = below.filter(live=True)
    for path in hiding:
        pages = pages.exclude(path__startswith=path)
    return pages


def item_models() -> list[type[ContentItemPage]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ContentItemPage) and not model._meta.abstract
    ]


def public_items(site: Site, *models: type[ContentItemPage]) -> QuerySet[Page]:
    """The public pages of ``site`` of exactly these item types (every type if none given)."""
    types = ContentType.objects.get_for_models(*(models or item_models())).values()
    return public_pages(site).filter(content_type__in=list(types))


def published_in(site: Site, year: Year, *models: type[ContentItemPage]) -> QuerySet[Page]:
    return public_items(site, *models).filter(year.during("first_published_at"))


# --- The sections -----------------------------------------------------------------------------


@provider(rows.IDENTITY)
def identity_figures(site: Site, year: Year) -> dict[str, Figure]:
    identity = SiteIdentity.objects.filter(site=site).select_related("sponsor_unit").first()
    if identity is None:
        return {"site_name": Figure(site.site_name or site.hostname, FROM_IDENTITY)}
    found = {
        "site_name": site.site_name or site.hostname,
        "home_url": f"https://{identity.english_domain}/" if identity.english_domain else "",
        "sponsor": identity.sponsor_unit.name if identity.sponsor_unit else "",
        "site_type": str(SITE_TYPES.get(identity.kind, "")),
        "site_code": identity.site_code,
        "icp_number": identity.icp_number,
        "psb_number": identity.psb_number,
    }
    return {key: Figure(value, FROM_IDENTITY) for key, value in found.items() if value}


@provider(rows.PUBLISHING)
def publishing_figures(site: Site, year: Year) -> dict[str, Figure]:
    return {
        "published_total": Figure(published_in(site, year).count(), ALL_ITEMS),
        "published_news": Figure(published_in(site, year, NewsPage).count(), NEWS_ITEMS),
        "published_catalogue": Figure(
            published_in(site, year, PolicyDocumentPage).count(), POLICY_ITEMS
        ),
    }


@provider(rows.TOPICS)
def topic_figures(site: Site, year: Year) -> dict[str, Figure]:
    topics = TopicPage.objects.filter(pk__in=public_items(site, TopicPage).values("pk"))
    maintained = topics.filter(first_published_at__lt=year.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=year.first_day)
    )
    opened = topics.filter(year.during("first_published_at"))
    return {
        "topics_maintained": Figure(maintained.count(), TOPICS_LIVE),
        "topics_opened": Figure(opened.count(), TOPICS_NEW),
    }


@provider(rows.INTERPRETATION)
def interpretation_figures(site: Site, year: Year) -> dict[str, Figure]:
    ids = published_in(site, year, InterpretationPage).values("pk")
    by_form = dict(
        InterpretationPage.objects.filter(pk__in=ids)
        .values_list("form")
        .annotate(n=Count("pk"))
        .values_list("form", "n")
    )
    return {
        "interpretation_total": Figure(sum(by_form.values()), INTERPRETATIONS_ALL),
        "interpretation_materials": Figure(
            sum(by_form.get(form, 0) for form in MATERIAL_FORMS), INTERPRETATION_MATERIALS
        ),
        "interpretation_products": Figure(
            sum(by_form.get(form, 0) for form in PRODUCT_FORMS), INTERPRETATION_PRODUCTS
        ),
        "interpretation_commentary": Figure(
            by_form.get(InterpretationForm.MEDIA_COMMENTARY, 0), INTERPRETATION_COMMENTARY
        ),
    }


@provider(rows.RESPONSES)
def response_figures(site: Site, year: Year) -> dict[str, Figure]:
    return {"responses": Figure(published_in(site, year, ResponsePage).count(), RESPONSE_ITEMS)}


@provider(rows.SERVICES)
def service_figures(site: Site, year: Year) -> dict[str, Figure]:
    guides = public_items(site, ServiceGuidePage).filter(first_published_at__lt=year.end)
    return {"service_items": Figure(guides.count(), GUIDES)}


@provider(rows.INTERACTION)
def interaction_figures(site: Site, year: Year) -> dict[str, Figure]:
    found: dict[str, Figure] = {}
    if Mailbox.objects.filter(site=site).exists():
        totals, _per_mailbox = mailbox_statistics(
            site_id=site.pk, date_from=year.first_day, date_to=year.last_day
        )
        public = public_exchanges(site_id=site.pk).filter(year.during("received_at"))
        found.update(
            unified_platform=Figure(True, MAILBOXES),
            messages_received=Figure(totals.received, MESSAGES_RECEIVED),
            messages_closed=Figure(totals.replied, MESSAGES_CLOSED),
            messages_public=Figure(public.count(), MESSAGES_PUBLIC),
        )
        if totals.average_workdays_to_reply is not None:
            found["messages_average_days"] = Figure(
                float(totals.average_workdays_to_reply), MESSAGES_DAYS
            )
    surveys = SurveyPage.objects.filter(pk__in=published_in(site, year, SurveyPage).values("pk"))
    results = 0
    for survey in surveys.select_related("live_revision"):
        version = survey_live_version(survey=survey)
        results += bool(version is not None and version.result_published)
    opinions = SurveyResponse.objects.filter(
        year.during("submitted_at"),
        survey_id__in=public_items(site, SurveyPage).values("pk"),
    )
    found.update(
        surveys_held=Figure(surveys.count(), SURVEYS_HELD),
        survey_opinions=Figure(opinions.count(), SURVEY_OPINIONS),
        survey_results=Figure(results, SURVEY_RESULTS),
    )
    if public_items(site, KnowledgeEntryPage).exists():
        found["smart_answers"] = Figure(True, SMART_ANSWERS)
    return found


@provider(rows.NEW_MEDIA)
def new_media_figures(site: Site, year: Year) -> dict[str, Figure]:
    accounts = newmedia_activity.ran_between(
        Account.objects.filter(site=site).order_by("sponsor_unit__path", "name", "pk"),
        year.first_day,
        year.last_day,
    )
    if not accounts:
        return {}
    ids = [account.pk for account in accounts]
    posts = newmedia_activity.posts_between(ids, year.first_day, year.last_day)
    followers = newmedia_activity.followers_on(ids, year.last_day)
    found = {"has_new_media": Figure(True, NEW_MEDIA_ACCOUNTS)}
    for prefix, platforms, audience in (
        ("weibo", WEIBO_PLATFORMS, "followers"),
        ("wechat", WECHAT_PLATFORMS, "subscribers"),
    ):
        these = [account for account in accounts if account.platform in platforms]
        if not these:
            continue
        found[f"{prefix}_name"] = Figure("、".join(a.name for a in these), NEW_MEDIA_ACCOUNTS)
        if all(a.pk in posts for a in these):
            found[f"{prefix}_posts"] = Figure(sum(posts[a.pk] for a in these), NEW_MEDIA_POSTS)
        if all(a.pk in followers for a in these):
            found[f"{prefix}_{audience}"] = Figure(
                sum(followers[a.pk] for a in these), NEW_MEDIA_FOLLOWERS
            )
    others = [a for a in accounts if a.platform not in (*WEIBO_PLATFORMS, *WECHAT_PLATFORMS)]
    if others:
        found["new_media_other"] = Figure(
            "、".join(f"{a.name}（{a.platform_label}）" for a in others),
            NEW_MEDIA_ACCOUNTS,
        )
    return found


@provider(rows.INNOVATION)
def innovation_figures(site: Site, year: Year) -> dict[str, Figure]:
    return {"search_as_service": Figure(True, SEARCH_AS_SERVICE)}


@provider(rows.SECURITY)
def security_figures(site: Site, year: Year) -> dict[str, Figure]:
    """Only the watch the platform itself keeps: the tests, assessments, drills and the problems
    they found are the unit's own records, entered by hand (a tamper finding is one problem
    among those, so the count is not the platform's to fill)."""
    checks = IntegrityCheck.objects.filter(year.during("finished_at")).exclude(
        result=IntegrityCheck.Result.WRONG_KEY
    )
    if not checks.exists():
        return {}
    return {"security_monitoring": Figure(True, TAMPER_WATCH)}
