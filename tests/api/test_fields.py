"""The Wagtail API v2 exposes press releases with every field of the content model."""

from django.test import TestCase

from cms.models import HomePage
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressContactFactory, PressReleasePageFactory
from tests.factories.programme import (
    AdministrationFactory,
    CallPageFactory,
    ChallengePageFactory,
    EntrepreneurFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site


class PressReleaseAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        index = NewsIndexPage.objects.get()
        contact = PressContactFactory(
            name="Presse Etalab", email="presse@etalab.gouv.fr", phones=["01 23 45 67 89"]
        )
        cls.release = PressReleasePageFactory(
            parent=index,
            title="Une 2ème promotion",
            chapeau="Lancé en janvier 2017…",
            press_contact=contact,
            body=[("quote", {"text": "Bienvenue", "author": "M. M.", "author_role": "ministre"})],
        )
        cls.release.categories.add(
            NewsCategoryFactory(name="Communiqué de presse", default_press_contact=contact)
        )
        cls.release.tags.add("datascience")
        cls.release.hero_images.add(
            PressReleaseHeroImage(image=ImageFactory(), alt_text="Une promotion", caption="2018")
        )
        cls.release.attachments.add(
            PressReleaseAttachment(document=DocumentFactory(), label="Télécharger le CP"),
            PressReleaseAttachment(url="/uploads/cp.pdf", label="Ancien CP"),
        )
        cls.release.save_revision().publish()
        cls.draft = PressReleasePageFactory(parent=index, live=False)

    def test_detail_has_every_field(self):
        data = self.client.get(f"/api/v2/pages/{self.release.pk}/").json()
        self.assertEqual(data["meta"]["type"], "news.PressReleasePage")
        self.assertEqual(data["chapeau"], "Lancé en janvier 2017…")
        self.assertEqual(data["tags"], [{"name": "datascience", "slug": "datascience"}])
        self.assertEqual(
            data["categories"],
            [
                {
                    "name": "Communiqué de presse",
                    "slug": "communique-de-presse",
                    "default_press_contact": {
                        "name": "Presse Etalab",
                        "email": "presse@etalab.gouv.fr",
                        "phone_numbers": ["01 23 45 67 89"],
                    },
                }
            ],
        )
        self.assertEqual(
            data["press_contact"],
            {
                "name": "Presse Etalab",
                "email": "presse@etalab.gouv.fr",
                "phone_numbers": ["01 23 45 67 89"],
            },
        )
        self.assertEqual(data["hero_images"][0]["alt"], "Une promotion")
        self.assertEqual(data["hero_images"][0]["caption"], "2018")
        self.assertEqual(
            [(a["label"], a["format"]) for a in data["attachments"]],
            [("Télécharger le CP", "pdf"), ("Ancien CP", "pdf")],
        )
        self.assertEqual(data["attachments"][1]["url"], "http://testserver/uploads/cp.pdf")
        self.assertEqual(
            data["body"][0]["value"],
            {"text": "Bienvenue", "author": "M. M.", "author_role": "ministre"},
        )
        self.assertTrue(data["media_on_request"])
        self.assertTrue(data["date"].endswith("+01:00") or data["date"].endswith("+02:00"))

    def test_list_shows_only_published_releases(self):
        data = self.client.get("/api/v2/pages/?type=news.PressReleasePage").json()
        self.assertEqual([item["id"] for item in data["items"]], [self.release.pk])
        self.assertEqual(self.client.get(f"/api/v2/pages/{self.draft.pk}/").status_code, 404)


class ProgrammeAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        home = HomePage.objects.get()
        cls.programme = ProgrammePageFactory(parent=home)
        cls.promotion = PromotionPageFactory(parent=cls.programme, short_name="EIG 2", number=2)
        cls.challenge = ChallengePageFactory(
            parent=cls.promotion,
            title="Archifiltre",
            administration=AdministrationFactory(name="Secrétariat général des ministères sociaux"),
            team=[EntrepreneurFactory(name="Emmanuel"), EntrepreneurFactory(name="Jean-Baptiste")],
        )
        cls.call = CallPageFactory(parent=cls.programme, promotion=cls.promotion)

    def detail(self, page):
        return self.client.get(f"/api/v2/pages/{page.pk}/").json()

    def test_every_programme_type_has_its_fields(self):
        self.assertEqual(
            self.detail(self.programme)["figures"],
            {"promotions": 1, "challenges": 1, "entrepreneurs": 2},
        )
        promotion = self.detail(self.promotion)
        self.assertEqual((promotion["number"], promotion["short_name"]), (2, "EIG 2"))
        self.assertEqual(promotion["figures"]["challenges"], 1)
        self.assertEqual(promotion["figures"]["entrepreneurs"], 2)
        challenge = self.detail(self.challenge)
        self.assertEqual(
            challenge["administration"]["name"], "Secrétariat général des ministères sociaux"
        )
        self.assertEqual(
            [member["name"] for member in challenge["team"]], ["Emmanuel", "Jean-Baptiste"]
        )
        self.assertEqual(challenge["promotion"]["short_name"], "EIG 2")
        self.assertEqual(challenge["duration"], 10)
        call = self.detail(self.call)
        self.assertEqual(call["status"], "open")
        self.assertEqual(call["promotion"]["id"], self.promotion.pk)


class RichTextLinkTests(TestCase):
    """Links in rich text reach consumers absolute, as HTML and as Markdown."""

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        target = PressReleasePageFactory(parent=cls.index, title="Cible", slug="cible")
        link = f'<p>Voir <a linktype="page" id="{target.pk}">la cible</a>.</p>'
        cls.index.intro = link
        cls.index.save_revision().publish()
        cls.release = PressReleasePageFactory(
            parent=cls.index, title="Source", body=[("paragraph", link)]
        )

    def test_rich_text_field_links_are_absolute(self):
        data = self.client.get(f"/api/v2/pages/{self.index.pk}/").json()
        self.assertIn('href="http://testserver/actualites/cible/"', data["intro"])

    def test_markdown_links_are_absolute(self):
        for page, field in ((self.index, "intro"), (self.release, "body")):
            data = self.client.get(f"/api/v2/pages/{page.pk}/?rich_text_format=markdown").json()
            text = data[field] if field == "intro" else data[field][0]["value"]
            with self.subTest(field=field):
                self.assertIn("](http://testserver/actualites/cible/)", text)
