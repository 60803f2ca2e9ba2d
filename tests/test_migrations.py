"""An existing database migrates to the publishing plugin without losing a row: the models
the plugin took over (webhooks, API snapshots, import records) keep their tables, their rows and
their content types, so that permissions given on them stay given."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from cms.publishing.models import APISnapshot, ImportRecord, WebhookDelivery, WebhookEndpoint

BEFORE = [
    ("cms", "0010_webhook_delivery_task"),
    ("news", "0007_newscategory_requires_press_contact"),
    ("programme", "0003_challenge_logo_and_achievement_image_alt"),
]


class MoveToPublishingTests(TransactionTestCase):
    serialized_rollback = True

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()

    def test_rows_tables_and_permissions_survive_the_move(self):
        old = self.migrate(BEFORE)
        Page = old.get_model("wagtailcore", "Page")
        root = Page.objects.get(depth=1)
        endpoint = old.get_model("cms", "WebhookEndpoint").objects.create(
            name="Partenaire", url="https://example.org/hook", secret="s3cret"
        )
        old.get_model("cms", "WebhookDelivery").objects.create(
            endpoint=endpoint, event="published", page_id=root.pk, page_title="Racine", payload={}
        )
        old.get_model("cms", "APISnapshot").objects.create(
            page_id=root.pk, revision_id=1, signature="1", data="{}"
        )
        old.get_model("news", "ImportRecord").objects.create(
            source="a.md", page_id=root.pk, checksum="0" * 64
        )
        old_type = ContentType.objects.get_or_create(app_label="cms", model="webhookendpoint")[0]
        permission = Permission.objects.get_or_create(
            content_type=old_type, codename="change_webhookendpoint", defaults={"name": "Change"}
        )[0]
        group = Group.objects.create(name="Intégrateurs")
        group.permissions.add(permission)

        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        self.assertEqual(WebhookEndpoint.objects.get().name, "Partenaire")
        self.assertEqual(WebhookDelivery.objects.get().endpoint_id, endpoint.pk)
        self.assertEqual(APISnapshot.objects.get().page_id, root.pk)
        self.assertEqual(ImportRecord.objects.get().source, "a.md")
        self.assertEqual(WebhookEndpoint._meta.db_table, "cms_webhookendpoint")
        old_type.refresh_from_db()
        self.assertEqual(old_type.app_label, "publishing")
        self.assertEqual(
            list(group.permissions.values_list("content_type__app_label", "codename")),
            [("publishing", "change_webhookendpoint")],
        )
