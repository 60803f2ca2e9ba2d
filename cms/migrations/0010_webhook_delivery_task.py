from django.db import migrations, models


def link_queued_tasks(apps, schema_editor):
    """Pending deliveries made before this field: note the task already queued for each, so
    that the scheduler does not take them for lost and queue them twice."""
    WebhookDelivery = apps.get_model("cms", "WebhookDelivery")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    pending = {
        pk: delivery
        for pk, delivery in WebhookDelivery.objects.filter(status="pending").in_bulk().items()
    }
    if not pending:
        return
    tasks = DBTaskResult.objects.filter(
        task_path="cms.webhooks.deliver_webhook", status__in=["READY", "RUNNING"]
    )
    for task in tasks:
        args = (task.args_kwargs or {}).get("args") or [None]
        delivery = pending.get(args[0])
        if delivery is not None:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(task_id=task.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_footer_pages_sitemap_page"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookdelivery",
            name="task_id",
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name="task"),
        ),
        migrations.RunPython(link_queued_tasks, migrations.RunPython.noop),
    ]
