from django.db import migrations

MOVED = ("importrecord",)


def move_content_types(apps, schema_editor, source="news", target="publishing"):
    """The moved models' content types change app, so that permissions and admin logs stay
    theirs."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="publishing", target="news")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0007_newscategory_requires_press_contact"),
    ]

    # The publishing plugin takes these models over, with their tables (its 0001 finds them).
    run_before = [("publishing", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="ImportRecord",
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
