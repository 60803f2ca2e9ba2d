"""The news index as readers use it: filters by tag, category and year, pagination that keeps
them, and empty states."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import TestCase
from wagtail.test.utils import WagtailTestUtils

from news.models import NewsIndexPage
from tests.factories.news import NewsCategoryFactory, PressReleasePageFactory
from tests.utils import setup_site

PARIS = ZoneInfo("Europe/Paris")


class NewsIndexFilterTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.category = NewsCategoryFactory(name="Communiqué de presse")
        # 2018-01-01 00:30 in Paris is still 2017 in UTC: the year is Paris's.
        cls.new_year = PressReleasePageFactory(
            parent=cls.index, title="Nouvel an", date=dt.datetime(2018, 1, 1, 0, 30, tzinfo=PARIS)
        )
        cls.new_year.tags.add("data")
        cls.new_year.categories.add(cls.category)
        cls.new_year.save()
        for day in range(1, NewsIndexPage.page_size + 3):
            release = PressReleasePageFactory(
                parent=cls.index,
                title=f"Données {day:02d}",
                date=dt.datetime(2017, 3, day, 12, tzinfo=PARIS),
            )
            release.tags.add("data")
            release.save()
        PressReleasePageFactory(
            parent=cls.index, title="Sans mot-clé", date=dt.datetime(2016, 5, 1, tzinfo=PARIS)
        )

    def soup(self, query=""):
        response = self.client.get(self.index.url + query)
        self.assertEqual(response.status_code, 200)
        return self.get_soup(response.content)

    @staticmethod
    def titles(soup):
        return [a.get_text(strip=True) for a in soup.select(".fr-card__title a")]

    def test_filter_form_offers_what_the_releases_use(self):
        soup = self.soup()
        self.assertEqual([o["value"] for o in soup.select("#filter-tag option")], ["", "data"])
        self.assertEqual(
            [o["value"] for o in soup.select("#filter-category option")],
            ["", "communique-de-presse"],
        )
        self.assertEqual(
            [o["value"] for o in soup.select("#filter-year option")], ["", "2018", "2017", "2016"]
        )
        for select in soup.select(".news-filters select"):
            self.assertIsNotNone(soup.select_one(f"label[for={select['id']}]"))

    def test_filters_by_year_in_paris_time(self):
        soup = self.soup("?year=2018")
        self.assertEqual(self.titles(soup), ["Nouvel an"])
        self.assertEqual(soup.select_one("#filter-year option[selected]")["value"], "2018")
        self.assertIn("1 communiqué classé sous 2018.", soup.get_text())

    def test_filters_combine(self):
        soup = self.soup("?tag=data&category=communique-de-presse&year=2018")
        self.assertEqual(self.titles(soup), ["Nouvel an"])
        soup = self.soup("?tag=data&year=2016")
        self.assertEqual(self.titles(soup), [])

    def test_pagination_keeps_the_filters(self):
        soup = self.soup("?tag=data&year=2017")
        self.assertIn("14 communiqués classés sous mot-clé « data », 2017.", soup.get_text())
        self.assertEqual(len(self.titles(soup)), NewsIndexPage.page_size)
        next_link = soup.select_one("a.fr-pagination__link--next")["href"]
        self.assertIn("tag=data", next_link)
        self.assertIn("year=2017", next_link)
        self.assertIn("page=2", next_link)
        soup = self.soup(next_link)
        self.assertEqual(self.titles(soup), ["Données 02", "Données 01"])
        self.assertEqual(soup.select_one("#filter-tag option[selected]")["value"], "data")

    def test_empty_state_with_filters_offers_to_see_all(self):
        soup = self.soup("?tag=nothing-here")
        self.assertEqual(self.titles(soup), [])
        empty = soup.select_one(".news-empty")
        self.assertIn("Aucun communiqué ne correspond à ces filtres.", empty.get_text())
        self.assertEqual(empty.select_one("a")["href"], self.index.url)

    def test_bad_filter_values_are_ignored_not_errors(self):
        for query in (
            "?year=20x8",
            "?year=99999",
            "?year=0001",
            "?year=9999",
            "?page=abc",
            "?page=999",
            "?tag=%00",
            "?category=a%00b",
        ):
            response = self.client.get(self.index.url + query)
            self.assertEqual(response.status_code, 200, query)

    def test_cards_show_date_tags_and_chapeau_and_link_the_tag_listing(self):
        soup = self.soup("?year=2018")
        card = soup.select_one(".fr-card")
        self.assertEqual(card.select_one("time")["datetime"][:10], "2018-01-01")
        self.assertEqual(card.select_one("time").get_text(), "1 janvier 2018")
        self.assertEqual([t.get_text() for t in card.select(".fr-tag")], ["data"])
        self.assertIn("talents du numérique", card.select_one(".fr-card__desc").get_text())

        page = self.get_soup(self.client.get(self.new_year.url).content)
        links = {a.get_text(): a["href"] for a in page.select(".fr-tags-group a.fr-tag")}
        self.assertEqual(links["data"], self.index.url + "?tag=data")
        self.assertEqual(
            links["Communiqué de presse"], self.index.url + "?category=communique-de-presse"
        )

    def test_rss_link_follows_the_filters(self):
        soup = self.soup("?tag=data&year=2017")
        self.assertEqual(
            soup.select_one("a.fr-icon-rss-line")["href"],
            self.index.url + "flux/rss/?tag=data&year=2017",
        )
