"""What the editor of an information item shows that the layers above contribute.

The item's "automatic checks" panel is the ground's (its place in the editor); what fills it
comes from the apps above, through Wagtail's hooks: each function registered under
:data:`ITEM_CHECKS_HOOK` takes the panel and returns its HTML (editorial/ registers the check
findings, R13).
"""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

ITEM_CHECKS_HOOK = "content_item_checks"

register = template.Library()


@register.simple_tag
def item_checks(panel) -> str:
    return format_html_join(
        "", "{}", ((render(panel),) for render in hooks.get_hooks(ITEM_CHECKS_HOOK))
    )
