"""The rows of the 政府网站工作年度报表, in the official order, and what a value of each may be.

This module decides the report's shape: its sections, the headings of its rows (English
sources, the template's Chinese headings in the catalogue), the kind of value each row holds,
how a value typed by hand is checked and stored, and how a value is shown. Whether a row is
filled from the platform's data is decided by the section providers (:mod:`.providers`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_A_COUNT = _("Enter a whole number, zero or more.")
NOT_A_NUMBER = _("Enter a number, zero or more, with at most two decimal places.")
NOT_YES_OR_NO = _("Choose yes or no.")
NOT_A_DATE = _("Enter a date as YYYY-MM-DD.")
TOO_LONG = _("Enter at most 200 characters.")

YES = _("Yes")
NO = _("No")
TO_BE_ENTERED = _("To be entered (待填报)")
MAX_TEXT = 200
MAX_DIGITS = 15  # beyond any site's figure; keeps the stored text short
MAX_COUNT = 10**MAX_DIGITS - 1


class Kind(StrEnum):
    COUNT = "count"  # a whole number, zero or more
    NUMBER = "number"  # a number, zero or more, at most two decimal places
    YES_NO = "yes_no"
    TEXT = "text"
    DATE = "date"


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise


@dataclass(frozen=True)
class Row:
    key: str
    section: Section
    label: Promise
    kind: Kind
    group: Promise | str = ""


IDENTITY = Section("identity", _("Basic information of the website"))
PUBLISHING = Section("publishing", _("Information published (unit: items)"))
TOPICS = Section("topics", _("Special columns and topics"))
INTERPRETATION = Section("interpretation", _("Policy interpretation (unit: items)"))
RESPONSES = Section("responses", _("Responses to public concern"))
SERVICES = Section("services", _("Government services"))
INTERACTION = Section("interaction", _("Interaction and exchange"))
SECURITY = Section("security", _("Security protection"))
NEW_MEDIA = Section("new_media", _("Mobile new media"))
INNOVATION = Section("innovation", _("Innovation and development"))
SIGN_OFF = Section("sign_off", _("Report sign-off"))

MESSAGES = _("Message handling")
SURVEYS = _("Solicitations and surveys")
INTERVIEWS = _("Online interviews")
CASES = _("Cases handled (unit: cases)")
WEIBO = _("Weibo")
WECHAT = _("WeChat")

K = Kind
ROWS: tuple[Row, ...] = (
    Row("site_name", IDENTITY, _("Website name"), K.TEXT),
    Row("home_url", IDENTITY, _("Home page address"), K.TEXT),
    Row("sponsor", IDENTITY, _("Sponsoring unit (主办单位)"), K.TEXT),
    Row("site_type", IDENTITY, _("Type of website"), K.TEXT),
    Row("site_code", IDENTITY, _("Government website identifier code"), K.TEXT),
    Row("icp_number", IDENTITY, _("ICP filing number (ICP备案号)"), K.TEXT),
    Row("psb_number", IDENTITY, _("Public security filing number (公安机关备案号)"), K.TEXT),
    Row("unique_visitors", IDENTITY, _("Unique visitors in total (unit: visitors)"), K.COUNT),
    Row("page_views", IDENTITY, _("Visits to the website in total (unit: visits)"), K.COUNT),
    Row("published_total", PUBLISHING, _("Total"), K.COUNT),
    Row("published_overview", PUBLISHING, _("Overview information updated"), K.COUNT),
    Row("published_news", PUBLISHING, _("Government news updated"), K.COUNT),
    Row("published_catalogue", PUBLISHING, _("Disclosure catalogue information updated"), K.COUNT),
    Row("topics_maintained", TOPICS, _("Maintained (unit: topics)"), K.COUNT),
    Row("topics_opened", TOPICS, _("Newly opened (unit: topics)"), K.COUNT),
    Row("interpretation_total", INTERPRETATION, _("Total"), K.COUNT),
    Row("interpretation_materials", INTERPRETATION, _("Interpretation materials"), K.COUNT),
    Row("interpretation_products", INTERPRETATION, _("Interpretation products"), K.COUNT),
    Row("interpretation_commentary", INTERPRETATION, _("Media commentary articles"), K.COUNT),
    Row(
        "responses",
        RESPONSES,
        _("Responses to public concern or major public opinion (unit: times)"),
        K.COUNT,
    ),
    Row("service_catalogue", SERVICES, _("Service catalogue published"), K.YES_NO),
    Row("registered_users", SERVICES, _("Registered users (unit: users)"), K.COUNT),
    Row("service_items", SERVICES, _("Government service items (unit: items)"), K.COUNT),
    Row(
        "service_items_online",
        SERVICES,
        _("Service items handled wholly online (unit: items)"),
        K.COUNT,
    ),
    Row("cases_total", SERVICES, _("Total"), K.COUNT, CASES),
    Row("cases_persons", SERVICES, _("Cases of natural persons"), K.COUNT, CASES),
    Row("cases_legal", SERVICES, _("Cases of legal persons"), K.COUNT, CASES),
    Row("unified_platform", INTERACTION, _("Uses the unified interaction platform"), K.YES_NO),
    Row("messages_received", INTERACTION, _("Messages received (unit: items)"), K.COUNT, MESSAGES),
    Row("messages_closed", INTERACTION, _("Messages closed (unit: items)"), K.COUNT, MESSAGES),
    Row(
        "messages_average_days",
        INTERACTION,
        _("Average handling time (unit: days)"),
        K.NUMBER,
        MESSAGES,
    ),
    Row("messages_public", INTERACTION, _("Replies made public (unit: items)"), K.COUNT, MESSAGES),
    Row("surveys_held", INTERACTION, _("Surveys held (unit: rounds)"), K.COUNT, SURVEYS),
    Row("survey_opinions", INTERACTION, _("Opinions received (unit: items)"), K.COUNT, SURVEYS),
    Row(
        "survey_results",
        INTERACTION,
        _("Survey results published (unit: rounds)"),
        K.COUNT,
        SURVEYS,
    ),
    Row("interviews", INTERACTION, _("Interviews held (unit: rounds)"), K.COUNT, INTERVIEWS),
    Row(
        "interview_questions",
        INTERACTION,
        _("Questions from the public (unit: items)"),
        K.COUNT,
        INTERVIEWS,
    ),
    Row(
        "interview_answers",
        INTERACTION,
        _("Questions answered (unit: items)"),
        K.COUNT,
        INTERVIEWS,
    ),
    Row("smart_answers", INTERACTION, _("Provides intelligent question answering"), K.YES_NO),
    Row("security_checks", SECURITY, _("Security tests and assessments (unit: times)"), K.COUNT),
    Row("security_problems", SECURITY, _("Problems found (unit: problems)"), K.COUNT),
    Row("security_fixed", SECURITY, _("Problems corrected (unit: problems)"), K.COUNT),
    Row("security_monitoring", SECURITY, _("Security monitoring and warning in place"), K.YES_NO),
    Row("security_drills", SECURITY, _("Emergency drills held"), K.YES_NO),
    Row("security_officer", SECURITY, _("Person responsible for security named"), K.YES_NO),
    Row("has_new_media", NEW_MEDIA, _("Has mobile new media"), K.YES_NO),
    Row("weibo_name", NEW_MEDIA, _("Account name"), K.TEXT, WEIBO),
    Row("weibo_posts", NEW_MEDIA, _("Posts published (unit: items)"), K.COUNT, WEIBO),
    Row("weibo_followers", NEW_MEDIA, _("Followers (unit: followers)"), K.COUNT, WEIBO),
    Row("wechat_name", NEW_MEDIA, _("Account name"), K.TEXT, WECHAT),
    Row("wechat_posts", NEW_MEDIA, _("Posts published (unit: items)"), K.COUNT, WECHAT),
    Row("wechat_subscribers", NEW_MEDIA, _("Subscribers (unit: subscribers)"), K.COUNT, WECHAT),
    Row("new_media_other", NEW_MEDIA, _("Other"), K.TEXT),
    Row("search_as_service", INNOVATION, _("Search as a service"), K.YES_NO),
    Row("multilingual", INNOVATION, _("Versions in other languages"), K.YES_NO),
    Row("accessibility", INNOVATION, _("Accessible browsing"), K.YES_NO),
    Row("personalised", INNOVATION, _("Personalised site for each user (千人千网)"), K.YES_NO),
    Row("innovation_other", INNOVATION, _("Other"), K.TEXT),
    Row("head", SIGN_OFF, _("Head of the unit"), K.TEXT),
    Row("reviewer", SIGN_OFF, _("Reviewed by"), K.TEXT),
    Row("filler", SIGN_OFF, _("Filled in by"), K.TEXT),
    Row("phone", SIGN_OFF, _("Contact telephone"), K.TEXT),
    Row("filled_on", SIGN_OFF, _("Date filled in"), K.DATE),
)
ROWS_BY_KEY: dict[str, Row] = {row.key: row for row in ROWS}
SECTIONS: tuple[Section, ...] = tuple(dict.fromkeys(row.section for row in ROWS))


def stored_value(row: Row, typed: str) -> str:
    """What is kept of ``typed`` for ``row``: its normal form, or a ValidationError with the
    row's message. An empty text is not a value (the caller clears the entry)."""
    text = typed.strip()
    if row.kind == Kind.COUNT:
        if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
            raise ValidationError(NOT_A_COUNT, code="count")
        return str(int(text))
    if row.kind == Kind.NUMBER:
        try:
            number = Decimal(text)
            wrong = (
                not number.is_finite() or not 0 <= number <= MAX_COUNT or number != round(number, 2)
            )
        except (InvalidOperation, ValueError):  # not a number; more digits than it can hold
            wrong = True
        if wrong:
            raise ValidationError(NOT_A_NUMBER, code="number")
        return format(number.normalize(), "f")
    if row.kind == Kind.YES_NO:
        if text not in {"yes", "no"}:
            raise ValidationError(NOT_YES_OR_NO, code="yes_no")
        return text
    if row.kind == Kind.DATE:
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(NOT_A_DATE, code="date") from None
    if len(text) > MAX_TEXT:
        raise ValidationError(TOO_LONG, code="length")
    return text


def typed_value(row: Row, stored: str) -> int | float | bool | str:
    """A stored value as the figure it stands for."""
    if row.kind == Kind.COUNT:
        return int(stored)
    if row.kind == Kind.NUMBER:
        return float(stored)
    if row.kind == Kind.YES_NO:
        return stored == "yes"
    return stored


def shown(value) -> str:
    """A figure as the report shows it (HTML and XLSX alike); ``None``: 待填报."""
    if value is None:
        return str(TO_BE_ENTERED)
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
