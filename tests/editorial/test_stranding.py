"""No item waits at 一审 for nobody (issue 19, item 8).

The author of an item never reviews it, and whoever submits or saves a version of it is one of
its authors. When an information officer submits a colleague's draft and the unit has no third
officer, nobody could act at 一审: submitting is refused with the reason, through the editor
and through the API alike, and the draft is kept. With a third officer it goes through, and
that officer finds it in their queue.
"""

from django.contrib.messages import get_messages
from wagtail.models import Page

from cms.organisation.models import Role
from editorial import services
from editorial.rules import refusal
from tests import factories

from .flow import submit
from .test_api import Client, said


def _colleagues_draft(staffed_site):
    """``author``'s draft in a unit whose other information officer is ``officer`` alone."""
    item = factories.news(staffed_site.column, "同事起草的稿件", publish=False)
    item.owner = staffed_site.people.author
    item.save(update_fields=["owner"])
    return item


def test_submitting_a_draft_nobody_could_review_is_refused_in_the_editor(client, staffed_site):
    item = _colleagues_draft(staffed_site)
    response = submit(client, staffed_site.people.officer, item, title="同事修改后的标题")
    assert response.status_code == 302
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert factories.shown(services.NOBODY_TO_REVIEW) in messages
    assert "提交进行审核" not in messages  # Wagtail was not told to submit
    page = Page.objects.get(pk=item.pk)
    assert page.current_workflow_state is None  # not waiting in anyone's queue
    assert page.get_latest_revision().content["title"] == "同事修改后的标题"  # nothing lost


def test_submitting_a_draft_nobody_could_review_is_refused_by_the_api(client, staffed_site):
    item = _colleagues_draft(staffed_site)
    response = Client(client, staffed_site.people.officer).submit(item)
    assert response.status_code == 409 and said(response) == str(services.NOBODY_TO_REVIEW)
    assert Page.objects.get(pk=item.pk).current_workflow_state is None


def test_with_a_third_officer_the_item_goes_to_their_queue(client, staffed_site):
    third = factories.user("third", unit=staffed_site.office, role=Role.INFO_OFFICER)
    item = _colleagues_draft(staffed_site)
    assert Client(client, staffed_site.people.officer).submit(item).status_code == 201
    state = Page.objects.get(pk=item.pk).current_workflow_task_state.specific
    assert refusal(third, state) is None
    assert refusal(staffed_site.people.officer, state) is not None  # submitted it
    assert refusal(staffed_site.people.author, state) is not None  # wrote it


def test_a_new_item_the_only_officer_submits_is_kept_as_a_draft(client, staffed_site):
    """The unit's other information officer has left: a new item its last one writes and
    submits in one step is saved, not sent to a 一审 nobody can take."""
    people = staffed_site.people
    people.author.is_active = False
    people.author.save()
    factories.login(client, people.officer)
    url = f"/admin/pages/add/content/newspage/{staffed_site.column.pk}/"
    data = factories.page_form(client, url)
    data.update(title="唯一信息员的新稿件", slug="only-officer", source="某区政府办公室")
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 302
    page = Page.objects.get(slug="only-officer")
    assert page.current_workflow_state is None and page.get_latest_revision() is not None
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert factories.shown(services.NOBODY_TO_REVIEW) in messages
