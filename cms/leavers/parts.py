"""The ground's parts of a handover, and what "hand over" means for each.

* **Roles** (角色): the successor gets every role the leaver holds, in the same unit, unless they
  hold it already. The leaver keeps their role rows as the record of where they served (the
  security log of their unit's 网站管理员 still shows them); an inactive account acts nowhere
  (every rule of who may act asks ``is_active``, and
  :func:`cms.organisation.access.holders_reaching` reads active people only).
* **Columns** (负责的栏目): the successor becomes the responsible person. The column gets a new
  revision naming them (so that the editor shows them), published at once when the column was
  live with nothing pending, as columns are structure and not reviewed; a column with a pending
  draft keeps the draft unpublished and has its responsible person changed on the row, which is
  what the monitoring reads.
* **Pages** (创建的页面及草稿): every page the leaver owns (Wagtail's ``owner``: drafts, items in
  review, live items) is owned by the successor, who is told of returns and publications from
  now on. The page's history says so (``leavers.handover``). Revisions keep their authors:
  who wrote what stays true.
* **Locks** (锁定的页面): a page the leaver locked is unlocked; the successor may lock it again.

What the domains hold they register themselves (``editorial/handover.py``,
``knowledgebase/mailbox/handover.py``).

Not handed over, because it is a record of what the person did, not work waiting on them: the
authors of revisions, who submitted an item (Wagtail's ``requested_by``: the item's new owner
is told instead), who approved or countersigned a stage, who filed a page in the archive,
closed a survey, entered a row of the yearly report or approved a reply, and the warnings and
reports the monitoring sent them. Mailbox messages and review stages are addressed to units
and roles, never to a person, so they follow the roles.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from cms.content.models import ColumnPage
from cms.organisation.models import RoleAssignment

from .registry import Part

LOG_ACTION = "leavers.handover"


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


class RolesPart(Part):
    key = "roles"
    label = _("Roles in units")
    order = 10

    def count(self, person) -> int:
        return RoleAssignment.objects.filter(user=person).count()

    def hand_over(self, person, successor, record) -> int:
        held = set(RoleAssignment.objects.filter(user=successor).values_list("unit_id", "role"))
        count = 0
        for assignment in RoleAssignment.objects.filter(user=person).order_by("pk"):
            count += 1
            if (assignment.unit_id, assignment.role) not in held:
                # One by one: each grant re-derives the successor's groups and is logged.
                RoleAssignment.objects.create(
                    user=successor, unit_id=assignment.unit_id, role=assignment.role
                )
        return count


class ColumnsPart(Part):
    key = "columns"
    label = _("Columns they are responsible for")
    order = 20

    def count(self, person) -> int:
        return ColumnPage.objects.filter(responsible_person=person).count()

    def hand_over(self, person, successor, record) -> int:
        count = 0
        for column in ColumnPage.objects.filter(responsible_person=person).order_by("path"):
            current = column.live and not column.has_unpublished_changes
            version = column.get_latest_revision_as_object()
            version.responsible_person = successor
            revision = version.save_revision(user=record.actor, log_action=True, clean=False)
            if current:
                revision.publish(user=record.actor, skip_permission_checks=True)
            else:
                ColumnPage.objects.filter(pk=column.pk).update(responsible_person=successor)
            count += 1
        return count


class PagesPart(Part):
    key = "pages"
    label = _("Pages and drafts they own")
    order = 30

    def count(self, person) -> int:
        return Page.objects.filter(owner=person).count()

    def hand_over(self, person, successor, record) -> int:
        pages = list(Page.objects.filter(owner=person).specific().order_by("path"))
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(owner=successor)
        data = {"from": _name(person), "to": _name(successor), "handover": record.pk}
        for page in pages:
            log(instance=page, action=LOG_ACTION, user=record.actor, data=data)
        return len(pages)


class LocksPart(Part):
    key = "locks"
    label = _("Pages they locked")
    order = 40

    def _locked(self, person):
        return Page.objects.filter(Q(locked=True) & Q(locked_by=person))

    def count(self, person) -> int:
        return self._locked(person).count()

    def hand_over(self, person, successor, record) -> int:
        pages = list(self._locked(person).specific())
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            locked=False, locked_by=None, locked_at=None
        )
        for page in pages:
            log(instance=page, action="wagtail.unlock", user=record.actor)
        return len(pages)


GROUND_PARTS = [RolesPart(), ColumnsPart(), PagesPart(), LocksPart()]
