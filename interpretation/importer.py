"""Importing policy documents and their interpretations from CSV or JSON, as drafts that enter
the review chain (issue: Import).

All or nothing: every row is built into its page and checked with the same rules as the admin
(the models' own validation) before anything is written; a file with any error imports nothing
and each error names its row and field. One row per page: ``kind`` says document or
interpretation, ``ref`` names a document so that an interpretation's ``explains`` can point at
it (several refs separated by ``;``); ``explains`` may also name a document already on the
platform by its page id (``#123``).
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.content.models import ColumnPage
from cms.content.models.columns import owning_unit_id
from cms.content.models.mixins import Importance
from cms.messages import message
from cms.tabular import (
    REQUIRED,
    Columns,
    RowError,
    TabularFileError,
    decode,
    quoted,
    read_records,
)
from editorial.rules import unstaffed_stages
from editorial.services import staffing_message, submit

from .models import (
    InterpretationForm,
    InterpretationPage,
    InterpretedDocument,
    InterpreterKind,
    PolicyDocumentPage,
    TopicCategory,
    Validity,
)
from .models.interpretations import DOCUMENT_REQUIRED

COLUMNS = Columns(
    names=(
        "kind",
        "ref",
        "title",
        "issuing_office",
        "document_number",
        "written_on",
        "published_on",
        "formed_on",
        "topic_category",
        "subject_words",
        "validity",
        "validity_changed_on",
        "wide_impact",
        "importance",
        "source",
        "summary",
        "body",
        "body_file",
        "form",
        "interpreter",
        "interpreter_kind",
        "interpreter_title",
        "media_url",
        "explains",
    ),
    required=("kind", "title"),
)
DOCUMENT, INTERPRETATION = "document", "interpretation"
KIND_ALIASES = {
    "document": DOCUMENT,
    "文件": DOCUMENT,
    "政策文件": DOCUMENT,
    "interpretation": INTERPRETATION,
    "解读": INTERPRETATION,
    "政策解读": INTERPRETATION,
}
TRUE, FALSE = {"1", "true", "yes", "是", "y"}, {"", "0", "false", "no", "否", "n"}
CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
NON_SLUG = re.compile(r"[^a-z0-9-]+")

NO_ROWS = _("The file holds no documents.")
UNKNOWN_KIND = _("Unknown kind “%(value)s”; use “document” (文件) or “interpretation” (解读).")
BAD_DATE = _("“%(value)s” is not a date; write 2026-03-02 or 2026年3月2日.")
BAD_BOOLEAN = _("“%(value)s” is not yes or no; write 是 or 否.")
UNKNOWN_CHOICE = _("Unknown value “%(value)s”; use one of %(choices)s.")
UNKNOWN_CATEGORY = _("Unknown topic category “%(value)s”; give its code or name.")
DUPLICATE_REF = _("The reference “%(ref)s” is already used on row %(row)s.")
UNKNOWN_REF = _("“%(ref)s” names no document of this file and no policy document on the platform.")
NOT_FOR_KIND = _("This column does not apply to a %(kind)s.")
BODY_TWICE = _("Give the body either in “body” or in “body_file”, not both.")
BODY_FILE_OUTSIDE = _("The body file must lie in the folder of the import file.")
BODY_FILE_MISSING = _("There is no body file “%(value)s”.")
NO_PERMISSION = _("%(user)s may not add pages to the column “%(column)s”.")
NOT_A_COLUMN = _("Page %(id)s is not a column.")

DOCUMENT_ONLY = {
    "issuing_office",
    "document_number",
    "written_on",
    "published_on",
    "formed_on",
    "topic_category",
    "subject_words",
    "validity",
    "validity_changed_on",
    "wide_impact",
}
INTERPRETATION_ONLY = {
    "form",
    "interpreter",
    "interpreter_kind",
    "interpreter_title",
    "media_url",
    "explains",
}
_PAGE_FIELDS_NOT_CHECKED = [
    "path",
    "depth",
    "numchild",
    "url_path",
    "slug",
    "content_type",
    "draft_title",
    "translation_key",
    "locale",
    "owner",
]


class ImportFileError(TabularFileError):
    pass


@dataclass
class PlannedPage:
    row: int
    kind: str
    page: Page
    ref: str = ""
    explains: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    documents: list[PolicyDocumentPage]
    interpretations: list[InterpretationPage]


def _date(value: str) -> datetime.date:
    value = value.strip()
    match = CHINESE_DATE.match(value)
    try:
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(message(BAD_DATE, value=value)) from None


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValidationError(message(BAD_BOOLEAN, value=value))


def _choice(value: str, choices) -> str:
    value = value.strip()
    for choice in choices:
        label = str(choice.label)
        if value in {choice.value, label} or (f"（{value}）" in label or f"({value})" in label):
            return choice.value
    raise ValidationError(
        message(UNKNOWN_CHOICE, value=value, choices=quoted(str(c.label) for c in choices))
    )


def _category(value: str) -> TopicCategory:
    value = value.strip()
    found = (
        TopicCategory.objects.filter(code=value).first()
        or TopicCategory.objects.filter(name=value).first()
    )
    if found is None:
        raise ValidationError(message(UNKNOWN_CATEGORY, value=value))
    return found


def _paragraphs(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def _body_from_file(value: str, folder: Path) -> str:
    path = (folder / value.strip()).resolve()
    if folder.resolve() not in path.parents:
        raise ValidationError(BODY_FILE_OUTSIDE)
    if not path.is_file():
        raise ValidationError(message(BODY_FILE_MISSING, value=value))
    return _paragraphs(decode(path.read_bytes()))


# How each column becomes a field value; columns not listed are text.
_CONVERTERS = {
    "written_on": _date,
    "published_on": _date,
    "formed_on": _date,
    "validity_changed_on": _date,
    "wide_impact": _boolean,
    "validity": lambda value: _choice(value, Validity),
    "form": lambda value: _choice(value, InterpretationForm),
    "interpreter_kind": lambda value: _choice(value, InterpreterKind),
    "importance": lambda value: _choice(value, Importance),
    "topic_category": _category,
}


def _plan_row(number: int, values: dict[str, str], folder: Path):
    errors: list[RowError] = []
    raw_kind = values.get("kind", "").strip()
    kind = KIND_ALIASES.get(raw_kind.lower()) if raw_kind else None
    if kind is None:
        problem = REQUIRED if not raw_kind else message(UNKNOWN_KIND, value=raw_kind)
        return None, [RowError(number, "kind", problem)]
    model = PolicyDocumentPage if kind == DOCUMENT else InterpretationPage
    foreign = INTERPRETATION_ONLY if kind == DOCUMENT else DOCUMENT_ONLY
    fields: dict = {}
    for name, value in values.items():
        if name in {"kind", "ref", "explains", "body_file"} or not value.strip():
            continue
        if name in foreign:
            problem = message(NOT_FOR_KIND, kind=model._meta.verbose_name)
            errors.append(RowError(number, name, problem))
            continue
        try:
            fields[name] = _CONVERTERS.get(name, str.strip)(value)
        except ValidationError as error:
            errors.append(RowError(number, name, error.messages[0]))
    if values.get("body_file", "").strip():
        if values.get("body", "").strip():
            errors.append(RowError(number, "body_file", BODY_TWICE))
        else:
            try:
                fields["body"] = _body_from_file(values["body_file"], folder)
            except ValidationError as error:
                errors.append(RowError(number, "body_file", error.messages[0]))
    elif "body" in fields and "<" not in fields["body"]:
        fields["body"] = _paragraphs(fields["body"])
    if errors:
        return None, errors
    page = model(**fields)
    explains = [ref.strip() for ref in values.get("explains", "").split(";") if ref.strip()]
    return PlannedPage(number, kind, page, values.get("ref", "").strip(), explains), []


def _check(planned: PlannedPage) -> list[RowError]:
    """The admin's rules for the page as it would be saved."""
    try:
        planned.page.full_clean(exclude=_PAGE_FIELDS_NOT_CHECKED)
    except ValidationError as error:
        return [
            RowError(planned.row, name if name != "__all__" else "—", problem)
            for name, problems in error.message_dict.items()
            for problem in problems
        ]
    return []


def _resolve_links(plans: list[PlannedPage]) -> list[RowError]:
    errors, refs = [], {}
    for plan in plans:
        if plan.ref:
            if plan.ref in refs:
                problem = message(DUPLICATE_REF, ref=plan.ref, row=refs[plan.ref].row)
                errors.append(RowError(plan.row, "ref", problem))
            refs[plan.ref] = plan
    for plan in plans:
        if plan.kind != INTERPRETATION:
            continue
        if not plan.explains:
            errors.append(RowError(plan.row, "explains", DOCUMENT_REQUIRED))
        for ref in plan.explains:
            target = refs.get(ref)
            if target is not None and target.kind == DOCUMENT:
                continue
            if ref.startswith("#") and ref[1:].isdigit():
                if PolicyDocumentPage.objects.filter(pk=int(ref[1:])).exists():
                    continue
            errors.append(RowError(plan.row, "explains", message(UNKNOWN_REF, ref=ref)))
    return errors


def read_file(path: str | Path, file_format: str | None = None):
    """``(plans, errors)``: every row built and checked; nothing written."""
    path = Path(path)
    records, errors = read_records(path, COLUMNS, file_format)
    plans = []
    for number, values in records:
        plan, row_errors = _plan_row(number, values, path.parent)
        errors.extend(row_errors)
        if plan is not None:
            errors.extend(_check(plan))
            plans.append(plan)
    errors.extend(_resolve_links(plans))
    if not plans and not errors:
        raise ImportFileError(NO_ROWS)
    return plans, sorted(errors, key=lambda error: error.row)


def _slug(parent: Page, plan: PlannedPage) -> str:
    base = NON_SLUG.sub("-", slugify(plan.ref or "", allow_unicode=False).lower()).strip("-")
    base = base or f"{plan.kind}-{timezone.localdate():%Y%m%d}-{plan.row}"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def import_plans(plans, *, documents_column, interpretations_column, user) -> ImportResult:
    """Create every planned page as a draft by ``user`` and submit it to the review chain."""
    by_ref, created = {}, {DOCUMENT: [], INTERPRETATION: []}
    ordered = sorted(plans, key=lambda plan: plan.kind != DOCUMENT)  # documents first
    for plan in ordered:
        parent = documents_column if plan.kind == DOCUMENT else interpretations_column
        page = plan.page
        page.slug = _slug(parent, plan)
        page.owner = user
        page.live = False
        if plan.kind == INTERPRETATION:
            page.interpreted_documents = [
                InterpretedDocument(
                    document_id=by_ref[ref].pk if ref in by_ref else int(ref.lstrip("#"))
                )
                for ref in plan.explains
            ]
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        if page.get_workflow() is not None:
            submit(page, user)
        if plan.ref:
            by_ref[plan.ref] = page
        created[plan.kind].append(page)
    return ImportResult(created[DOCUMENT], created[INTERPRETATION])


def column_problem(column: Page | None, column_id, user) -> str | None:
    if column is None or not isinstance(column.specific, ColumnPage):
        return str(message(NOT_A_COLUMN, id=column_id))
    if not column.permissions_for_user(user).can_add_subpage():
        return str(message(NO_PERMISSION, user=user, column=column.title))
    # Every item would wait for nobody at a stage that applies to all items.
    return staffing_message(unstaffed_stages(owning_unit_id(column), {user.pk}))
