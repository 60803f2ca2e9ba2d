"""Every filter of the pages endpoint, and a 400 naming the parameter for bad input."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import HomePage
from news.models import NewsIndexPage
from tests.factories.news import (
    NewsCategoryFactory,
    PressReleasePageFactory,
    hidden_press_releases,
)
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

PARIS = ZoneInfo("Europe/Paris")


class FilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        index = NewsIndexPage.objects.get()
        category = NewsCategoryFactory(name="Communiqué de presse")
        cls.old = PressReleasePageFactory(
            parent=index, title="Promotion 2", date=dt.datetime(2018, 1, 15, 23, tzinfo=PARIS)
        )
        cls.old.tags.add("datascience", "design")
        cls.old.categories.add(category)
        cls.old.save()
        cls.new = PressReleasePageFactory(
            parent=index, title="Promotion 3", date=dt.datetime(2018, 9, 9, 11, 18, tzinfo=PARIS)
        )
        cls.new.tags.add("datascience", "Données ouvertes")
        cls.new.save()
        programme = ProgrammePageFactory(parent=HomePage.objects.get())
        cls.promotion = PromotionPageFactory(parent=programme, short_name="EIG 3")
        other = PromotionPageFactory(parent=programme, short_name="EIG 2")
        cls.challenge = ChallengePageFactory(parent=cls.promotion, title="CartoBio")
        cls.challenge.themes.add("design")
        cls.challenge.save()
        ChallengePageFactory(parent=other, title="Archifiltre")
        cls.call = CallPageFactory(parent=programme, promotion=cls.promotion, title="Appel EIG 3")

    def titles(self, query):
        response = self.client.get(f"/api/v2/pages/?{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return [item["title"] for item in response.json()["items"]]

    def error(self, query):
        response = self.client.get(f"/api/v2/pages/?{query}")
        self.assertEqual(response.status_code, 400, response.content)
        return response.json()["message"]

    def test_type(self):
        self.assertEqual(
            self.titles("type=news.PressReleasePage&order=title"), ["Promotion 2", "Promotion 3"]
        )
        self.assertEqual(self.error("type=news.Nothing"), "type doesn't exist")

    def test_tags_by_name_or_slug_across_types(self):
        self.assertEqual(
            self.titles("tags=datascience&order=title"), ["Promotion 2", "Promotion 3"]
        )
        self.assertEqual(self.titles("tags=design&order=title"), ["CartoBio", "Promotion 2"])
        self.assertEqual(self.titles("tags=datascience,design"), ["Promotion 2"])
        self.assertEqual(self.titles("tags=inconnu"), [])
        self.assertEqual(self.error("tags=,"), "tags: give one or more tags, separated by commas")

    def test_tags_in_any_case_or_by_slug_with_or_without_a_type(self):
        # With type=, Wagtail's own field filter also matched the exact name, case-sensitively.
        for tags in ("Données ouvertes", "DONNÉES OUVERTES", "données-ouvertes"):
            for query in (f"tags={tags}", f"tags={tags}&type=news.PressReleasePage"):
                with self.subTest(query=query):
                    self.assertEqual(self.titles(query), ["Promotion 3"])
        self.assertEqual(
            self.titles("tags=DataScience,DESIGN&type=news.PressReleasePage"), ["Promotion 2"]
        )
        searched = "tags=datascience&type=news.PressReleasePage&search=3"
        self.assertEqual(self.titles(searched), ["Promotion 3"])
        # Likewise a call's promotion, by short name: Wagtail took it for the call's field.
        self.assertEqual(self.titles("promotion=EIG 3&type=programme.CallPage"), ["Appel EIG 3"])

    def test_tags_categories_and_promotions_of_hidden_pages_are_unknown(self):
        """Those that only embargoed, expired, private or draft pages have are answered as
        names nothing has: nobody learns of them before their time."""
        hidden_press_releases(NewsIndexPage.objects.get(), "SECRET-API-0c2e")
        self.assertEqual(self.titles("tags=embargo"), [])
        self.assertEqual(self.titles("tags=embargo&type=news.PressReleasePage"), [])
        for category in ("embargo", "Embargo"):
            self.assertEqual(
                self.error(f"category={category}"), f"category: no category '{category}'"
            )
        promotion = PromotionPageFactory(
            parent=self.promotion.get_parent(), short_name="EIG 9", live=False
        )
        promotion.go_live_at = timezone.now() + dt.timedelta(days=1)
        promotion.save_revision().publish()
        for value in ("EIG 9", str(promotion.pk)):
            self.assertEqual(
                self.error(f"promotion={value}"),
                f"promotion: no promotion '{value}' (give its id or short name)",
            )

    def test_category(self):
        self.assertEqual(self.titles("category=communique-de-presse"), ["Promotion 2"])
        self.assertEqual(self.titles("category=Communiqué de presse"), ["Promotion 2"])
        self.assertEqual(self.error("category=nope"), "category: no category 'nope'")

    def test_dates(self):
        self.assertEqual(self.titles("date_after=2018-06-01"), ["Promotion 3"])
        self.assertEqual(self.titles("date_before=2018-06-01"), ["Promotion 2"])
        self.assertEqual(
            self.titles("date_after=2018-01-15T23:00:00%2B01:00&date_before=2018-01-16"),
            ["Promotion 2"],
        )
        self.assertIn("date_after: '2018-13-01' is not a date", self.error("date_after=2018-13-01"))
        self.assertIn("date_before: 'hier' is not a date", self.error("date_before=hier"))

    def test_promotion_by_id_or_short_name(self):
        expected = ["Appel EIG 3", "CartoBio"]
        self.assertEqual(self.titles("promotion=EIG 3&order=title"), expected)
        self.assertEqual(self.titles(f"promotion={self.promotion.pk}&order=title"), expected)
        self.assertIn("promotion: no promotion 'EIG 9'", self.error("promotion=EIG 9"))

    def test_order_by_date_on_every_type(self):
        self.assertEqual(
            self.titles("type=news.PressReleasePage&order=-date"), ["Promotion 3", "Promotion 2"]
        )
        self.assertEqual(self.titles("tags=datascience&order=date"), ["Promotion 2", "Promotion 3"])
        self.assertEqual(
            self.error("order=-date,title"), "order: 'date' cannot be combined with other fields"
        )
        self.assertEqual(self.error("order=nothing"), "cannot order by 'nothing' (unknown field)")

    def test_search(self):
        self.assertEqual(self.titles("search=CartoBio"), ["CartoBio"])
        self.assertEqual(
            self.titles("search=Promotion&type=news.PressReleasePage&order=-date")[0], "Promotion 3"
        )
        self.assertEqual(
            self.titles("search=Promotion&category=communique-de-presse"), ["Promotion 2"]
        )

    def test_search_quoted_words_as_a_phrase_and_any_punctuation_is_harmless(self):
        # A double quote reached SQLite's full-text syntax as it was typed: a 500.
        index = NewsIndexPage.objects.get()
        PressReleasePageFactory(parent=index, title="Récif", chapeau="Le récif corallien.")
        PressReleasePageFactory(parent=index, title="Banc", chapeau="Un récif, un banc corallien.")
        search = "type=news.PressReleasePage&order=title&search="
        self.assertEqual(self.titles(search + "récif corallien"), ["Banc", "Récif"])
        self.assertEqual(self.titles(search + '"récif corallien"'), ["Récif"])
        self.assertEqual(
            self.titles(search + '"récif corallien" banc&search_operator=or'), ["Banc", "Récif"]
        )
        for query in ('a"b', '"', "(a", "a AND", "NOT a", "NEAR(a b)", "a*", "^a", "-a", '- "a"'):
            for path in ("pages", "images", "documents"):
                with self.subTest(query=query, path=path):
                    response = self.client.get(f"/api/v2/{path}/", {"search": query})
                    self.assertEqual(response.status_code, 200)

    def test_search_operator(self):
        self.assertEqual(self.titles("search=CartoBio&search_operator=or"), ["CartoBio"])
        self.assertEqual(
            self.error("search=x&search_operator=xor"), "search_operator must be one of: and, or"
        )
        response = self.client.get("/api/v2/images/?search=x&search_operator=xor")
        self.assertEqual(response.status_code, 400)

    def test_field_filter_with_a_value_the_field_refuses(self):
        # Found by fuzzing: Wagtail let the field's own validation error become a 500.
        for query in ("type=news.PressReleasePage&date=%C2%A0%C2%A0", "first_published_at=demain"):
            with self.subTest(query=query):
                self.assertTrue(self.error(query).startswith("invalid filter value: "))

    def test_find_by_id_needs_a_number(self):
        for url in (
            "/api/v2/pages/find/?id=",
            "/api/v2/images/find/?id=x",
            "/api/v2/pages/find/?id=٣",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["message"], "id must be a positive integer")

    def test_nul_characters_are_refused(self):
        # Found by fuzzing on PostgreSQL, which refuses NUL in any text it is sent.
        self.assertEqual(self.error("title=a%00b"), "title: NUL characters are not allowed")
        self.assertEqual(self.error("search=%00"), "search: NUL characters are not allowed")
        response = self.client.get("/api/v2/documents/?tags=%00")
        self.assertEqual(response.status_code, 400)

    def test_unknown_format(self):
        self.assertEqual(self.error("format=xml"), "format must be one of: api, json")

    def test_pagination(self):
        response = self.client.get(
            "/api/v2/pages/?type=news.PressReleasePage&order=-date&limit=1&offset=1"
        )
        data = response.json()
        self.assertEqual(
            (data["meta"]["total_count"], [i["title"] for i in data["items"]]), (2, ["Promotion 2"])
        )
        self.assertEqual(self.error("limit=1000"), "limit cannot be higher than 100")
        self.assertIn("limit must be a positive integer", self.error("limit=-1"))
        self.assertIn("offset must be a positive integer", self.error("offset=abc"))

    def test_unknown_parameters_are_named(self):
        self.assertEqual(
            self.error("colour=blue&size=2"),
            "query parameter is not an operation or a recognised field: colour, size",
        )
        # Single items too, pages, images and documents alike; their own parameters work.
        detail = f"/api/v2/pages/{self.new.pk}/"
        for url in (detail, "/api/v2/images/1/", "/api/v2/documents/1/"):
            response = self.client.get(f"{url}?colour=blue")
            self.assertEqual(response.status_code, 400, url)
            self.assertEqual(
                response.json()["message"],
                "query parameter is not an operation or a recognised field: colour",
            )
        self.assertEqual(self.client.get(f"{detail}?fields=title&format=json").status_code, 200)

    def test_only_public_pages(self):
        expiring = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="Expirée")
        expiring.expire_at = timezone.now() - dt.timedelta(minutes=1)
        expiring.save()
        PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="Brouillon", live=False)
        titles = self.titles("type=news.PressReleasePage&limit=100")
        self.assertNotIn("Expirée", titles)
        self.assertNotIn("Brouillon", titles)
        self.assertEqual(self.client.get(f"/api/v2/pages/{expiring.pk}/").status_code, 404)

    def test_view_restricted_pages_are_left_out_even_for_those_who_may_see_them(self):
        # A logged-in editor, or a visitor who typed the password, sees the page on the site,
        # but the API's answers are shared by caches: they hold public pages only.
        restricted = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="Réservé")
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        )
        self.assertNotIn("Réservé", self.titles("type=news.PressReleasePage&limit=100"))
        self.assertEqual(self.client.get(f"/api/v2/pages/{restricted.pk}/").status_code, 404)

    @override_settings(WAGTAILAPI_SEARCH_ENABLED=False)
    def test_disabled_search_is_a_400(self):
        self.assertEqual(self.error("search=x"), "search is disabled")
