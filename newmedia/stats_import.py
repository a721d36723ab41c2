"""Import of a platform's statistics (CSV or XLSX): which rows are good, and writing them.

Columns (the header row, Chinese as the platforms' exports and units' spreadsheets have them):
账号ID or 账号名称 (one of them), 统计期 (a month such as 2026-11, or a day such as 2026-11-05),
发文数, 粉丝数 or 关注数, 阅读量, and optionally 最后发文日期 (the day of the last post in a
month, when the platform gives it; see :mod:`newmedia.activity`).

All or nothing: when any row is bad, each bad row gets its message and nothing is written. An
account is found by its ID (or name) among the registry's accounts that are not ended; an
account of a unit the importer does not manage (:mod:`newmedia.access`) is refused; the
operator's command (``newmedia_import_stats``) imports for every unit. A period
imported again replaces its figures.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.messages import message
from cms.tabular import Columns, RowError, TabularFileError, csv_records, decode

from . import access
from .activity import month_end
from .models import ENDED_STATES, Account, AccountActivity, ActivityPeriod

ACCOUNT_ID, NAME, PERIOD, POSTS = "账号id", "账号名称", "统计期", "发文数"
FOLLOWERS, FOLLOWERS_ALT, READS, LAST_POST = "粉丝数", "关注数", "阅读量", "最后发文日期"
COLUMNS = Columns(
    names=(ACCOUNT_ID, NAME, PERIOD, POSTS, FOLLOWERS, FOLLOWERS_ALT, READS, LAST_POST),
    required=(PERIOD, POSTS),
)

NO_ACCOUNT_COLUMN = _("The header row needs a column “账号ID” or “账号名称”.")
XLSX_UNREADABLE = _("The file is not a readable XLSX workbook.")
UNKNOWN_SUFFIX = _("Import a .csv or .xlsx file.")
NO_SUCH_ACCOUNT = _("No registered account has this ID or name.")
AMBIGUOUS_ACCOUNT = _("Several registered accounts have this ID or name; use the account ID.")
NOT_YOURS = _("This account belongs to a unit you do not manage.")
BAD_PERIOD = _("Write a month such as 2026-11 or a day such as 2026-11-05.")
FUTURE_PERIOD = _("This period has not begun yet.")
BAD_NUMBER = _("Write a whole number, 0 or more.")
BAD_DATE = _("Write a day such as 2026-11-05.")
LAST_POST_OUTSIDE = _("The day of the last post must fall within the month of the row.")
LAST_POST_DAILY = _("A day's row needs no day of the last post.")
LAST_POST_WITHOUT_POSTS = _("A period without posts has no day of the last post.")
DUPLICATE_ROW = _("This account and period already appear in row %(row)s.")

MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class StatsRow:
    row: int
    account: Account
    period: str
    period_start: datetime.date
    posts: int
    followers: int | None
    reads: int | None
    last_post_on: datetime.date | None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_text(raw: bytes) -> str:
    """The first sheet of a workbook as CSV text, so that one reader checks both."""
    from openpyxl import load_workbook  # used by the yearly report already

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise TabularFileError(XLSX_UNREADABLE) from error
    out = io.StringIO()
    writer = csv.writer(out)
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        writer.writerow([_cell(value) for value in row])
    workbook.close()
    return out.getvalue()


def read_stats(name: str, raw: bytes):
    """The records of an uploaded file and the errors of their shape."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        text = xlsx_text(raw)
    elif suffix == ".csv":
        text = decode(raw)
    else:
        raise TabularFileError(UNKNOWN_SUFFIX)
    records, errors = csv_records(text, COLUMNS)
    header = set(records[0][1]) if records else set()
    if records and ACCOUNT_ID not in header and NAME not in header:
        raise TabularFileError(NO_ACCOUNT_COLUMN)
    return records, errors


def _period(text: str, today: datetime.date):
    text = text.strip()
    if found := DAY.match(text):
        year, month, day = (int(part) for part in found.groups())
        start, kind = datetime.date(year, month, day), ActivityPeriod.DAY
    elif found := MONTH.match(text):
        year, month = (int(part) for part in found.groups())
        start, kind = datetime.date(year, month, 1), ActivityPeriod.MONTH
    else:
        raise ValueError(BAD_PERIOD)
    if start > today:
        raise ValueError(FUTURE_PERIOD)
    return kind, start


def _count(text: str, *, required: bool) -> int | None:
    text = text.strip().replace(",", "")
    if not text and not required:
        return None
    if not text.isdigit():
        raise ValueError(BAD_NUMBER)
    return int(text)


def _day(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    found = DAY.match(text)
    if not found:
        raise ValueError(BAD_DATE)
    try:
        return datetime.date(*(int(part) for part in found.groups()))
    except ValueError:
        raise ValueError(BAD_DATE) from None


def _find_account(values, user, accounts):
    key = (values.get(ACCOUNT_ID) or "").strip()
    field = "账号ID"
    matches = [a for a in accounts if a.account_id == key] if key else []
    if not key:
        key, field = (values.get(NAME) or "").strip(), "账号名称"
        matches = [a for a in accounts if a.name == key] if key else []
    if not matches:
        raise ValueError(field, NO_SUCH_ACCOUNT)
    if len(matches) > 1:
        raise ValueError(field, AMBIGUOUS_ACCOUNT)
    if user is not None and not access.may_manage(user, matches[0]):
        raise ValueError(field, NOT_YOURS)
    return matches[0]


def check_rows(records, user, *, today: datetime.date | None = None):
    """The good rows and the errors of the bad ones (each bad row named with its problem)."""
    today = today or timezone.localdate()
    accounts = list(Account.objects.exclude(state__in=ENDED_STATES))
    rows: list[StatsRow] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for number, values in records:
        try:
            account = _find_account(values, user, accounts)
        except ValueError as error:
            errors.append(RowError(number, error.args[0], error.args[1]))
            continue
        fields = {}
        bad = False
        for column, label, parse in (
            (PERIOD, "统计期", lambda text: _period(text, today)),
            (POSTS, "发文数", lambda text: _count(text, required=True)),
            (READS, "阅读量", lambda text: _count(text, required=False)),
            (LAST_POST, "最后发文日期", _day),
        ):
            try:
                fields[column] = parse(values.get(column) or "")
            except ValueError as error:
                errors.append(RowError(number, label, error.args[0]))
                bad = True
        followers_label = FOLLOWERS if values.get(FOLLOWERS, "").strip() else FOLLOWERS_ALT
        try:
            followers = _count(values.get(followers_label) or "", required=False)
        except ValueError as error:
            errors.append(RowError(number, followers_label, error.args[0]))
            bad = True
        if bad:
            continue
        kind, start = fields[PERIOD]
        last_post = fields[LAST_POST]
        problem = None
        if last_post is not None:
            if kind == ActivityPeriod.DAY:
                problem = LAST_POST_DAILY
            elif fields[POSTS] == 0:
                problem = LAST_POST_WITHOUT_POSTS
            elif not start <= last_post <= month_end(start) or last_post > today:
                problem = LAST_POST_OUTSIDE
        if problem is not None:
            errors.append(RowError(number, "最后发文日期", problem))
            continue
        key = (account.pk, kind, start)
        if key in seen:
            errors.append(RowError(number, "统计期", message(DUPLICATE_ROW, row=seen[key])))
            continue
        seen[key] = number
        rows.append(
            StatsRow(
                row=number,
                account=account,
                period=kind,
                period_start=start,
                posts=fields[POSTS],
                followers=followers,
                reads=fields[READS],
                last_post_on=last_post,
            )
        )
    return rows, errors


@transaction.atomic
def save_rows(rows: list[StatsRow], user) -> int:
    """Write checked rows (a period imported again is replaced); the number written."""
    now = timezone.now()
    for row in rows:
        AccountActivity.objects.update_or_create(
            account=row.account,
            period=row.period,
            period_start=row.period_start,
            defaults={
                "posts": row.posts,
                "followers": row.followers,
                "reads": row.reads,
                "last_post_on": row.last_post_on,
                "imported_by": user,
                "imported_at": now,
            },
        )
    return len(rows)


def import_file(name: str, raw: bytes, user):
    """Check and, when every row is good, write ``raw`` (``user`` None: the operator, every
    unit). Returns (written, errors); raises
    :class:`~cms.tabular.TabularFileError` for a file that cannot be read at all."""
    records, errors = read_stats(name, raw)
    rows, row_errors = check_rows(records, user)
    errors = errors + row_errors
    if errors:
        return 0, sorted(errors, key=lambda error: error.row)
    return save_rows(rows, user), []
