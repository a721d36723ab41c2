"""Named by ``WAGTAIL_FINISH_WORKFLOW_ACTION``; Wagtail imports it while its models load, so the
work is imported when a workflow finishes, not before."""


def publish_when_cleared(workflow_state, user=None):
    from .services import finish_and_publish

    return finish_and_publish(workflow_state, user=user)
