"""The review stage as a Wagtail task: one stage of 三审三校; the platform's workflow chains eight
of them. Wagtail asks the task; the task hands each question to the module that decides it,
which reads the records (:mod:`editorial.models.records`), never this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task

from .. import findings, rules, selectors, services
from ..stages import Stage
from .records import ReviewTaskState


class ReviewStageTask(Task):
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, unique=True)

    task_state_class = ReviewTaskState
    admin_form_fields = [*Task.admin_form_fields, "stage"]

    class Meta:
        verbose_name = _("review stage")
        verbose_name_plural = _("review stages")

    # Wagtail's hooks into the task, each handed to the module that decides it.
    def start(self, workflow_state, user=None):
        return services.stage_start(self, workflow_state, user=user)

    def get_actions(self, obj, user):
        return rules.actions_for(user, self, obj)

    def get_form_for_action(self, action):
        return services.form_for(self.stage, action)

    def get_template_for_action(self, action):
        return findings.ACTION_MODAL_TEMPLATE

    def on_action(self, task_state, user, action_name, **kwargs):
        return services.stage_act(task_state.specific, user, action_name, kwargs)

    def user_can_access_editor(self, obj, user):
        return rules.may_act(user, self, obj)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return selectors.task_states_user_can_moderate(self, user)

    @classmethod
    def get_description(cls):
        return _("One stage of 三审三校, acted on by the roles of the item's unit.")
