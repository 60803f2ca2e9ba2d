from django.db import migrations

MOVED = (
    "apisnapshot",
    "apisnapshotreference",
    "webhookattempt",
    "webhookdelivery",
    "webhookendpoint",
)


def move_content_types(apps, schema_editor, source="cms", target="publishing"):
    """The moved models' content types change app, so that permissions and admin logs stay
    theirs."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="publishing", target="cms")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cms", "0010_webhook_delivery_task"),
    ]

    # The publishing plugin takes these models over, with their tables (its 0001 finds them).
    run_before = [("publishing", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="apisnapshotreference",
                    name="snapshot",
                ),
                migrations.RemoveField(
                    model_name="webhookattempt",
                    name="delivery",
                ),
                migrations.RemoveField(
                    model_name="webhookdelivery",
                    name="endpoint",
                ),
                migrations.RemoveField(
                    model_name="webhookendpoint",
                    name="page_types",
                ),
                migrations.DeleteModel(
                    name="APISnapshot",
                ),
                migrations.DeleteModel(
                    name="APISnapshotReference",
                ),
                migrations.DeleteModel(
                    name="WebhookAttempt",
                ),
                migrations.DeleteModel(
                    name="WebhookDelivery",
                ),
                migrations.DeleteModel(
                    name="WebhookEndpoint",
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
