"""The site's own pages: placement rules, home page, generic pages, error pages."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import ContentPage, HomePage, SitemapPage
from news.models import NewsIndexPage, PressReleasePage
from programme.models import ProgrammePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import admin_form_data, setup_site


class SitePagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.home = HomePage.objects.get()
        cls.news = NewsIndexPage.objects.get()

    def test_placement_rules(self):
        self.assertAllowedSubpageTypes(
            HomePage, {NewsIndexPage, ProgrammePage, ContentPage, SitemapPage}
        )
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})
        self.assertAllowedSubpageTypes(SitemapPage, set())
        # One site map, made by setup_site.
        self.assertFalse(SitemapPage.can_create_at(self.home))
        self.assertCanNotCreateAt(HomePage, PressReleasePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_pages_render(self):
        release = PressReleasePageFactory(parent=self.news)
        editor = self.create_superuser("editor")
        for page in (self.home, self.news, release):
            self.assertPageIsRenderable(page)
            self.client.force_login(editor)  # assertPageIsPreviewable logs out when done
            # The edit form as the browser posts it; StreamFields are drawn by JavaScript.
            edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
            extra = nested_form_data({"body": streamfield([])}) if hasattr(page, "body") else {}
            self.assertPageIsPreviewable(
                page, post_data=admin_form_data(self.client, edit_url, extra), user=editor
            )

    def test_home_page_lists_the_latest_releases_and_the_menu(self):
        releases = [PressReleasePageFactory(parent=self.news, title=f"CP {i}") for i in range(4)]
        soup = self.get_soup(self.client.get("/").content)
        titles = [a.get_text(strip=True) for a in soup.select(".fr-card__title a")]
        self.assertEqual(len(titles), 3)
        self.assertNotIn(releases[0].title, titles)
        menu = [a.get_text(strip=True) for a in soup.select("#fr-navigation .fr-nav__link")]
        self.assertEqual(menu, ["Actualités"])

    def test_page_layout_is_french_dsfr_with_skip_links_and_breadcrumb(self):
        release = PressReleasePageFactory(parent=self.news, title="Une 2ème promotion")
        soup = self.get_soup(self.client.get(release.url).content)
        self.assertEqual(soup.html["lang"], "fr")
        self.assertIsNotNone(soup.select_one("header.fr-header"))
        self.assertIsNotNone(soup.select_one("footer.fr-footer"))
        self.assertEqual(soup.select_one(".fr-skiplinks a")["href"], "#content")
        self.assertIsNotNone(soup.select_one("main#content"))
        crumbs = [a.get_text(strip=True) for a in soup.select(".fr-breadcrumb__link")]
        self.assertEqual(crumbs, ["Accueil", "Actualités", "Une 2ème promotion"])
        self.assertIn("Une 2ème promotion", soup.title.get_text())

    def test_not_found_page_is_in_french(self):
        response = self.client.get("/nulle-part/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Page non trouvée", response.content.decode())

    def test_news_index_has_an_empty_state_and_pagination(self):
        soup = self.get_soup(self.client.get(self.news.url).content)
        self.assertIn("Aucun communiqué n’a encore été publié.", soup.get_text())

        for i in range(NewsIndexPage.page_size + 1):
            PressReleasePageFactory(parent=self.news, title=f"CP {i}")
        soup = self.get_soup(self.client.get(self.news.url).content)
        self.assertEqual(len(soup.select(".fr-card")), NewsIndexPage.page_size)
        self.assertIsNotNone(soup.select_one("nav.fr-pagination"))
        soup = self.get_soup(self.client.get(self.news.url + "?page=2").content)
        self.assertEqual(len(soup.select(".fr-card")), 1)

    def test_news_index_filters_by_tag(self):
        tagged = PressReleasePageFactory(parent=self.news, title="Données ouvertes")
        tagged.tags.add("open data")
        tagged.save()
        PressReleasePageFactory(parent=self.news, title="Autre")
        soup = self.get_soup(self.client.get(self.news.url + "?tag=open-data").content)
        self.assertEqual(
            [a.get_text(strip=True) for a in soup.select(".fr-card__title a")], ["Données ouvertes"]
        )
        self.assertIn("1 communiqué classé sous mot-clé « open data ».", soup.get_text())
