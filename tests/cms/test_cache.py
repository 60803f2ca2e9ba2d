"""Frontend cache purges: what a CDN or proxy is told to forget when a page changes."""

import datetime as dt
import json

from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cms.models import ContentPage, HomePage
from news.models import NewsIndexPage, PressReleasePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


@override_settings(
    WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.cms.test_cache.RecordingBackend"}}
)
class FrontendCacheTests(TestCase):
    def setUp(self):
        setup_site()
        self.home = HomePage.objects.get()
        self.index = NewsIndexPage.objects.get()
        self.purged = RecordingBackend.purged
        self.purged.clear()

    def release(self, **fields):
        page = PressReleasePageFactory(parent=self.index, live=False, **fields)
        return PressReleasePage.objects.get(pk=page.pk)

    def test_publishing_purges_the_page_its_listings_and_the_api(self):
        page = self.release(slug="lancement")
        page.save_revision().publish()
        self.assertLessEqual(
            {
                "http://localhost/actualites/lancement/",
                "http://localhost/actualites/",
                "http://localhost/",
                f"http://testserver/api/v2/pages/{page.pk}/",
                "http://testserver/api/v2/pages/",
                "http://testserver/api/v2/pages/find/",
            },
            set(self.purged),
        )

    def test_pages_linking_to_it_are_purged_too(self):
        page = self.release(slug="lancement")
        page.save_revision().publish()
        about = ContentPage(title="À propos", slug="a-propos")
        about.body = json.dumps(
            [{"type": "paragraph", "value": f'<p><a linktype="page" id="{page.pk}">CP</a></p>'}]
        )
        self.home.add_child(instance=about)
        self.purged.clear()

        page.save_revision().publish()
        self.assertIn("http://localhost/a-propos/", self.purged)

        self.purged.clear()
        page.refresh_from_db()
        page.unpublish()
        self.assertIn("http://localhost/a-propos/", self.purged)
        self.assertIn("http://localhost/actualites/", self.purged)

    def test_a_page_merely_scheduled_purges_no_listing(self):
        page = self.release(slug="embargo")
        page.go_live_at = timezone.now() + dt.timedelta(hours=1)
        page.save_revision().publish()
        self.assertNotIn("http://localhost/actualites/", self.purged)
        self.assertNotIn("http://testserver/api/v2/pages/", self.purged)

    def test_moving_purges_the_old_and_new_addresses(self):
        page = self.release(slug="lancement")
        page.save_revision().publish()
        archives = ContentPage(title="Archives", slug="archives")
        self.home.add_child(instance=archives)
        archives.save_revision().publish()
        self.purged.clear()
        NewsIndexPage.objects.get().move(archives, pos="last-child")
        self.assertLessEqual(
            {
                "http://localhost/actualites/",
                "http://localhost/actualites/lancement/",
                "http://localhost/archives/actualites/",
                "http://localhost/archives/actualites/lancement/",
                "http://testserver/api/v2/pages/",
            },
            set(self.purged),
        )

    @override_settings(WAGTAILFRONTENDCACHE={})
    def test_nothing_is_sent_without_a_configured_cache(self):
        self.release().save_revision().publish()
        self.assertEqual(self.purged, [])
