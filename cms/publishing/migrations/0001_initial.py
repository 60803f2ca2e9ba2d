import cms.publishing.models.webhooks
import django.db.models.deletion
import secrets
from django.conf import settings
from django.db import migrations, models


def create_missing_tables(apps, schema_editor):
    """Create the tables that do not exist yet: all of them on a new site; none on this
    project's own databases, where the site's apps made them before the plugin took their
    models over (the models keep those tables: nothing is copied or renamed)."""
    existing = set(schema_editor.connection.introspection.table_names())
    for model in apps.get_app_config("publishing").get_models():
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='APISnapshot',
                    fields=[
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('revision_id', models.BigIntegerField()),
                        ('signature', models.CharField(max_length=255)),
                        ('data', models.TextField()),
                        ('built_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'cms_apisnapshot',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('event', models.CharField(choices=[('published', 'Published'), ('updated', 'Updated (published again)'), ('unpublished', 'Unpublished'), ('deleted', 'Deleted')], max_length=20, verbose_name='event')),
                        ('page_id', models.PositiveBigIntegerField(verbose_name='page id')),
                        ('page_title', models.CharField(max_length=255, verbose_name='page')),
                        ('payload', models.JSONField(verbose_name='payload')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed')], default='pending', max_length=20, verbose_name='status')),
                        ('attempts_count', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                        ('task_id', models.UUIDField(blank=True, editable=False, null=True, verbose_name='task')),
                    ],
                    options={
                        'verbose_name': 'webhook delivery',
                        'verbose_name_plural': 'webhook deliveries',
                        'db_table': 'cms_webhookdelivery',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=500, unique=True, verbose_name='source file')),
                        ('checksum', models.CharField(max_length=64, verbose_name='checksum')),
                        ('imported_at', models.DateTimeField(auto_now=True, verbose_name='imported at')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_records', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                        ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='imported revision')),
                    ],
                    options={
                        'verbose_name': 'import record',
                        'verbose_name_plural': 'import records',
                        'db_table': 'news_importrecord',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='attempt')),
                        ('attempted_at', models.DateTimeField(auto_now_add=True, verbose_name='attempted at')),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                        ('duration_ms', models.PositiveIntegerField(verbose_name='duration (ms)')),
                        ('response_excerpt', models.TextField(blank=True, verbose_name='response')),
                        ('error', models.CharField(blank=True, max_length=500, verbose_name='error')),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='publishing.webhookdelivery', verbose_name='delivery')),
                    ],
                    options={
                        'verbose_name': 'webhook attempt',
                        'verbose_name_plural': 'webhook attempts',
                        'db_table': 'cms_webhookattempt',
                        'ordering': ['delivery', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Who receives it.', max_length=100, verbose_name='name')),
                        ('url', models.URLField(help_text='An https:// address that accepts JSON sent with POST.', max_length=500, verbose_name='address')),
                        ('secret', models.CharField(default=secrets.token_urlsafe, help_text="Shared with the receiver, which checks each message's signature with it.", max_length=100, verbose_name='secret')),
                        ('on_published', models.BooleanField(default=True, help_text='A page goes live.', verbose_name='published')),
                        ('on_updated', models.BooleanField(default=True, help_text='A live page is published again with changes.', verbose_name='updated')),
                        ('on_unpublished', models.BooleanField(default=True, verbose_name='unpublished')),
                        ('on_deleted', models.BooleanField(default=True, verbose_name='deleted')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('page_types', models.ManyToManyField(blank=True, help_text='None chosen: every page type.', limit_choices_to=cms.publishing.models.webhooks.page_content_types, related_name='+', to='contenttypes.contenttype', verbose_name='page types')),
                    ],
                    options={
                        'verbose_name': 'webhook',
                        'verbose_name_plural': 'webhooks',
                        'db_table': 'cms_webhookendpoint',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='webhookdelivery',
                    name='endpoint',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='publishing.webhookendpoint', verbose_name='webhook'),
                ),
                migrations.CreateModel(
                    name='APISnapshotReference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_type_id', models.IntegerField()),
                        ('object_id', models.CharField(max_length=255)),
                        ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='references', to='publishing.apisnapshot')),
                    ],
                    options={
                        'db_table': 'cms_apisnapshotreference',
                        'indexes': [models.Index(fields=['content_type_id', 'object_id'], name='cms_apisnap_content_b23947_idx')],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_missing_tables, migrations.RunPython.noop),
    ]
