"""What every page repeats (menu, footer, feeds, DSFR configuration) and the routes to pages,
cached as deployed: every change is shown at once, and a stale route never serves a wrong page."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from dsfr.models import DsfrConfig
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailTestUtils

from cms.models import ContentPage, FooterSettings, HomePage
from cms.publishing.caching import fragments
from cms.publishing.caching import responses as response_cache
from news.models import NewsIndexPage
from tests.factories.news import PressReleasePageFactory
from tests.utils import publishing_settings, setup_site


@publishing_settings(FRAGMENT_CACHE_TIMEOUT=300)
class CachedChromeTests(WagtailTestUtils, TestCase):
    def setUp(self):
        cache.clear()
        setup_site()
        self.home = HomePage.objects.get()
        self.index = NewsIndexPage.objects.get()
        self.release = PressReleasePageFactory(parent=self.index, title="CP")

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific

    def content_page(self, title, slug, parent=None, **fields):
        page = ContentPage(title=title, slug=slug, live=False, **{"show_in_menus": True, **fields})
        (parent or self.home).add_child(instance=page)
        return self.publish(page)

    def menu(self, url=None):
        soup = self.get_soup(self.client.get(url or self.release.url).content)
        return [
            (link.get_text(strip=True), link["href"], link.get("aria-current"))
            for link in soup.select("#fr-navigation .fr-nav__link")
        ]

    def test_menu_follows_publication_unpublication_and_titles_at_once(self):
        self.assertEqual(self.menu(), [("Actualités", "/actualites/", "true")])
        about = self.content_page("À propos", "a-propos")
        self.assertEqual(self.menu()[1], ("À propos", "/a-propos/", None))
        self.assertEqual(self.menu(about.url)[1], ("À propos", "/a-propos/", "page"))
        about.title = "Qui sommes-nous"
        self.publish(about)
        self.assertEqual(self.menu()[1][0], "Qui sommes-nous")
        with self.captureOnCommitCallbacks(execute=True):
            about.unpublish()
        self.assertEqual(len(self.menu()), 1)

    def test_a_view_restriction_removes_the_page_from_menus_and_cached_answers(self):
        about = self.content_page("Réservé", "reserve")
        with publishing_settings(RESPONSE_CACHE_ENABLED=True):
            self.assertContains(self.client.get(about.url), "Réservé")
            self.assertEqual(self.client.get(about.url)["X-Cache"], "HIT")
            PageViewRestriction.objects.create(
                page=about, restriction_type="password", password="x"
            )
            response = self.client.get(about.url)
            self.assertNotIn(b"X-Cache: HIT", response.serialize_headers())
            self.assertContains(response, 'name="password"')
            self.assertEqual([item[0] for item in self.menu()], ["Actualités"])

    def test_footer_and_site_configuration_changes_show_at_once(self):
        self.assertContains(self.client.get(self.release.url), 'href="/mentions-legales/"')
        legal = self.content_page(
            "Informations légales", "informations-legales", show_in_menus=False
        )
        footer = FooterSettings.for_site(self.home.get_site())
        footer.legal_notice_page = legal
        footer.save()
        response = self.client.get(self.release.url)
        self.assertContains(response, 'href="/informations-legales/"')
        self.assertNotContains(response, 'href="/mentions-legales/"')
        config = DsfrConfig.objects.get(language="fr")
        config.site_title = "Programme EIG, nouveau titre"
        config.save()
        self.assertContains(self.client.get(self.release.url), "Programme EIG, nouveau titre")

    def test_breadcrumb_from_routing_matches_the_tree(self):
        parent = self.content_page("Le programme", "programme-eig")
        child = self.content_page("Les défis", "defis", parent=parent)
        soup = self.get_soup(self.client.get(child.url).content)
        crumbs = [
            (link.get_text(strip=True), link.get("href"))
            for link in soup.select(".fr-breadcrumb__link")
        ]
        self.assertEqual(
            crumbs,
            [("Accueil", "/"), ("Le programme", "/programme-eig/"), ("Les défis", None)],
        )
        self.assertFalse(self.get_soup(self.client.get("/").content).select(".fr-breadcrumb"))


@publishing_settings(FRAGMENT_CACHE_TIMEOUT=300)
class RememberedRouteTests(TestCase):
    """The home page has children of several types: it remembers where a slug leads."""

    def setUp(self):
        cache.clear()
        setup_site()
        self.home = HomePage.objects.get()
        page = ContentPage(title="À propos", slug="a-propos", live=False)
        self.home.add_child(instance=page)
        self.page = self.publish(page)

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        return ContentPage.objects.get(pk=page.pk)

    def queries(self, url):
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_a_remembered_route_saves_wagtails_second_query(self):
        self.assertContains(self.client.get("/a-propos/"), "À propos")
        remembered = self.queries("/a-propos/")
        response_cache.cache().delete(fragments._key("route", [self.home.pk, "a-propos"]))
        self.assertEqual(self.queries("/a-propos/"), remembered + 1)  # slug, then type
        self.assertEqual(self.queries("/a-propos/"), remembered)
        self.assertContains(self.client.get("/actualites/"), "Actualités")

    def test_a_renamed_page_answers_at_its_new_address(self):
        self.client.get("/a-propos/")
        self.page.slug = "qui-sommes-nous"
        self.publish(self.page)
        self.assertEqual(self.client.get("/qui-sommes-nous/").status_code, 200)
        # The old address redirects (Wagtail's automatic redirect), it serves no page.
        self.assertRedirects(self.client.get("/a-propos/"), "/qui-sommes-nous/", status_code=301)

    def test_a_stale_route_never_serves_another_page(self):
        """Changes made behind the signals' back (no purge) cost a lookup, not a wrong page."""
        self.client.get("/a-propos/")
        Page.objects.filter(pk=self.page.pk).update(slug="ailleurs", url_path="/home/ailleurs/")
        other = ContentPage(title="Autre page", slug="a-propos", live=True)
        self.home.add_child(instance=other)
        self.assertContains(self.client.get("/a-propos/"), "Autre page")
        Page.objects.filter(pk=other.pk).delete()
        self.assertEqual(self.client.get("/a-propos/").status_code, 404)


class ViewRestrictionTests(TestCase):
    """The restrictions of a page and its ancestors, in one query, as Wagtail reads them."""

    def setUp(self):
        setup_site()
        self.home = HomePage.objects.get()
        self.section = ContentPage(title="Section", slug="section", live=True)
        self.home.add_child(instance=self.section)
        self.child = ContentPage(title="Sous-page", slug="sous-page", live=True)
        self.section.add_child(instance=self.child)
        self.restriction = PageViewRestriction.objects.create(
            page=self.section, restriction_type="password", password="x"
        )

    def test_ancestors_and_aliases_of_restricted_pages_are_restricted(self):
        alias = self.section.create_alias(parent=self.home, update_slug="alias-section")
        for page in (self.section, self.child, alias):
            with self.subTest(page=page.url):
                self.assertEqual(list(page.get_view_restrictions()), [self.restriction])
                response = self.client.get(page.url)
                self.assertContains(response, 'name="password"')
                self.assertNotContains(response, "Sous-page</h1>")
        self.assertEqual(list(self.home.get_view_restrictions()), [])
        with self.assertNumQueries(1):
            list(self.child.get_view_restrictions())
