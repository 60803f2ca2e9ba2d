"""The newsroom's groups and its validation workflow.

- "Rédacteurs" write: they create and edit pages, images, documents and the programme's
  snippets, and submit pages for validation; they cannot publish.
- "Validateurs" approve: everything the writers do, plus publishing, scheduling, and
  unlocking pages.
- The workflow "Validation communication" (one task, "Approbation par la communication", for
  the Validateurs) applies to the whole page tree from its root, so to the news and programme
  trees wherever a site puts them. A page's own workflow set in the admin still overrides it.

Running again changes nothing; reversing removes the groups, the task and the workflow and
gives the root back to Wagtail's default workflow if it still exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = "Rédacteurs"
VALIDATORS = "Validateurs"
WORKFLOW = "Validation communication"
TASK = "Approbation par la communication"

WRITER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
VALIDATOR_PAGE_PERMISSIONS = [*WRITER_PAGE_PERMISSIONS, "publish_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
# Snippets edited by the newsroom: press contacts and categories, the programme's people.
SNIPPETS = {
    "news": ["presscontact", "newscategory"],
    "programme": ["administration", "entrepreneur", "mentor", "jurymember"],
}
PERMISSION_APPS = ["wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs", *SNIPPETS]


def ensure_permissions(apps):
    """Model permissions are made after migrations: make the ones used here now."""
    for label in PERMISSION_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def create_groups_and_workflow(apps, schema_editor):
    ensure_permissions(apps)
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    writers, _ = Group.objects.get_or_create(name=WRITERS)
    validators, _ = Group.objects.get_or_create(name=VALIDATORS)

    for group, page_permissions in (
        (writers, WRITER_PAGE_PERMISSIONS),
        (validators, VALIDATOR_PAGE_PERMISSIONS),
    ):
        group.permissions.add(permission("wagtailadmin", "access_admin"))
        for app_label, models in SNIPPETS.items():
            for model in models:
                for action in ("add", "change", "view"):
                    group.permissions.add(permission(app_label, f"{action}_{model}"))
        if root_page is not None:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission("wagtailcore", codename)
                )
        if root_collection is not None:
            for app_label, codenames in COLLECTION_PERMISSIONS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(app_label, codename),
                    )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.set([validators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Task = apps.get_model("wagtailcore.Task")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    WorkflowPage.objects.filter(workflow__name=WORKFLOW).delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=TASK).delete()
    Group.objects.filter(name__in=[WRITERS, VALIDATORS]).delete()
    default = Workflow.objects.filter(name="Moderators approval").first()
    root_page = Page.objects.filter(depth=1).first()
    if default is not None and root_page is not None:
        WorkflowPage.objects.get_or_create(page=root_page, defaults={"workflow": default})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_webhookdelivery_webhookattempt_webhookendpoint_and_more"),
        ("news", "0004_alter_pressreleasepage_body"),
        ("programme", "0002_alter_callpage_body_alter_challengepage_body_and_more"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
