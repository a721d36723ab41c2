"""The explorer's rows written out: the HTML of Wagtail's cell templates, built without a
template per cell.

A column's explorer lists 50 rows. Through Wagtail's cell templates each row renders some thirty
templates: the title cell with its privacy and lock indicators, the "more" dropdown with up to
ten buttons each with an icon, the date with its tooltip, the status tag, the checkbox, the
link to the children. On 20,000 pages that was about 110 ms of a request of about 180 ms
(measured by ``bench/review_queue.py``), for markup of a fixed shape.

:func:`written_out` gives a column of Wagtail's explorer (``wagtail.admin.ui.tables`` and
``wagtail.admin.ui.tables.pages``) a class that builds the same markup in Python. What is in a
cell is still decided by Wagtail: the buttons come from the ``register_page_listing_buttons`` and
``register_page_listing_more_buttons`` hooks through Wagtail's own ``page_listing_buttons`` tag
function; the status, the date, the permissions from the page and its tester. A button this
module does not know (another class, or its own template) is rendered by Wagtail.

The markup is Wagtail's, copied: ``tests/content/test_explorer_rows.py`` renders rows in every
state both ways and fails when an upgrade changes one of the templates named in
:data:`TEMPLATES`.
"""

import copy
import datetime
import functools

from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    NavigateToChildrenColumn,
    PageStatusColumn,
    PageTitleColumn,
    PageTypeColumn,
)
from wagtail.admin.widgets.button import BaseButton, Button, ButtonWithDropdownFromHook
from wagtail.templatetags.wagtailcore_tags import pageurl

_e = conditional_escape

# The templates whose markup this module builds (the test renders each).
TEMPLATES = (
    "wagtailadmin/bulk_actions/listing_checkbox_cell.html",
    "wagtailadmin/pages/listing/_page_title_cell.html",
    "wagtailadmin/pages/listing/_page_title_explore.html",
    "wagtailadmin/pages/listing/_privacy_indicator.html",
    "wagtailadmin/pages/listing/_locked_indicator.html",
    "wagtailadmin/shared/buttons.html",
    "wagtailadmin/pages/listing/_button_with_dropdown.html",
    "wagtailadmin/shared/button_with_dropdown.html",
    "wagtailadmin/shared/dropdown/dropdown.html",
    "wagtailadmin/shared/button.html",
    "wagtailadmin/shared/icon.html",
    "wagtailadmin/tables/date_cell.html",
    "wagtailadmin/shared/human_readable_date.html",
    "wagtailadmin/tables/cell.html",
    "wagtailadmin/pages/listing/_page_status_cell.html",
    "wagtailadmin/shared/page_status_tag.html",
    "wagtailadmin/shared/status_tag.html",
    "wagtailadmin/pages/listing/_navigation_explore.html",
)


@functools.cache
def icon(name, classname=None):
    """``{% icon name=… classname=… %}``."""
    return format_html(
        '<svg class="icon icon-{} {}" aria-hidden="true"><use href="#icon-{}"></use></svg>',
        name,
        classname or "icon",
        name,
    )


def _td(column, content):
    """``<td {% if column.classname %}class="…"{% endif %}> … </td>``."""
    return format_html(
        "<td {}> {} </td>",
        format_html('class="{}"', column.classname) if column.classname else "",
        content,
    )


def status_tag(label, *, classname=None, url=None, title=None, hidden_label=None, attrs=None):
    """``{% status … %}``."""
    classes = wagtailadmin_tags.classnames("w-status", classname)
    label_html = conditional_escape(label) if label else ""
    if url:
        hidden = (
            format_html('<span class="w-sr-only">{}</span> ', hidden_label) if hidden_label else ""
        )
        return format_html(
            '<a href="{}" class="{}"{}{}> {}{} </a>',
            url,
            classes,
            format_html(' title="{}" ', title) if title else "",
            format_html(" {}", attrs) if attrs else "",
            hidden,
            label_html,
        )
    return format_html(
        '<span class="{}"{}> {} {} </span>',
        classes,
        format_html(" {}", attrs) if attrs else "",
        format_html('<span class="w-sr-only">{}</span>', hidden_label) if hidden_label else "",
        label_html,
    )


def button_html(button, parent_context):
    """A button as ``{% component button %}`` renders it: written out for Wagtail's plain
    buttons and its pages' "more" dropdown, by Wagtail for any other."""
    if type(button) is ButtonWithDropdownFromHook:
        return _dropdown_html(button, parent_context)
    if type(button) in (Button, BaseButton) and button.template_name == BaseButton.template_name:
        # Plain formatting, each value escaped: some fifty of these a listing.
        content = f"{icon(button.icon_name) if button.icon_name else ''} {_e(button.label)}"
        attrs = button.base_attrs_string
        if button.url:
            return mark_safe(
                f' <a href="{_e(button.url)}" class="{_e(button.classname)}" {attrs}>'
                f" {content} </a> "
            )
        return mark_safe(f' <button class="{_e(button.classname)}" {attrs}> {content} </button> ')
    return button.render_html(parent_context)


def _dropdown_html(button, parent_context):
    children = " ".join(button_html(b, parent_context) for b in sorted(button.dropdown_buttons))
    label = button.label
    toggle_classes = wagtailadmin_tags.classnames(
        "w-dropdown__toggle", "" if label else "w-dropdown__toggle--icon", button.classname
    )
    aria_label = button.aria_label
    return format_html(
        ' <div data-controller="w-dropdown" class="w-dropdown" {} >'
        ' <button type="button" class="{}" data-w-dropdown-target="toggle"{}>'
        " {} {} </button>"
        ' <div data-w-dropdown-target="content" class="w-dropdown__content" hidden> {} </div>'
        " </div> ",
        button.base_attrs_string,
        toggle_classes,
        format_html(' aria-label="{}"', aria_label) if aria_label else "",
        label,
        icon(button.icon_name or "arrow-down", "w-dropdown__toggle-icon"),
        mark_safe(children),
    )


class WrittenOutBulkActionsColumn(BulkActionsColumn):
    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="bulk-action-checkbox-cell"> <input type="checkbox" {} '
            'data-object-id="{}" data-bulk-action-checkbox class="bulk-action-checkbox" '
            'aria-label="{}" {} /> </td>',
            format_html('data-page-status="{}"', "live" if instance.live else "draft")
            if self.obj_type == "page"
            else "",
            wagtailadmin_tags.admin_urlquote(instance.pk),
            gettext("Select"),
            format_html('aria-describedby="{}"', self.get_aria_describedby(instance)),
        )


class WrittenOutPageTitleColumn(PageTitleColumn):
    def render_cell_html(self, instance, parent_context):
        context = self.get_cell_context_data(instance, parent_context)
        page = instance
        request = context["request"]
        page_perms = context["page_perms"]
        is_site_root = page.is_site_root()
        parts = []
        if is_site_root:
            if any(
                request.user.has_perm(f"wagtailcore.{action}_site")
                for action in ("add", "change", "delete")
            ):
                parts.append(
                    format_html(
                        '<a href="{}" title="{}">{}</a>',
                        reverse("wagtailsites:index"),
                        gettext("Sites menu"),
                        icon("site", "initial"),
                    )
                )
        title = format_html(
            '<span id="page_{}_title"> {} {} </span>',
            wagtailadmin_tags.admin_urlquote(page.pk),
            icon("folder", "initial") if not is_site_root and not page.is_leaf() else "",
            page.get_admin_display_title(),
        )
        if page_perms.can_edit():
            parts.append(
                format_html(
                    '<a href="{}" title="{}"> {} </a>',
                    reverse("wagtailadmin_pages:edit", args=[page.id]),
                    gettext("Edit this page"),
                    title,
                )
            )
        else:
            parts.append(title)
        if context["show_locale_labels"]:
            parts.append(status_tag(page.locale.get_display_name(), classname="w-status--label"))
        if not wagtailadmin_tags.test_page_is_public({"request": request}, page):
            parts.append(
                format_html(
                    '<span class="indicator privacy-indicator" title="{}" > {} </span>',
                    gettext("This page is protected from public view"),
                    icon("no-view", "initial"),
                )
            )
        if page.locked:
            by_user = page.locked_by_id == request.user.pk
            parts.append(
                format_html(
                    '<span class="indicator {}" title="{}" > {} </span>',
                    "" if by_user else "indicator--is-dimmed",
                    gettext("This page is locked, by you, to further editing")
                    if by_user
                    else gettext("This page is locked to further editing"),
                    icon("lock", "initial"),
                )
            )
        buttons = wagtailadmin_tags.page_listing_buttons(
            {"request": request}, page, request.user, next_url=context["actions_next_url"]
        )["buttons"]
        listed = format_html_join(
            " ",
            "<li>{}</li>",
            ((button_html(b, parent_context),) for b in buttons if b.show),
        )
        parent_page = context["parent_page"]
        parent = (
            format_html(
                '<div> <a href="{}">{}{}</a> </div>',
                reverse("wagtailadmin_explore", args=[parent_page.id]),
                icon("arrow-right", "default"),
                parent_page.get_admin_display_title(),
            )
            if parent_page
            else ""
        )
        return format_html(
            '<td{} data-listing-page-title> <div class="title-wrapper"> {} </div>'
            ' <ul class="actions"> {} </ul> {} </td>',
            format_html(' class="{}"', self.classname) if self.classname else "",
            mark_safe(" ".join(parts)),
            listed,
            parent,
        )


class WrittenOutDateColumn(DateColumn):
    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return _td(self, human_readable_date(value) if value else "")


def human_readable_date(date):
    """``{% human_readable_date date %}`` (no description, placed on top: as the cells use it)."""
    date = template_localtime(date)
    if isinstance(date, datetime.datetime):
        tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
    else:
        tooltip_format = get_format("DATE_FORMAT") or "N j, Y"
    return format_html(
        '<button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
        ' data-w-tooltip-content-value="{}" data-w-tooltip-placement-value="top">'
        ' <time class="w-human-readable-date__date" datetime="{}"> {} </time> </button>',
        date_format(date, tooltip_format),
        date_format(date, "c"),
        capfirst(wagtailadmin_tags.timesince_simple(date)),
    )


class WrittenOutPageTypeColumn(PageTypeColumn):
    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return _td(self, value if value is not None else "")


class WrittenOutPageStatusColumn(PageStatusColumn):
    def render_cell_html(self, instance, parent_context):
        page = instance
        hidden_label = gettext("Current page status:")
        if page.live:
            page_url = pageurl({"request": parent_context.get("request")}, page)
            if page_url is not None:
                tag = status_tag(
                    page.status_string,
                    url=page_url,
                    title=gettext("Visit the live page"),
                    hidden_label=hidden_label,
                    classname="w-status--primary",
                    attrs=mark_safe('target="_blank" rel="noreferrer"'),
                )
            else:
                tag = status_tag(
                    page.status_string, hidden_label=hidden_label, classname="w-status--primary"
                )
        else:
            tag = status_tag(page.status_string, hidden_label=hidden_label)
        return _td(self, tag)


class WrittenOutNavigateToChildrenColumn(NavigateToChildrenColumn):
    def render_cell_html(self, instance, parent_context):
        page = instance
        # ``{% blocktrans with title=… %}``: the title escaped, the sentence around it not.
        title = {"title": conditional_escape(page.get_admin_display_title())}
        if page.is_navigable():
            link = _link(
                reverse("wagtailadmin_explore", args=[page.id]),
                mark_safe(gettext("Explore child pages of '%(title)s'") % title),
                icon("arrow-right", "default"),
            )
        elif page.permissions_for_user(parent_context["request"].user).can_add_subpage():
            link = _link(
                reverse("wagtailadmin_pages:add_subpage", args=[page.id]),
                mark_safe(gettext("Add a child page to '%(title)s'") % title),
                icon("plus-inverse", "default"),
            )
        else:
            link = ""
        return format_html(
            '<td class="{}"> {} </td>', "children" if page.is_navigable() else "no-children", link
        )


def _link(url, label, content):
    return format_html(
        '<a href="{}" title="{}" aria-label="{}" >{}</a>', url, label, label, content
    )


# Wagtail's column class -> the class that writes its cells out.
WRITTEN_OUT = {
    BulkActionsColumn: WrittenOutBulkActionsColumn,
    PageTitleColumn: WrittenOutPageTitleColumn,
    DateColumn: WrittenOutDateColumn,
    PageTypeColumn: WrittenOutPageTypeColumn,
    PageStatusColumn: WrittenOutPageStatusColumn,
    NavigateToChildrenColumn: WrittenOutNavigateToChildrenColumn,
}


def written_out(column):
    """``column`` with its cells written out: a copy whose class builds them in Python, when its
    class is one of Wagtail's this module knows (not a subclass: that may render otherwise);
    ``column`` itself otherwise."""
    faster = WRITTEN_OUT.get(type(column))
    if faster is None:
        return column
    column = copy.copy(column)
    column.__class__ = faster
    return column
