"""The check findings (R13) as the admin's templates show them; the rules are in
:mod:`editorial.findings`."""

from django import template

from .. import findings

register = template.Library()


@register.simple_tag
def review_findings(task_state, action: str) -> dict:
    """For a workflow action form: the findings stored when the stage opened."""
    return findings.review_summary(task_state, action)


@register.simple_tag
def draft_findings(page) -> dict:
    """For the editor: the findings of the draft as it stands."""
    return findings.draft_summary(page)
