"""Whole answers to anonymous GETs from the cache, purged by every publication."""

from django.core.cache import cache
from django.test import TestCase

from cms.publishing.models import APISnapshot
from news.models import NewsIndexPage, PressReleasePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import publishing_settings, run_command, setup_site


@publishing_settings(RESPONSE_CACHE_ENABLED=True)
class ResponseCacheTests(TestCase):
    def setUp(self):
        cache.clear()
        setup_site()
        self.index = NewsIndexPage.objects.get()
        page = PressReleasePageFactory(parent=self.index, title="Premier", live=False)
        self.publish(page)
        self.page = PressReleasePage.objects.get(pk=page.pk)

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def test_second_anonymous_get_is_served_from_the_cache(self):
        for url in ("/api/v2/pages/", f"/api/v2/pages/{self.page.pk}/", self.page.url):
            with self.subTest(url=url):
                first = self.client.get(url)
                second = self.client.get(url)
                self.assertEqual(first["X-Cache"], "MISS")
                self.assertEqual(second["X-Cache"], "HIT")
                self.assertEqual(first.content, second.content)
                self.assertEqual(first["ETag"], second["ETag"])
                self.assertEqual(
                    self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 304
                )

    def test_publishing_unpublishing_and_editing_purge(self):
        url = "/api/v2/pages/?type=news.PressReleasePage&fields=title"
        self.client.get(url)
        page = PressReleasePage.objects.get(pk=self.page.pk)
        page.title = "Premier, corrigé"
        self.publish(page)
        response = self.client.get(url)
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertEqual(response.json()["items"][0]["title"], "Premier, corrigé")
        self.client.get(self.page.url)
        with self.captureOnCommitCallbacks(execute=True):
            PressReleasePage.objects.get(pk=self.page.pk).unpublish()
        self.assertEqual(self.client.get(url).json()["items"], [])
        self.assertEqual(self.client.get(self.page.url).status_code, 404)

    def test_editors_previews_and_tokens_are_never_cached(self):
        url = f"/api/v2/pages/{self.page.pk}/"
        self.client.cookies["sessionid"] = "editor"
        self.client.get(url)
        self.assertNotIn("X-Cache", self.client.get(url))
        del self.client.cookies["sessionid"]
        self.assertNotIn("X-Cache", self.client.get(url, HTTP_AUTHORIZATION="Bearer x"))
        self.assertNotIn("X-Cache", self.client.get(f"/api/v2/preview/{self.page.pk}/"))
        self.assertNotIn("X-Cache", self.client.get("/admin/login/"))


class RebuildCommandTests(TestCase):
    def test_builds_missing_snapshots_once(self):
        setup_site()
        index = NewsIndexPage.objects.get()
        page = PressReleasePageFactory(parent=index, live=False)
        page.save_revision().publish()  # no commit in a test case: no build
        lines, code = run_command("rebuild_api_snapshots")
        self.assertEqual(code, 0)
        self.assertTrue(APISnapshot.objects.filter(page_id=page.pk).exists())
        self.assertIn("API snapshots: built", lines[-1])
        self.assertEqual(run_command("rebuild_api_snapshots")[0][-1], "API snapshots: built 0")
