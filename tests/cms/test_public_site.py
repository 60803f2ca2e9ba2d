"""What machines read of the public site: sitemap, robots.txt, meta and structured data;
the search page; and what the public must not see in any of them or in the listings."""

import json
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own responses

from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from dsfr.models import DsfrConfig
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailTestUtils

from cms.models import FooterSettings, HomePage
from cms.publishing.visibility import public_pages
from news.models import NewsIndexPage, PressReleaseHeroImage
from tests.factories.media import ImageFactory
from tests.factories.news import PressReleasePageFactory, hidden_press_releases
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
MARKER = "SECRET-PUBLIC-91c4"


class PublicSiteTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.home = HomePage.objects.get()
        cls.index = NewsIndexPage.objects.get()
        cls.release = PressReleasePageFactory(
            parent=cls.index,
            title="Les lauréats de la promotion 3",
            chapeau="Vingt-huit entrepreneurs rejoignent treize administrations.",
            author="Mission Etalab",
        )
        cls.release.tags.add("open data")
        cls.release.save()
        PressReleaseHeroImage.objects.create(
            page=cls.release, image=ImageFactory(), alt_text="Les lauréats réunis"
        )
        programme = ProgrammePageFactory(parent=cls.home)
        promotion = PromotionPageFactory(parent=programme)
        cls.challenge = ChallengePageFactory(parent=promotion, title="Défi des océans")
        cls.call = CallPageFactory(parent=programme)
        cls.hidden = hidden_press_releases(cls.index, MARKER)

    def soup(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return self.get_soup(response.content)

    def test_sitemap_lists_public_pages_with_absolute_urls(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)  # noqa: S314
        urls = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
        site_root = Site.objects.get(is_default_site=True).root_url
        for page in (self.home, self.index, self.release, self.challenge, self.call):
            self.assertIn(site_root + page.url, urls)
        for url in urls:
            self.assertTrue(url.startswith(site_root + "/"), url)
        self.assertEqual(len(urls), len(set(urls)))
        for page in self.hidden.values():
            self.assertNotIn(site_root + page.url, urls)
        self.assertNotIn(MARKER, response.content.decode())
        self.assertTrue(all(e.text for e in root.findall("sm:url/sm:lastmod", SITEMAP_NS)))

    def test_every_public_page_links_to_the_pages_the_law_asks_for_in_its_footer(self):
        """Plan du site, the accessibility mention, legal notice, personal data and cookies:
        the bottom links of the DSFR footer that every French public website shows."""
        expected = [
            ("Plan du site", "/plan-du-site/"),
            ("Accessibilité : non conforme", "/accessibilite/"),
            ("Mentions légales", "/mentions-legales/"),
            ("Données personnelles", "/donnees-personnelles/"),
            ("Gestion des cookies", "/gestion-des-cookies/"),
        ]
        urls = [page.url for page in public_pages(Page.objects.filter(depth__gt=1))]
        self.assertGreater(len(urls), 10)
        for url in urls:
            soup = self.soup(url)
            links = [
                (link.get_text(" ", strip=True), link["href"])
                for link in soup.select("footer .fr-footer__bottom-list a")
            ]
            self.assertEqual(links, expected, url)
        for _label, url in expected:
            self.soup(url)

        # The mention follows the status set in the site's settings.
        DsfrConfig.objects.filter(language="fr").update(accessibility_status="PART")
        soup = self.soup(self.release.url)
        self.assertEqual(
            soup.select_one("footer a[href='/accessibilite/']").get_text(strip=True),
            "Accessibilité : partiellement conforme",
        )

    def test_sitemap_page_is_the_tree_of_the_public_pages(self):
        soup = self.soup(FooterSettings.for_site(self.home.get_site()).sitemap_page.url)
        tree = soup.select_one("main nav")
        links = [link["href"] for link in tree.select("a")]
        for page in (self.home, self.index, self.release, self.challenge, self.call):
            self.assertIn(page.url, links)
        self.assertEqual(len(links), public_pages(Page.objects.filter(depth__gt=1)).count())
        # Nested as the page tree: the release under the news index, under the home page.
        self.assertIsNotNone(
            tree.select_one(
                f"li:has(> a[href='/']) li:has(> a[href='{self.index.url}']) "
                f"a[href='{self.release.url}']"
            )
        )
        for page in self.hidden.values():
            self.assertNotIn(page.url, links)
        self.assertNotIn(MARKER, str(soup))

    def test_robots_txt_allows_the_site_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)

    def test_press_release_meta_opengraph_twitter_and_canonical(self):
        soup = self.soup(self.release.url)
        meta = {
            tag.get("property") or tag.get("name"): tag["content"]
            for tag in soup.select("meta[content]")
        }
        url = self.release.full_url
        self.assertEqual(soup.select_one("link[rel=canonical]")["href"], url)
        self.assertEqual(meta["og:title"], "Les lauréats de la promotion 3")
        self.assertEqual(meta["og:type"], "article")
        self.assertEqual(meta["og:url"], url)
        self.assertEqual(meta["og:description"], self.release.chapeau)
        self.assertEqual(meta["description"], self.release.chapeau)
        self.assertRegex(meta["og:image"], r"^http://testserver/.+\.fill-1200x630\.jpg$")
        self.assertEqual(meta["og:image:alt"], "Les lauréats réunis")
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(meta["twitter:title"], "Les lauréats de la promotion 3")
        self.assertEqual(meta["twitter:image"], meta["og:image"])

    def test_press_release_has_news_article_json_ld(self):
        soup = self.soup(self.release.url)
        scripts = soup.select('script[type="application/ld+json"]')
        self.assertEqual(len(scripts), 1)
        data = json.loads(scripts[0].string)
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "Les lauréats de la promotion 3")
        self.assertEqual(data["description"], self.release.chapeau)
        self.assertEqual(data["author"], {"@type": "Person", "name": "Mission Etalab"})
        self.assertEqual(data["publisher"]["name"], self.home.get_site().site_name)
        self.assertEqual(data["mainEntityOfPage"], self.release.full_url)
        self.assertTrue(data["datePublished"].startswith(self.release.date.date().isoformat()))
        self.assertEqual(data["keywords"], ["open data"])
        self.assertEqual(data["image"][0], soup.select_one("meta[property='og:image']")["content"])

    def test_json_ld_cannot_close_its_script_element(self):
        self.release.title = "Fin </script><script>alert(1)</script>"
        self.release.save_revision().publish()
        html = self.client.get(self.release.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)
        data = json.loads(
            self.get_soup(html).select_one("script[type='application/ld+json']").string
        )
        self.assertEqual(data["headline"], "Fin </script><script>alert(1)</script>")

    def test_public_pages_have_no_inline_script(self):
        for url in (
            "/",
            self.index.url,
            self.release.url,
            self.challenge.url,
            self.call.url,
            "/recherche/?q=promotion",
        ):
            with self.subTest(url=url):
                for script in self.soup(url).select("script"):
                    if script.get("type") == "application/ld+json":
                        continue
                    self.assertTrue(script.get("src"), f"inline script on {url}: {script}")
                    self.assertFalse(
                        [name for name in script.attrs if name.startswith("on")], script
                    )

    def test_anonymous_pages_carry_no_per_request_token(self):
        """Shared caches may keep them: no cookie set, no CSRF token, same bytes twice."""
        for url in ("/", self.index.url, self.release.url, "/recherche/?q=promotion"):
            with self.subTest(url=url):
                first, second = self.client.get(url), self.client.get(url)
                self.assertNotIn("Set-Cookie", first.headers)
                self.assertNotIn("csrfmiddlewaretoken", first.content.decode())
                self.assertEqual(first.content, second.content)

    def test_search_finds_public_pages_in_french_and_highlights_the_words(self):
        soup = self.soup("/recherche/?q=lauréats")
        titles = [a.get_text() for a in soup.select(".search-result h2 a")]
        self.assertEqual(titles, ["Les lauréats de la promotion 3"])
        self.assertEqual(
            [m.get_text() for m in soup.select(".search-result h2 mark")], ["lauréats"]
        )
        self.assertIn("1 résultat pour « lauréats ».", soup.get_text())
        # French stemming and accents: "laureat" finds "lauréats" and marks it.
        soup = self.soup("/recherche/?q=Défi+océans")
        self.assertIn("Défi des océans", [a.get_text() for a in soup.select(".search-result a")])
        self.assertEqual(
            [m.get_text() for m in soup.select(".search-result h2 mark")], ["Défi", "océans"]
        )

    def test_search_has_no_hidden_page_and_handles_odd_queries(self):
        html = self.client.get(f"/recherche/?q={MARKER}").content.decode()
        self.assertIn("0 résultat pour", html)
        self.assertNotIn(f"{MARKER} embargoed", html)
        soup = self.soup("/recherche/")
        self.assertEqual(soup.select(".search-result"), [])
        self.assertIsNone(soup.select_one("#search-results-count"))
        for query in ("<b>x</b>", "&&& |||", "a" * 5000, "%00", "a\x00b", "   "):
            response = self.client.get("/recherche/", {"q": query, "page": "nope"})
            self.assertEqual(response.status_code, 200, query)
            self.assertNotIn("<b>x</b>", response.content.decode())

    def test_search_finds_quoted_words_as_a_phrase_and_any_punctuation_is_harmless(self):
        # A double quote reached SQLite's full-text syntax as it was typed: a 500.
        PressReleasePageFactory(
            parent=self.index, title="Mission", chapeau="Protéger le récif corallien."
        )
        PressReleasePageFactory(
            parent=self.index, title="Apart", chapeau="Un récif, puis un banc corallien."
        )

        def titles(query):
            response = self.client.get("/recherche/", {"q": query})
            self.assertEqual(response.status_code, 200, query)
            return sorted(a.get_text() for a in self.get_soup(response.content).select("h2 a"))

        self.assertEqual(titles("récif corallien"), ["Apart", "Mission"])
        self.assertEqual(titles('"récif corallien"'), ["Mission"])
        self.assertEqual(titles('protéger "récif corallien'), ["Mission"])  # unbalanced
        odd = ['a"b', '"', '""', "'", "(récif", "récif AND", "NOT récif", "NEAR(a b)", "récif*"]
        odd += ["^récif", "-récif", "récif:banc", '"(" OR ")"', "\\", '- "récif"']
        for query in odd:
            with self.subTest(query=query):
                self.assertEqual(self.client.get("/recherche/", {"q": query}).status_code, 200)

    def test_listings_hide_embargoed_expired_private_and_draft_releases(self):
        for url in (
            "/",
            self.index.url,
            self.index.url + "?tag=embargo",
            self.index.url + "?category=embargo",
        ):
            with self.subTest(url=url):
                self.assertNotIn(MARKER, self.client.get(url).content.decode())
        soup = self.soup(self.index.url)
        self.assertNotIn("embargo", [o["value"] for o in soup.select("#filter-tag option")])
        self.assertNotIn("embargo", [o["value"] for o in soup.select("#filter-category option")])

    def test_tag_and_category_of_hidden_releases_read_as_unknown_ones(self):
        # The label named the category "Embargo" by the hidden releases' snippet.
        for name in ("tag", "category"):
            with self.subTest(name=name):
                hidden = self.client.get(self.index.url, {name: "embargo"})
                unknown = self.client.get(self.index.url, {name: "inconnu"})
                self.assertEqual(
                    hidden.content.decode().replace("embargo", "…"),
                    unknown.content.decode().replace("inconnu", "…"),
                )

    def test_not_found_and_server_error_pages(self):
        response = self.client.get("/nulle-part/")
        self.assertEqual(response.status_code, 404)
        soup = self.get_soup(response.content)
        self.assertEqual(soup.h1.get_text(), "Page non trouvée")
        self.assertIsNotNone(soup.select_one("header.fr-header"))
        html = render_to_string("500.html", request=RequestFactory().get("/"))
        soup = self.get_soup(html)
        self.assertEqual(soup.h1.get_text(), "Erreur inattendue")
        self.assertEqual(soup.html["lang"], "fr")
        self.assertIsNotNone(soup.select_one("main#content"))
