"""Nothing of a scheduled article is public before its go-live, with no worker running: not the
page, nor its images and documents (their files, Wagtail's documents/ route, the API). At
go-live the scheduler makes all of it public, with no copy or move of a file."""

import datetime as dt
from io import StringIO

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.host_site.factories import images_and_documents, scheduled_article

TITLE = "Quetzal article"


class EmbargoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = scheduled_article(TITLE)
        cls.images, cls.documents = images_and_documents(cls.page)
        cls.renditions = [image.get_rendition("width-400") for image in cls.images]
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "x")

    def file_urls(self):
        """The image files (originals and renditions) and the documents' addresses, which are
        Wagtail's documents/ route."""
        return [
            *(image.file.url for image in self.images),
            *(rendition.url for rendition in self.renditions),
            *(document.url for document in self.documents),
        ]

    def detail_urls(self):
        return [
            f"/api/v2/pages/{self.page.pk}/",
            f"/api/v2/pages/find/?html_path={self.page.url}",
            *(f"/api/v2/images/{image.pk}/" for image in self.images),
            *(f"/api/v2/documents/{document.pk}/" for document in self.documents),
        ]

    def listed(self, endpoint):
        response = self.client.get(f"/api/v2/{endpoint}/?fields=*")
        self.assertEqual(response.status_code, 200)
        return response

    def test_nothing_is_public_before_go_live(self):
        # Wagtail's reference index, which tells which page uses a file, waits for a worker.
        self.assertTrue(
            DBTaskResult.objects.filter(
                task_path="wagtail.tasks.update_reference_index_task", status="READY"
            ).exists()
        )
        for url in [self.page.url, *self.detail_urls()]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in self.file_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                # Not kept by a cache: the same address answers at go-live.
                self.assertIn("no-store", response["Cache-Control"])
        for endpoint in ("pages", "images", "documents"):
            with self.subTest(endpoint):
                self.assertNotContains(self.listed(endpoint), "Quetzal")
        # The documents' files are never served from MEDIA_URL to readers.
        for document in self.documents:
            self.assertEqual(self.client.get(document.file.url).status_code, 404)

    def test_editors_get_the_files_before_go_live(self):
        self.client.force_login(self.editor)
        for url in self.file_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                b"".join(response.streaming_content)
                if url.startswith("/media/"):  # the plugin's view; documents are Wagtail's
                    self.assertIn("private", response["Cache-Control"])

    def test_everything_is_public_after_the_scheduler_ran_past_go_live(self):
        with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
            call_command("run_scheduler", "--once", stdout=StringIO())
            self.assertContains(self.client.get(self.page.url), TITLE)
            for url in [*self.file_urls(), *self.detail_urls()]:
                with self.subTest(url):
                    response = self.client.get(url, follow=True)
                    self.assertEqual(response.status_code, 200)
            listed = {
                endpoint: {item["id"] for item in self.listed(endpoint).json()["items"]}
                for endpoint in ("pages", "images", "documents")
            }
        self.assertIn(self.page.pk, listed["pages"])
        self.assertLessEqual({image.pk for image in self.images}, listed["images"])
        self.assertLessEqual({document.pk for document in self.documents}, listed["documents"])
