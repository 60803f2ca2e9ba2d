"""Editors enter the programme through the admin: snippets, choosers, pages, and deletion."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import HomePage
from programme.models import Administration, CallPage, ChallengePage, Entrepreneur, Mentor
from tests.factories.programme import (
    AdministrationFactory,
    ChallengePageFactory,
    EntrepreneurFactory,
    MentorFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import admin_form_data, form_errors, setup_site


class ProgrammeAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.programme = ProgrammePageFactory(parent=HomePage.objects.get())
        cls.promotion = PromotionPageFactory(parent=cls.programme, short_name="EIG 3")

    def setUp(self):
        self.login()

    def test_snippets_are_created_through_their_admin_views(self):
        response = self.client.post(
            reverse("wagtailsnippets_programme_administration:add"),
            {
                "name": "Cour des comptes",
                "acronym": "CC",
                "ministry": "",
                "website": "https://www.ccomptes.fr",
                "logo": "",
            },
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        administration = Administration.objects.get()

        response = self.client.post(
            reverse("wagtailsnippets_programme_entrepreneur:add"),
            nested_form_data(
                {
                    "name": "Alice Martin",
                    "profile": "data",
                    "photo": "",
                    "photo_alt": "",
                    "bio": "Datascientist.",
                    "links": inline_formset(
                        [{"label": "GitHub", "url": "https://github.com/alice"}]
                    ),
                }
            ),
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(Entrepreneur.objects.get().links.get().url, "https://github.com/alice")

        response = self.client.post(
            reverse("wagtailsnippets_programme_mentor:add"),
            {
                "name": "Paul",
                "role": "Directeur",
                "administration": administration.pk,
                "kind": "strategic",
            },
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(Mentor.objects.get().administration, administration)

    def test_choosers_list_and_pick_snippets(self):
        AdministrationFactory(name="Cour des comptes")
        AdministrationFactory(name="Ministère des Armées")
        url = reverse("wagtailsnippetchoosers_programme_administration:choose")
        response = self.client.get(url, {"q": "armées"})
        self.assertEqual(response.status_code, 200)
        html = response.json()["html"]
        self.assertIn("Ministère des Armées", html)
        self.assertNotIn("Cour des comptes", html)

        administration = Administration.objects.get(name="Cour des comptes")
        chosen = reverse(
            "wagtailsnippetchoosers_programme_administration:chosen", args=(administration.pk,)
        )
        response = self.client.get(chosen)
        self.assertEqual(response.json()["result"]["string"], "Cour des comptes")

    def test_defi_is_created_with_choosers_through_the_page_editor(self):
        administration = AdministrationFactory(name="Cour des comptes")
        alice, bob = EntrepreneurFactory(name="Alice"), EntrepreneurFactory(name="Bob")
        mentor = MentorFactory(name="Paul")
        url = reverse(
            "wagtailadmin_pages:add", args=("programme", "challengepage", self.promotion.pk)
        )
        data = {
            "title": "API rapports",
            "slug": "api-rapports",
            "administration": administration.pk,
            "summary": "Ouvrir les rapports de la Cour",
            "themes": "data, web",
            "action-publish": "action-publish",
            **nested_form_data(
                {
                    "body": streamfield([]),
                    "key_figures": streamfield(
                        [("figure", {"figure": "1000", "label": "rapports"})]
                    ),
                    "team": inline_formset([{"entrepreneur": alice.pk}, {"entrepreneur": bob.pk}]),
                    "mentorships": inline_formset([{"mentor": mentor.pk}]),
                    "videos": inline_formset([]),
                    "achievements": inline_formset([]),
                }
            ),
        }
        response = self.client.post(url, admin_form_data(self.client, url, data))
        self.assertEqual(response.status_code, 302, form_errors(response))
        page = ChallengePage.objects.get(slug="api-rapports")
        self.assertTrue(page.live)
        self.assertEqual([m.entrepreneur.name for m in page.team.all()], ["Alice", "Bob"])
        soup = self.get_soup(self.client.get(self.promotion.url).content)
        self.assertIn("API rapports", soup.get_text())
        self.assertEqual(
            self.promotion.specific_class.objects.get(pk=self.promotion.pk).figures[
                "entrepreneurs"
            ],
            2,
        )

    def test_publishing_a_defi_needs_its_administration(self):
        url = reverse(
            "wagtailadmin_pages:add", args=("programme", "challengepage", self.promotion.pk)
        )
        data = {
            "title": "Sans administration",
            "slug": "sans-administration",
            "summary": "Résumé",
            "action-publish": "action-publish",
            **nested_form_data({"body": streamfield([]), "key_figures": streamfield([])}),
        }
        response = self.client.post(url, admin_form_data(self.client, url, data))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Champ requis.", form_errors(response))

    def test_call_closing_before_it_opens_is_refused_in_french(self):
        url = reverse("wagtailadmin_pages:add", args=("programme", "callpage", self.programme.pk))
        data = {
            "title": "Appel",
            "slug": "appel",
            "audience": "talents",
            "opens_at": "15/10/2018 00:00",
            "closes_at": "13/09/2018 00:00",
            "action-publish": "action-publish",
            **nested_form_data(
                {"body": streamfield([]), "criteria": inline_formset([{"text": "Motivation"}])}
            ),
        }
        response = self.client.post(url, admin_form_data(self.client, url, data))
        self.assertEqual(response.status_code, 200)
        self.assertIn("L’appel doit se clore après son ouverture.", form_errors(response))
        self.assertFalse(CallPage.objects.exists())

    def test_administration_in_use_cannot_be_deleted(self):
        administration = AdministrationFactory(name="Cour des comptes")
        page = ChallengePageFactory(parent=self.promotion, administration=administration)
        url = reverse("wagtailsnippets_programme_administration:delete", args=(administration.pk,))
        main = (
            self.get_soup(self.client.get(url).content).select_one("main").get_text(" ", strip=True)
        )
        self.assertIn("empêchent de le supprimer", main)
        self.client.post(url)
        self.assertTrue(Administration.objects.filter(pk=administration.pk).exists())
        self.assertEqual(self.client.get(page.url).status_code, 200)

        unused = AdministrationFactory(name="Inutilisée")
        url = reverse("wagtailsnippets_programme_administration:delete", args=(unused.pk,))
        self.client.post(url)
        self.assertFalse(Administration.objects.filter(pk=unused.pk).exists())
