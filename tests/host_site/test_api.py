"""The public API of the host site's pages answered from the snapshots built at publication."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase
from django.utils import timezone

from cms.publishing.models import APISnapshot
from tests.host_site.factories import scheduled_article
from tests.host_site.pages.models import ArticlePage

TITLE = "Quetzal article"
LISTING = "/api/v2/pages/?type=host_pages.ArticlePage&fields=title"


def run_worker():
    """The task worker, as `manage.py db_worker` runs it, until no task is left."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


class SnapshotAPITests(TransactionTestCase):
    # Real commits (snapshots are queued for the worker on commit); the page tree kept.
    serialized_rollback = True

    def titles(self, url=LISTING):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [item["title"] for item in response.json()["items"]]

    def test_at_go_live_the_worker_builds_the_snapshot_that_the_api_answers_from(self):
        page = scheduled_article(TITLE)
        with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
            call_command("run_scheduler", "--once", stdout=StringIO())
            # Live at once, serialized until the snapshot is built in the background.
            self.assertFalse(APISnapshot.objects.filter(page_id=page.pk).exists())
            self.assertEqual(self.titles(), [TITLE])
            run_worker()

            page = ArticlePage.objects.get(pk=page.pk)
            snapshot = APISnapshot.objects.get(page_id=page.pk)
            self.assertEqual(snapshot.revision_id, page.live_revision_id)
            # The answers come out of the stored JSON: a mark put into it shows in them.
            marked = snapshot.data.replace(TITLE, "Quetzal, from the snapshot")
            APISnapshot.objects.filter(page_id=page.pk).update(data=marked)
            self.assertEqual(self.titles(), ["Quetzal, from the snapshot"])
            detail = self.client.get(f"/api/v2/pages/{page.pk}/").json()
            self.assertEqual(detail["title"], "Quetzal, from the snapshot")
            self.assertEqual(detail["image"]["id"], page.image_id)

            # Published again: that snapshot is never served, and a new one is built.
            page.title = "Quetzal article, revised"
            page.save_revision().publish()
            self.assertEqual(self.titles(), ["Quetzal article, revised"])
            run_worker()
            page.refresh_from_db()
            snapshot = APISnapshot.objects.get(page_id=page.pk)
            self.assertIn("Quetzal article, revised", snapshot.data)
            self.assertEqual(snapshot.revision_id, page.live_revision_id)
