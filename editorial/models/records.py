"""The review's records: what the rules, services and selectors read and write.

* ``ReviewTaskState`` is one stage's record for one revision: checklist, opinion, content hash.
* ``Countersignature`` is one co-issuing unit's consent (会签, R20).
* ``Clearance`` says that one exact revision passed every required stage; it is what lets a
  page go live (:mod:`editorial.gate`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Task, TaskState

from ..stages import Stage, skip_reason

# The stage of a record that applies to its item; NULL where the stage was skipped. Indexed, so
# that the few 会签 stages that apply are found among the many skipped ones, and counted right.
APPLYING_STAGE = models.Case(
    models.When(skip_reason="", then=models.F("stage")), output_field=models.CharField()
)


class ReviewTaskState(TaskState):
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    skip_reason = models.CharField(_("why skipped"), max_length=200, blank=True)
    # The unit owning the item's column when the stage opened: whose people act (queue reads).
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("owning unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # 会签 only: the co-issuing units whose consent the stage needs, read from the revision under
    # review when the stage opened. The page row is not it: Wagtail keeps a draft of a live page
    # in its revision only. The rules, the queue and the services read this, and nothing else.
    co_issuing_units = models.ManyToManyField(
        "organisation.Unit",
        verbose_name=_("co-issuing units"),
        blank=True,
        related_name="+",
    )
    # Pre-publication check findings (R13) of the revision under review, as shown to reviewers.
    findings = models.JSONField(_("check findings"), default=list, blank=True)
    # Why blocking findings were passed; only the deputy head may do so (R13).
    override_reason = models.TextField(_("reason for passing blocking findings"), blank=True)

    class Meta:
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        indexes = [
            # The review queue (editorial.selectors): the stages of the units a person reaches,
            # and the 会签 stages that apply (most items skip it).
            models.Index(fields=["unit", "stage"], name="review_unit_stage"),
            models.Index(APPLYING_STAGE, name="review_applying_stage"),
        ]

    def co_issuing_unit_ids(self) -> list[int]:
        return sorted(
            self.co_issuing_units.through.objects.filter(reviewtaskstate=self).values_list(
                "unit_id", flat=True
            )
        )

    def next_task(self, page=None) -> Task | None:
        """The stage the item goes to when this one is approved: Wagtail's next task, passing
        over the stages that do not apply to this revision (``page``: it, as an object), as
        ``services.stage_start`` will."""
        following = self.workflow_state.get_next_task()
        if following is None:
            return None
        tasks = list(
            Task.objects.filter(workflow_tasks__workflow_id=self.workflow_state.workflow_id)
            .active()
            .order_by("workflow_tasks__sort_order")
            .specific()
        )
        page = page if page is not None else self.revision.as_object()
        start = next(i for i, task in enumerate(tasks) if task.pk == following.pk)
        for task in tasks[start:]:
            stage = getattr(task, "stage", None)
            if stage is None or not skip_reason(stage, page):
                return task
        return None

    def log_state_change_action(self, user, action):
        """Wagtail's entry for an approval or a return, naming as the next step the stage that
        will open (:meth:`next_task`), where Wagtail would name a stage that is then skipped."""
        if action != "approve":
            return super().log_state_change_action(user, action)
        obj = self.revision.as_object()
        following = self.next_task(obj)
        log(
            instance=obj,
            action=f"wagtail.workflow.{action}",
            user=user,
            data={
                "workflow": {
                    "id": self.workflow_state.workflow.id,
                    "title": self.workflow_state.workflow.name,
                    "status": self.status,
                    "task_state_id": self.id,
                    "task": {"id": self.task.id, "title": self.task.name},
                    "next": {"id": following.id, "title": following.name} if following else None,
                },
                "comment": self.get_comment(),
            },
            revision=self.revision,
        )


class Countersignature(models.Model):
    task_state = models.ForeignKey(
        ReviewTaskState, on_delete=models.CASCADE, related_name="countersignatures"
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.TextField(_("opinion"))
    checklist = models.JSONField(_("checklist"), default=dict)
    content_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("countersignature")
        verbose_name_plural = _("countersignatures")
        constraints = [
            models.UniqueConstraint(fields=["task_state", "unit"], name="one_consent_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class Clearance(models.Model):
    """One revision of one page passed every required stage; only it may go live."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="clearance"
    )
    content_hash = models.CharField(max_length=64)
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cleared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clearance for publication")
        verbose_name_plural = _("clearances for publication")

    def __str__(self) -> str:
        return f"{self.page_id}@{self.revision_id}"
