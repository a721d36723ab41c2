"""The platform's one workflow, 三审三校, on the whole page tree, in place of Wagtail's default
"Moderators approval" (a single group approval that any moderator or superuser could pass)."""

from django.db import migrations

STAGES = [
    ("first_review", "一审"),
    ("second_review", "二审"),
    ("countersign", "会签"),
    ("third_review", "三审"),
    ("sign_off", "签发"),
    ("first_proof", "一校"),
    ("second_proof", "二校"),
    ("third_proof", "三校"),
]
WORKFLOW_NAME = "三审三校"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ReviewStageTask = apps.get_model("editorial", "ReviewStageTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="reviewstagetask")
    Workflow.objects.exclude(name=WORKFLOW_NAME).update(active=False)
    WorkflowPage.objects.all().delete()
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (stage, name) in enumerate(STAGES):
        task, _ = ReviewStageTask.objects.get_or_create(
            stage=stage, defaults={"name": name, "active": True, "content_type": task_type}
        )
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=order)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.create(workflow=workflow, page=root)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
