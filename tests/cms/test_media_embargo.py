"""Files of embargoed pages: editors only until go-live, then everyone
(cms.publishing.media_embargo)."""

import datetime as dt

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from cms.publishing import scheduler as scheduling
from news.models import (
    NewsIndexPage,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
)
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site


class MediaEmbargoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.image = ImageFactory(title="Photo sous embargo")
        cls.document = DocumentFactory(title="Dossier sous embargo")
        page = PressReleasePageFactory(parent=cls.index, title="Sous embargo", live=False)
        page = PressReleasePage.objects.get(pk=page.pk)
        page.hero_images.add(PressReleaseHeroImage(image=cls.image, alt_text="Une photo"))
        page.attachments.add(PressReleaseAttachment(document=cls.document))
        cls.go_live = timezone.now() + dt.timedelta(hours=2)
        page.go_live_at = cls.go_live
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live
        cls.page = page
        cls.rendition = cls.image.get_rendition("fill-400x300")
        cls.editor = cls.create_editor()

    @classmethod
    def create_editor(cls):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("editrice", "e@example.org", "x")

    def urls(self):
        return {
            "original": self.image.file.url,
            "rendition": self.rendition.url,
            "document": self.document.url,
        }

    def test_readers_get_404_and_nothing_is_cached(self):
        for kind, url in self.urls().items():
            with self.subTest(kind):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertIn("no-store", response["Cache-Control"])

    def test_editors_get_the_files_uncached(self):
        self.client.force_login(self.editor)
        for kind, url in self.urls().items():
            with self.subTest(kind):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                b"".join(response.streaming_content)
                if kind != "document":
                    self.assertIn("no-store", response["Cache-Control"])
                    self.assertIn("private", response["Cache-Control"])

    def test_files_are_public_from_go_live(self):
        with time_machine.travel(self.go_live + dt.timedelta(seconds=1)):
            self.assertEqual(scheduling.run_due(), (1, 0))
            for kind, url in self.urls().items():
                with self.subTest(kind):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    if kind != "document":
                        self.assertIn("public", response["Cache-Control"])
                        self.assertIn("max-age=86400", response["Cache-Control"])

    def test_files_of_private_pages_stay_for_editors(self):
        with time_machine.travel(self.go_live + dt.timedelta(seconds=1)):
            scheduling.run_due()
            PageViewRestriction.objects.create(
                page=self.page, restriction_type="password", password="x"
            )
            for url in self.urls().values():
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_media_of_no_page_are_public(self):
        free = ImageFactory(title="Libre")
        response = self.client.get(free.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")

    def test_document_files_are_only_reached_through_the_serve_view(self):
        free = DocumentFactory(title="Libre")
        self.assertEqual(self.client.get(free.url).status_code, 200)
        self.assertEqual(self.client.get(free.file.url).status_code, 404)

    def test_paths_outside_the_media_folder_are_refused(self):
        for path in ("/media/../manage.py", "/media/%2e%2e/manage.py", "/media//etc/passwd"):
            with self.subTest(path):
                self.assertEqual(self.client.get(path).status_code, 404)


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
    }
)
class EmbargoBeforeTheWorkerRunsTests(TestCase):
    """As deployed, Wagtail's reference index is written by a worker, later: the files of a
    page scheduled a moment ago, its inline rows' included, are under embargo all the same."""

    def test_files_of_a_page_just_scheduled_are_refused_to_readers(self):
        setup_site()
        image, document = ImageFactory(), DocumentFactory()
        page = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), live=False)
        page = PressReleasePage.objects.get(pk=page.pk)
        page.hero_images.add(PressReleaseHeroImage(image=image, alt_text="Une photo"))
        page.attachments.add(PressReleaseAttachment(document=document))
        page.go_live_at = timezone.now() + dt.timedelta(hours=2)
        page.save_revision().publish()
        self.assertTrue(DBTaskResult.objects.filter(task_path__contains="reference_index").exists())
        for url in (image.file.url, document.url, "/api/v2/images/", "/api/v2/documents/"):
            with self.subTest(url):
                response = self.client.get(url)
                if url.startswith("/api/"):
                    self.assertEqual(response.json()["meta"]["total_count"], 0)
                else:
                    self.assertEqual(response.status_code, 404)

    def test_a_draft_of_a_live_page_does_not_lift_the_embargo_of_its_files(self):
        """Files are used by what a page shows: a draft saved on a live page is not that."""
        setup_site()
        index = NewsIndexPage.objects.get()
        image = ImageFactory()
        scheduled = PressReleasePageFactory(parent=index, live=False)
        scheduled = PressReleasePage.objects.get(pk=scheduled.pk)
        scheduled.hero_images.add(PressReleaseHeroImage(image=image, alt_text="Une photo"))
        scheduled.go_live_at = timezone.now() + dt.timedelta(hours=2)
        scheduled.save_revision().publish()
        live = PressReleasePageFactory(parent=index)
        live = PressReleasePage.objects.get(pk=live.pk)
        live.hero_images.add(PressReleaseHeroImage(image=image, alt_text="La même"))
        live.save_revision()  # a draft: the live page does not show the image
        self.assertEqual(self.client.get(image.file.url).status_code, 404)
