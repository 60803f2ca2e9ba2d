"""RSS and Atom feeds of press releases, read as a feed reader reads them (feedparser)."""

import datetime as dt

import feedparser
from django.test import TestCase
from django.utils import timezone

from news.models import NewsIndexPage, PressReleaseHeroImage
from tests.factories.media import ImageFactory
from tests.factories.news import (
    NewsCategoryFactory,
    PressReleasePageFactory,
    hidden_press_releases,
)
from tests.utils import setup_site

FEEDS = {"rss": "flux/rss/", "atom": "flux/atom/"}


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        now = timezone.now()
        cls.category = NewsCategoryFactory(name="Communiqué de presse")
        cls.old = PressReleasePageFactory(
            parent=cls.index,
            title="Lancement de la promotion 2 & <suite>",
            chapeau="Quinze défis pour 2018.",
            date=now - dt.timedelta(days=400),
        )
        cls.old.tags.add("datascience")
        cls.old.save()
        cls.new = PressReleasePageFactory(
            parent=cls.index, title="Appel à défis", chapeau="Les administrations candidatent."
        )
        cls.new.categories.add(cls.category)
        cls.new.save()
        PressReleaseHeroImage.objects.create(
            page=cls.new, image=ImageFactory(), alt_text="Les lauréats sur scène"
        )
        cls.hidden = hidden_press_releases(cls.index, "SECRET-FEED-7f3a")

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
        return response, feed

    def test_feeds_list_public_releases_newest_first_with_all_fields(self):
        for kind, path in FEEDS.items():
            with self.subTest(kind=kind):
                response, feed = self.parse(self.index.url + path)
                self.assertIn(kind, response["Content-Type"])
                self.assertEqual(feed.feed.title, "Actualités")
                self.assertEqual(feed.feed.link, self.index.full_url)
                self.assertEqual(
                    [entry.title for entry in feed.entries],
                    ["Appel à défis", "Lancement de la promotion 2 & <suite>"],
                )
                entry = feed.entries[0]
                self.assertEqual(entry.link, self.new.full_url)
                self.assertTrue(entry.link.startswith("http"))
                self.assertEqual(entry.summary, "Les administrations candidatent.")
                published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
                self.assertEqual(published, self.new.date.replace(microsecond=0))
                self.assertIn("Communiqué de presse", [tag.term for tag in entry.tags])
                enclosures = entry.enclosures
                self.assertEqual(len(enclosures), 1)
                self.assertTrue(enclosures[0].href.startswith("http://testserver/"))
                self.assertRegex(enclosures[0].href, r"\.fill-1200x630\.jpg$")
                self.assertEqual(enclosures[0].type, "image/jpeg")
                self.assertGreater(int(enclosures[0].length), 0)
                self.assertEqual(feed.entries[1].enclosures, [])

    def test_feeds_by_tag_and_by_category(self):
        for kind, path in FEEDS.items():
            with self.subTest(kind=kind):
                _, feed = self.parse(self.index.url + path + "?tag=datascience")
                self.assertEqual(
                    [e.title for e in feed.entries], ["Lancement de la promotion 2 & <suite>"]
                )
                self.assertEqual(feed.feed.title, "Actualités — mot-clé « datascience »")
                self.assertEqual(feed.feed.link, self.index.full_url + "?tag=datascience")
                _, feed = self.parse(self.index.url + path + "?category=communique-de-presse")
                self.assertEqual([e.title for e in feed.entries], ["Appel à défis"])

    def test_unknown_tag_or_category_is_not_found(self):
        for query in ("?tag=nulle-part", "?category=nulle-part"):
            response = self.client.get(self.index.url + "flux/rss/" + query)
            self.assertEqual(response.status_code, 404, query)

    def test_embargoed_expired_private_and_draft_releases_are_absent(self):
        for kind, path in FEEDS.items():
            with self.subTest(kind=kind):
                response, _ = self.parse(self.index.url + path)
                self.assertNotIn("SECRET-FEED-7f3a", response.content.decode())
                # Their tag and category are unknown: as one nobody uses, not an empty feed.
                for query in ("?tag=embargo", "?category=embargo"):
                    response = self.client.get(self.index.url + path + query)
                    unknown = self.client.get(self.index.url + path + query + "-inconnu")
                    self.assertEqual(response.status_code, 404, query)
                    self.assertEqual(response.content, unknown.content, query)

    def test_pages_announce_their_feeds(self):
        for url in ("/", self.index.url, self.new.url):
            soup = self.client.get(url)
            html = soup.content.decode()
            self.assertIn(
                '<link rel="alternate" type="application/rss+xml" '
                'title="Communiqués de presse (RSS)" href="/actualites/flux/rss/">',
                html,
            )
            self.assertIn('type="application/atom+xml"', html)
