"""The API v2's contract: the whole JSON of a real answer for each page type.

Any change of shape (a field renamed, a block's value restructured, a relation no longer
expanded) fails here: API consumers depend on it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import TestCase
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from cms.models import ContentPage, HomePage, SitemapPage
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from programme.models import (
    CallCriterion,
    ChallengeAchievement,
    ChallengeMentor,
    ChallengeVideo,
    EntrepreneurLink,
    JuryMember,
    PromotionJuryMember,
)
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressContactFactory, PressReleasePageFactory
from tests.factories.programme import (
    AdministrationFactory,
    CallPageFactory,
    ChallengePageFactory,
    EntrepreneurFactory,
    MentorFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

BASE = "http://testserver"
PARIS = ZoneInfo("Europe/Paris")
VIDEO = "https://www.dailymotion.com/video/x6y009x"


def image_json(image, alt):
    renditions = image.get_renditions("width-400", "width-800", "width-1200")
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {"width": r.width, "height": r.height, "url": BASE + r.url} for r in renditions.values()
        ],
    }


def document_json(document):
    return {
        "id": document.pk,
        "title": document.title,
        "url": BASE + document.url,
        "size": document.get_file_size(),
        "format": "pdf",
    }


def page_meta(page, parent=None, **extra):
    meta = {
        "type": page._meta.label,
        "detail_url": f"{BASE}/api/v2/pages/{page.pk}/",
        "html_url": BASE + page.url,
        "slug": page.slug,
        "show_in_menus": page.show_in_menus,
        "seo_title": "",
        "search_description": "",
        "first_published_at": page.first_published_at
        and page.first_published_at.astimezone(PARIS).isoformat(),
        "alias_of": None,
        "parent": {
            "id": parent.pk,
            "meta": {
                "type": parent.specific_class._meta.label,
                "detail_url": f"{BASE}/api/v2/pages/{parent.pk}/",
                "html_url": BASE + parent.url,
            },
            "title": parent.title,
        },
    }
    meta.update(extra)
    return meta


def block_ids(page, field="body"):
    return [block["id"] for block in getattr(page, field).raw_data]


class ContractTestCase(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.home = HomePage.objects.get()
        cls.index = NewsIndexPage.objects.get()
        Embed.objects.create(
            hash=get_embed_hash(VIDEO),
            url=VIDEO,
            type="video",
            html='<iframe src="https://www.dailymotion.com/embed/video/x6y009x"></iframe>',
        )

    def get(self, page):
        response = self.client.get(f"/api/v2/pages/{page.pk}/")
        self.assertEqual(response.status_code, 200)
        return response.json()


class PressReleaseContractTests(ContractTestCase):
    def test_press_release(self):
        image = ImageFactory(title="Promotion 2018")
        document = DocumentFactory(title="Règlement")
        contact = PressContactFactory(
            name="Service presse", email="presse@example.gouv.fr", phones=["01 23 45 67 89"]
        )
        category = NewsCategoryFactory(name="Communiqué de presse")
        linked = PressReleasePageFactory(parent=self.index, title="Autre communiqué")
        page = PressReleasePageFactory(
            parent=self.index,
            title="Une 2ème promotion",
            slug="deuxieme-promotion",
            date=dt.datetime(2018, 1, 15, 23, 0, tzinfo=PARIS),
            chapeau="Lancé en janvier 2017…",
            author="Etalab",
            press_contact=contact,
            media_on_request=True,
            body=[
                (
                    "paragraph",
                    f'<p>Voir <a linktype="page" id="{linked.pk}">un autre</a> et '
                    f'<a linktype="document" id="{document.pk}">le règlement</a>.</p>',
                ),
                ("heading", {"text": "Le programme", "level": "h2"}),
                (
                    "callout",
                    {"title": "En bref", "text": "<ul><li>13 défis</li></ul>", "style": "callout"},
                ),
                ("quote", {"text": "Bienvenue", "author": "M. M.", "author_role": "ministre"}),
                ("important_link", {"label": "Lire", "page": linked, "url": "", "new_tab": True}),
                (
                    "image",
                    {
                        "image": {"image": image, "alt_text": "La promotion", "decorative": False},
                        "caption": "En 2018",
                    },
                ),
                ("document", {"document": document, "label": ""}),
                (
                    "embed",
                    {
                        "video": VIDEO,
                        "title": "Archifiltre",
                        "caption": "",
                        "transcript": "Bonjour",
                    },
                ),
                (
                    "key_figures",
                    {"title": "Chiffres", "figures": [{"figure": "13", "label": "défis"}]},
                ),
                (
                    "table",
                    {
                        "data": [["A", "B"], ["1", "2"]],
                        "table_header_choice": "row",
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "",
                    },
                ),
                ("html", '<p onclick="x()">Gardé</p><script>alert(1)</script>'),
            ],
        )
        page.tags.add("datascience")
        page.categories.add(category)
        page.hero_images.add(
            PressReleaseHeroImage(image=image, alt_text="Une promotion", caption="2018")
        )
        page.attachments.add(
            PressReleaseAttachment(document=document, label="Télécharger le CP"),
            PressReleaseAttachment(url="/uploads/ancien.pdf", label="Ancien CP"),
        )
        page.save_revision().publish()
        page.refresh_from_db()
        ids = block_ids(page)

        self.assertEqual(
            self.get(page),
            {
                "id": page.pk,
                "meta": page_meta(page, self.index),
                "title": "Une 2ème promotion",
                "date": "2018-01-15T23:00:00+01:00",
                "chapeau": "Lancé en janvier 2017…",
                "body": [
                    {
                        "type": "paragraph",
                        "value": f'<p>Voir <a href="{BASE}{linked.url}">un autre</a> et '
                        f'<a href="{BASE}{document.url}">le règlement</a>.</p>',
                        "id": ids[0],
                    },
                    {
                        "type": "heading",
                        "value": {"text": "Le programme", "level": "h2"},
                        "id": ids[1],
                    },
                    {
                        "type": "callout",
                        "value": {
                            "title": "En bref",
                            "text": "<ul><li>13 défis</li></ul>",
                            "style": "callout",
                        },
                        "id": ids[2],
                    },
                    {
                        "type": "quote",
                        "value": {
                            "text": "Bienvenue",
                            "author": "M. M.",
                            "author_role": "ministre",
                        },
                        "id": ids[3],
                    },
                    {
                        "type": "important_link",
                        "value": {
                            "label": "Lire",
                            "url": BASE + linked.url,
                            "page": {
                                "id": linked.pk,
                                "title": "Autre communiqué",
                                "type": "news.PressReleasePage",
                                "url": BASE + linked.url,
                            },
                            "new_tab": True,
                        },
                        "id": ids[4],
                    },
                    {
                        "type": "image",
                        "value": {
                            "image": {**image_json(image, "La promotion"), "decorative": False},
                            "caption": "En 2018",
                        },
                        "id": ids[5],
                    },
                    {
                        "type": "document",
                        "value": {"document": document_json(document), "label": "Règlement"},
                        "id": ids[6],
                    },
                    {
                        "type": "embed",
                        "value": {
                            "url": VIDEO,
                            "title": "Archifiltre",
                            "caption": "",
                            "transcript": "Bonjour",
                        },
                        "id": ids[7],
                    },
                    {
                        "type": "key_figures",
                        "value": {
                            "title": "Chiffres",
                            "figures": [{"figure": "13", "label": "défis"}],
                        },
                        "id": ids[8],
                    },
                    {
                        "type": "table",
                        "value": {
                            "data": [["A", "B"], ["1", "2"]],
                            "table_header_choice": "row",
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                            "table_caption": "",
                        },
                        "id": ids[9],
                    },
                    {"type": "html", "value": "<p>Gardé</p>", "id": ids[10]},
                ],
                "tags": [{"name": "datascience", "slug": "datascience"}],
                "categories": [
                    {
                        "name": "Communiqué de presse",
                        "slug": "communique-de-presse",
                        "default_press_contact": None,
                    }
                ],
                "hero_images": [
                    {
                        "image": image_json(image, "Une promotion"),
                        "alt": "Une promotion",
                        "decorative": False,
                        "caption": "2018",
                    }
                ],
                "attachments": [
                    {
                        "label": "Télécharger le CP",
                        "url": BASE + document.url,
                        "format": "pdf",
                        "size": document.get_file_size(),
                        "document": document_json(document),
                    },
                    {
                        "label": "Ancien CP",
                        "url": BASE + "/uploads/ancien.pdf",
                        "format": "pdf",
                        "size": None,
                        "document": None,
                    },
                ],
                "author": "Etalab",
                "press_contact": {
                    "name": "Service presse",
                    "email": "presse@example.gouv.fr",
                    "phone_numbers": ["01 23 45 67 89"],
                },
                "media_on_request": True,
                # null but for a news item published elsewhere (front matter redirection…)
                "redirect_to": None,
            },
        )

    def test_news_index_and_site_pages(self):
        self.assertEqual(
            self.get(self.index),
            {
                "id": self.index.pk,
                "meta": page_meta(self.index, self.home, show_in_menus=True),
                "title": "Actualités",
                "intro": "<p>Communiqués de presse et actualités du programme.</p>",
            },
        )
        home = self.get(self.home)
        self.assertEqual(set(home), {"id", "meta", "title", "intro", "body"})
        content = ContentPage(title="Mentions légales", intro="Qui publie ce site.", body=[])
        self.home.add_child(instance=content)
        self.assertEqual(
            self.get(content),
            {
                "id": content.pk,
                "meta": page_meta(content, self.home),
                "title": "Mentions légales",
                "intro": "Qui publie ce site.",
                "body": [],
            },
        )
        # The site map's tree is the page tree itself (the pages endpoint): only its intro.
        sitemap = SitemapPage.objects.get()
        self.assertEqual(
            self.get(sitemap),
            {
                "id": sitemap.pk,
                "meta": page_meta(sitemap, self.home),
                "title": "Plan du site",
                "intro": "Toutes les pages publiques du site.",
            },
        )


class ProgrammeContractTests(ContractTestCase):
    def test_programme_promotion_defi_and_call(self):
        programme = ProgrammePageFactory(parent=self.home, intro="Ouvrir l’administration.")
        promotion = PromotionPageFactory(
            parent=programme,
            title="Promotion EIG 2",
            short_name="EIG 2",
            number=2,
            applicants_count=200,
        )
        PromotionJuryMember.objects.create(
            page=promotion, member=JuryMember.objects.create(name="Laure", role="Etalab")
        )
        administration = AdministrationFactory(
            name="Cour des comptes", acronym="CC", ministry="", website="https://www.ccomptes.fr"
        )
        logo = ImageFactory(title="Logo")
        administration.logo = logo
        administration.save()
        photo = ImageFactory(title="Alice")
        alice = EntrepreneurFactory(
            name="Alice", profile="data", bio="Data scientist.", photo=photo, photo_alt="Alice"
        )
        EntrepreneurLink.objects.create(
            entrepreneur=alice, label="GitHub", url="https://github.com/a"
        )
        challenge = ChallengePageFactory(
            parent=promotion,
            title="API rapports",
            summary="Ouvrir les rapports",
            administration=administration,
            team=[alice],
            service_url="https://api.ccomptes.fr",
            source_code_url="https://github.com/ccomptes/api",
            poster_url="https://example.org/poster.pdf",
            key_figures=[("figure", {"figure": "1000", "label": "rapports"})],
            logo=ImageFactory(title="logo-api-rapports"),
        )
        challenge.themes.add("data")
        challenge.save()
        mentor = MentorFactory(
            name="Paul", role="Directeur", kind="strategic", administration=administration
        )
        ChallengeMentor.objects.create(page=challenge, mentor=mentor)
        picture = ImageFactory(title="Tableau de bord")
        ChallengeAchievement.objects.create(
            page=challenge,
            title="Tableau de bord",
            description="En ligne.",
            image=picture,
            image_alt="Courbes des rapports publiés par mois",
        )
        video = ChallengeVideo.objects.create(
            page=challenge, url=VIDEO, title="Le défi", featured=True
        )
        achievement = challenge.achievements.get()
        rules = DocumentFactory(title="Règlement")
        call = CallPageFactory(
            parent=programme,
            title="Appel à candidatures",
            promotion=promotion,
            opens_at=dt.datetime(2018, 9, 13, tzinfo=PARIS),
            closes_at=dt.datetime(2018, 10, 15, 23, 59, tzinfo=PARIS),
            information_meeting_at=dt.datetime(2018, 9, 20, 18, 0, tzinfo=PARIS),
            information_meeting_url="https://example.org/reunion",
            rules_document=rules,
            intro="Rejoignez la promotion.",
        )
        criterion = CallCriterion.objects.create(page=call, text="Motivation")
        promotion_summary = {
            "id": promotion.pk,
            "title": "Promotion EIG 2",
            "number": 2,
            "short_name": "EIG 2",
            "url": BASE + promotion.url,
        }

        self.assertEqual(
            self.get(programme),
            {
                "id": programme.pk,
                "meta": page_meta(programme, self.home),
                "title": programme.title,
                "intro": "Ouvrir l’administration.",
                "body": [],
                "figures": {"promotions": 1, "challenges": 1, "entrepreneurs": 1},
            },
        )
        self.assertEqual(
            self.get(promotion),
            {
                "id": promotion.pk,
                "meta": page_meta(promotion, programme),
                "title": "Promotion EIG 2",
                "number": 2,
                "short_name": "EIG 2",
                "start_date": "2018-01-16",
                "duration_months": 10,
                "monthly_pay": 4000,
                "applicants_count": 200,
                "intro": "",
                "body": [],
                "figures": {
                    "challenges": 1,
                    "entrepreneurs": 1,
                    "duration_months": 10,
                    "monthly_pay": 4000,
                    "applicants": 200,
                    "promotions": 1,
                },
                "jury_members": [{"name": "Laure", "role": "Etalab"}],
            },
        )
        self.assertEqual(
            self.get(challenge),
            {
                "id": challenge.pk,
                "meta": page_meta(challenge, promotion),
                "title": "API rapports",
                "administration": {
                    "id": administration.pk,
                    "name": "Cour des comptes",
                    "acronym": "CC",
                    "ministry": "",
                    "website": "https://www.ccomptes.fr",
                    "logo": image_json(logo, "Logo"),
                },
                "summary": "Ouvrir les rapports",
                "logo": image_json(challenge.logo, "API rapports"),
                "body": [],
                "themes": [{"name": "data", "slug": "data"}],
                "promotion": promotion_summary,
                "duration": 10,
                "team": [
                    {
                        "id": alice.pk,
                        "name": "Alice",
                        "profile": "data",
                        "bio": "Data scientist.",
                        "photo": image_json(photo, "Alice"),
                        "links": [{"label": "GitHub", "url": "https://github.com/a"}],
                    }
                ],
                "mentorships": [
                    {
                        "id": mentor.pk,
                        "name": "Paul",
                        "role": "Directeur",
                        "kind": "strategic",
                        "administration": "Cour des comptes",
                    }
                ],
                "service_url": "https://api.ccomptes.fr",
                "source_code_url": "https://github.com/ccomptes/api",
                "poster_url": "https://example.org/poster.pdf",
                "key_figures": [
                    {
                        "type": "figure",
                        "value": {"figure": "1000", "label": "rapports"},
                        "id": block_ids(challenge, "key_figures")[0],
                    }
                ],
                "videos": [
                    {
                        "id": video.pk,
                        "meta": {"type": "programme.ChallengeVideo"},
                        "url": VIDEO,
                        "title": "Le défi",
                        "featured": True,
                    }
                ],
                "achievements": [
                    {
                        "id": achievement.pk,
                        "meta": {"type": "programme.ChallengeAchievement"},
                        "title": "Tableau de bord",
                        "description": "En ligne.",
                        "image": image_json(picture, "Courbes des rapports publiés par mois"),
                    }
                ],
            },
        )
        self.assertEqual(
            self.get(call),
            {
                "id": call.pk,
                "meta": page_meta(call, programme),
                "title": "Appel à candidatures",
                "audience": "talents",
                "promotion": promotion_summary,
                "opens_at": "2018-09-13T00:00:00+02:00",
                "closes_at": "2018-10-15T23:59:00+02:00",
                "status": "closed",
                "information_meeting_at": "2018-09-20T18:00:00+02:00",
                "information_meeting_url": "https://example.org/reunion",
                "apply_url": "https://demarches.example.gouv.fr/candidature",
                "criteria": [
                    {
                        "id": criterion.pk,
                        "meta": {"type": "programme.CallCriterion"},
                        "text": "Motivation",
                    }
                ],
                "rules_document": document_json(rules),
                "intro": "Rejoignez la promotion.",
                "body": [],
            },
        )

    def test_live_figures_block(self):
        programme = ProgrammePageFactory(parent=self.home)
        promotion = PromotionPageFactory(
            parent=programme, short_name="EIG 3", title="Promotion EIG 3"
        )
        ChallengePageFactory(parent=promotion, team=[EntrepreneurFactory(), EntrepreneurFactory()])
        page = ContentPage(
            title="En bref",
            body=[
                (
                    "promotion_figures",
                    {
                        "title": "",
                        "promotion": promotion,
                        "figures": ["challenges", "entrepreneurs"],
                    },
                )
            ],
        )
        self.home.add_child(instance=page)
        self.assertEqual(
            self.get(page)["body"][0]["value"],
            {
                "title": "",
                "promotion": {
                    "id": promotion.pk,
                    "title": "Promotion EIG 3",
                    "type": "programme.PromotionPage",
                    "url": BASE + promotion.url,
                },
                "figures": [
                    {"figure": "1", "label": "défi d’intérêt général"},
                    {"figure": "2", "label": "entrepreneurs"},
                ],
            },
        )


class PageTypesCoveredTests(TestCase):
    def test_every_page_type_has_a_contract_test(self):
        covered = {
            "news.PressReleasePage",
            "news.NewsIndexPage",
            "cms.HomePage",
            "cms.ContentPage",
            "cms.SitemapPage",
            "programme.ProgrammePage",
            "programme.PromotionPage",
            "programme.ChallengePage",
            "programme.CallPage",
        }
        types = {
            model._meta.label
            for model in Page.__subclasses__()
            + [m for s in Page.__subclasses__() for m in s.__subclasses__()]
            if not model._meta.abstract and model._meta.app_label in ("news", "cms", "programme")
        }
        self.assertEqual(types, covered)
