"""The programme's history, loaded from the earlier site's data files and the file of facts."""

import hashlib
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.test import TestCase
from PIL import Image
from wagtail.models import Revision
from wagtail.search.backends import get_search_backend

from cms.models import HomePage
from cms.publishing.models import ImportRecord
from programme.importer import short_name_for
from programme.models import CallPage, ChallengePage, Mentor, ProgrammePage, PromotionPage
from tests.factories.programme import ProgrammePageFactory
from tests.utils import run_command, setup_site

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "demo" / "programme.yml"
DEFIS = ROOT / "demo" / "eig-data" / "defis.yml"
PROMOS = ROOT / "demo" / "eig-data" / "promos.yml"


def run_import(*paths):
    return run_command("import_programme", *paths)


class ProgrammeImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.lines, cls.code = run_import(FACTS, PROMOS, DEFIS)
        # Some entries spell accents as a letter and a combining accent: the import composes
        # them (NFC), as readers type them.
        cls.data = yaml.safe_load(unicodedata.normalize("NFC", DEFIS.read_text(encoding="utf-8")))

    def test_every_defi_is_under_its_promotion_with_its_administration_team_and_mentors(self):
        self.assertEqual(self.code, 0, self.lines[-5:])
        self.assertEqual(ChallengePage.objects.live().count(), 53)
        for key, entry in self.data.items():
            with self.subTest(defi=key):
                page = ImportRecord.objects.get(source=f"defis.yml#{key}").page.specific
                promotion = page.get_parent().specific
                self.assertEqual(promotion.short_name, short_name_for(entry["promotion"]))
                self.assertEqual(page.summary, entry["description"].strip())
                self.assertEqual(
                    page.administration.name, " ".join(entry["administration"].split())
                )
                self.assertEqual(
                    [member.entrepreneur.name for member in page.team.all()], entry["eigs"]
                )
                self.assertEqual(
                    [item.mentor.name for item in page.mentorships.all()], entry["mentors"]
                )

    def test_accents_are_composed(self):
        raw = DEFIS.read_text(encoding="utf-8")
        self.assertFalse(unicodedata.is_normalized("NFC", raw))  # the data needs it
        for page in ChallengePage.objects.all():
            with self.subTest(page=page.slug):
                html = self.client.get(page.url).content.decode()
                self.assertTrue(unicodedata.is_normalized("NFC", html))

    def test_imported_pages_and_snippets_are_found_by_search(self):
        """Imports index what they create once, at their end: the search finds it."""
        entry = next(iter(self.data.values()))
        title = ImportRecord.objects.get(source=f"defis.yml#{next(iter(self.data))}").page.title
        found = ChallengePage.objects.live().search(title, operator="and")
        self.assertIn(title, [page.title for page in found])
        response = self.client.get("/recherche/", {"q": title})
        self.assertContains(response, title)
        mentor = entry["mentors"][0]
        found = get_search_backend().search(mentor, Mentor, operator="and")
        self.assertIn(mentor, [item.name for item in found])

    def test_derived_figures_match_the_data(self):
        expected = defaultdict(lambda: {"challenges": 0, "people": set()})
        for entry in self.data.values():
            figures = expected[short_name_for(entry["promotion"])]
            figures["challenges"] += 1
            figures["people"].update(entry["eigs"])
        for short_name, figures in expected.items():
            with self.subTest(promotion=short_name):
                page = PromotionPage.objects.get(short_name=short_name)
                self.assertEqual(page.figures["challenges"], figures["challenges"])
                self.assertEqual(page.figures["entrepreneurs"], len(figures["people"]))
        # The data, not the press releases' rounded figures ("11 entrepreneurs" in 2017).
        self.assertEqual(PromotionPage.objects.get(short_name="EIG 1").figures["entrepreneurs"], 9)
        self.assertEqual(PromotionPage.objects.get(short_name="EIG 2").figures["challenges"], 13)
        self.assertEqual(PromotionPage.objects.get(short_name="EIG 2").figures["entrepreneurs"], 28)
        self.assertEqual(PromotionPage.objects.get(short_name="EIG 3").figures["entrepreneurs"], 32)

    def test_outcomes_videos_and_key_figures(self):
        page = ChallengePage.objects.get(title="Archifiltre")
        self.assertEqual(page.service_url, "https://archifiltre.github.io")
        self.assertEqual(page.source_code_url, "https://github.com/jeanbaptisteassouad/cheapExp")
        self.assertEqual(
            page.poster_url, "https://fichiers.eig-forever.org/posters/eig2/archifiltre.pdf"
        )
        self.assertEqual(
            [(block.value["figure"], block.value["label"]) for block in page.key_figures],
            [
                ("20", "ateliers utilisateurs réalisés"),
                ("10", "versions sorties"),
                ("1000", "utilisateurs uniques depuis le lancement"),
            ],
        )
        video = page.videos.get()
        self.assertEqual(video.url, "https://www.dailymotion.com/video/x6y009x")
        self.assertTrue(video.featured)
        self.assertEqual(set(page.themes.names()), {"data", "web"})

    def test_facts_and_calls(self):
        programme = ProgrammePage.objects.get()
        self.assertEqual(
            programme.figures, {"promotions": 5, "challenges": 53, "entrepreneurs": 87}
        )
        promotion = PromotionPage.objects.get(short_name="EIG 3")
        self.assertEqual(
            (str(promotion.start_date), promotion.monthly_pay, promotion.applicants_count),
            ("2019-01-01", 4000, 170),
        )
        call = CallPage.objects.get(slug="appel-a-projets-promotion-3")
        self.assertEqual(call.audience, "administrations")
        self.assertEqual(call.promotion, promotion)
        self.assertEqual(call.opens_at.isoformat(), "2018-05-03T22:00:00+00:00")
        self.assertEqual(
            len(CallPage.objects.get(slug="appel-a-candidatures-promotion-2").criteria.all()), 5
        )

    def test_former_addresses_redirect_to_the_defis(self):
        page = ChallengePage.objects.get(title="ACOSS-Plateforme")
        response = self.client.get("/defis/2019/acossplateforme.html")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], page.url)

    def test_second_run_changes_nothing(self):
        revisions = Revision.objects.count()
        lines, code = run_import(FACTS, PROMOS, DEFIS)
        self.assertEqual(code, 0)
        self.assertEqual(lines[-1], "imported 0, updated 0, unchanged 66, failed 0, warnings 0")
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(ChallengePage.objects.count(), 53)


def former_site_entries():
    """The entries of the former site's two data files (its `_data/defis.yml` and
    `_data/promos.yml`, copied byte for byte into demo/eig-data/)."""
    return [
        f"{path.name}#{key}"
        for path in (PROMOS, DEFIS)
        for key in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


class FormerDataFilesAloneTests(TestCase):
    """A new site imports the former site's data files without a file of facts: a default
    programme page is created for them, published, and reported as such."""

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.entries = former_site_entries()
        cls.lines, cls.code = run_import(PROMOS, DEFIS)

    def test_every_entry_is_imported_under_a_default_programme_page(self):
        self.assertEqual(len(self.entries), 58)
        self.assertEqual(self.code, 0, self.lines[-5:])
        self.assertTrue(self.lines[-1].startswith("imported 58, updated 0, unchanged 0, failed 0"))
        programme = ProgrammePage.objects.get()
        self.assertEqual((programme.title, programme.slug), ("Le programme EIG", "programme"))
        self.assertTrue(programme.live)
        self.assertFalse(programme.has_unpublished_changes)
        self.assertEqual(programme.get_parent().specific_class, HomePage)
        self.assertEqual(PromotionPage.objects.child_of(programme).count(), 5)
        self.assertEqual(ChallengePage.objects.descendant_of(programme).live().count(), 53)
        for key in self.entries:
            with self.subTest(entry=key):
                self.assertTrue(ImportRecord.objects.get(source=key).page.live)
        response = self.client.get(programme.url)
        self.assertContains(response, "Le programme EIG")

    def test_the_report_says_the_default_page_was_created_to_be_completed(self):
        created = [line for line in self.lines if line.startswith("créé ")]
        self.assertEqual(created, ["créé       page du programme par défaut → /programme/"])
        notice = self.lines[self.lines.index(created[0]) + 1]
        self.assertIn("titre par défaut", notice)
        self.assertIn("complétez", notice)

    def test_second_run_changes_nothing_and_creates_no_second_programme_page(self):
        revisions = Revision.objects.count()
        lines, code = run_import(PROMOS, DEFIS)
        self.assertEqual(code, 0, lines[-5:])
        self.assertEqual(lines[-1], "imported 0, updated 0, unchanged 58, failed 0, warnings 0")
        self.assertNotIn("par défaut", "\n".join(lines))
        self.assertEqual(ProgrammePage.objects.count(), 1)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_a_file_of_facts_imported_later_completes_the_default_page(self):
        programme = ProgrammePage.objects.get()
        lines, code = run_import(FACTS)
        self.assertEqual(code, 0, lines[-5:])
        self.assertEqual(ProgrammePage.objects.get().pk, programme.pk)
        self.assertEqual(
            ProgrammePage.objects.get().title, "Le programme Entrepreneur·e d’intérêt général"
        )


class ExistingProgrammePageImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.programme = ProgrammePageFactory(
            parent=HomePage.objects.get(), title="Notre programme", slug="notre-programme"
        )

    def test_the_data_files_go_under_the_sites_programme_page(self):
        lines, code = run_import(PROMOS, DEFIS)
        self.assertEqual(code, 0, lines[-5:])
        self.assertTrue(lines[-1].startswith("imported 58, updated 0, unchanged 0, failed 0"))
        self.assertNotIn("par défaut", "\n".join(lines))
        self.assertEqual(ProgrammePage.objects.get().pk, self.programme.pk)
        self.assertEqual(PromotionPage.objects.child_of(self.programme).count(), 5)
        self.assertEqual(ChallengePage.objects.descendant_of(self.programme).count(), 53)


class ProgrammeImportFailureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_broken_entries_fail_alone(self):
        defis = self.folder / "defis.yml"
        defis.write_text(
            yaml.safe_dump(
                {
                    "Bon": {
                        "title": "Bon",
                        "description": "D",
                        "promotion": 2,
                        "administration": "Cour des comptes",
                        "eigs": ["A"],
                        "mentors": [],
                    },
                    "Sans administration": {
                        "title": "X",
                        "description": "D",
                        "promotion": 2,
                        "eigs": [],
                    },
                    "Promotion inconnue": {
                        "title": "Y",
                        "description": "D",
                        "promotion": 9,
                        "administration": "Z",
                        "eigs": [],
                    },
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        broken = self.folder / "casse.yml"
        broken.write_text("a: [b\n", encoding="utf-8")
        lines, code = run_import(FACTS, defis, broken)
        self.assertEqual(code, 1)
        self.assertIn("failed 3", lines[-1])
        self.assertTrue(ChallengePage.objects.filter(title="Bon").exists())
        self.assertFalse(ChallengePage.objects.filter(title__in=["X", "Y"]).exists())
        text = "\n".join(lines)
        self.assertIn("defis.yml#Sans administration", text)
        self.assertIn("Promotion inconnue « EIG 9 »", text)
        self.assertIn("casse.yml, ligne 2", text)

    def test_dry_run_writes_nothing(self):
        lines, code = run_import(FACTS, PROMOS, DEFIS, "--dry-run")
        self.assertEqual(code, 0, lines[-3:])
        self.assertTrue(lines[-1].startswith("imported 66,"))
        self.assertFalse(ChallengePage.objects.exists())
        self.assertFalse(ProgrammePage.objects.exists())

    def test_dry_run_of_the_data_files_alone_writes_nothing(self):
        lines, code = run_import(PROMOS, DEFIS, "--dry-run")
        self.assertEqual(code, 0, lines[-3:])
        self.assertTrue(lines[-1].startswith("imported 58,"))
        self.assertIn("créé       page du programme par défaut → /programme/", lines)
        self.assertFalse(ProgrammePage.objects.exists())
        self.assertFalse(PromotionPage.objects.exists())


class ProgrammeImportPicturesTests(TestCase):
    """A défi's `image` becomes its logo, its projects' images its achievements' pictures,
    found in the folder given with --media-root as the earlier site's paths name them."""

    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.defis = self.folder / "defis.yml"
        self.defis.write_text(
            yaml.safe_dump(
                {
                    "CibNav": {
                        "title": "CibNav",
                        "description": "Aider au contrôle des navires",
                        "promotion": 3,
                        "administration": "Direction des affaires maritimes",
                        "image": "/img/logo-cib-nav.png",
                        "eigs": ["A"],
                        "projects": [
                            {
                                "title": "Calcul de la note de risque",
                                "description": "D",
                                "image": "img/realisations/2019/cibnav-ciblage.jpg",
                            },
                            {"title": "Sans fichier", "image": "img/absente.png"},
                        ],
                    },
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        self.media = self.folder / "site"
        self.logo = self.picture("img/logo-cib-nav.png", "blue")
        self.screenshot = self.picture("img/realisations/2019/cibnav-ciblage.jpg", "white")

    def picture(self, path, colour):
        target = self.media / path
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (48, 27), colour).save(target)
        return hashlib.sha1(target.read_bytes(), usedforsecurity=False).hexdigest()

    def test_logo_and_achievement_pictures_with_their_alternative_texts(self):
        lines, code = run_import(FACTS, self.defis, "--media-root", self.media)
        self.assertEqual(code, 0, lines[-5:])
        page = ChallengePage.objects.get(title="CibNav")
        self.assertEqual(page.logo.file_hash, self.logo)
        found, missing = page.achievements.all()
        self.assertEqual(found.image.file_hash, self.screenshot)
        # The data has no alternative text: the picture shows what the achievement's title says.
        self.assertEqual(found.image_alt, "Calcul de la note de risque")
        self.assertEqual((missing.image, missing.image_alt), (None, ""))
        text = "\n".join(lines)
        self.assertIn("Image /img/absente.png : introuvable dans", text)
        self.assertNotIn("logo-cib-nav", text)
        self.assertNotIn("cibnav-ciblage", text)

        soup = self.get_soup(page.url)
        self.assertEqual(soup.select_one("main header img")["alt"], "CibNav")
        self.assertEqual(
            [img["alt"] for img in soup.select("#achievements-title ~ ul img")],
            ["Calcul de la note de risque"],
        )
        card = self.get_soup(page.get_parent().url).select_one("#challenges-title ~ ul img")
        self.assertIn("logo-cib-nav", card["src"])

        api = self.client.get(f"/api/v2/pages/{page.pk}/").json()
        self.assertEqual(api["logo"]["alt"], "CibNav")
        self.assertEqual(api["achievements"][0]["image"]["alt"], "Calcul de la note de risque")
        self.assertIsNone(api["achievements"][1]["image"])

    def test_without_a_media_folder_the_pictures_are_reported(self):
        lines, code = run_import(FACTS, self.defis)
        self.assertEqual(code, 0, lines[-5:])
        page = ChallengePage.objects.get(title="CibNav")
        self.assertIsNone(page.logo)
        self.assertEqual([item.image for item in page.achievements.all()], [None, None])
        text = "\n".join(lines)
        for path in ("/img/logo-cib-nav.png", "/img/realisations/2019/cibnav-ciblage.jpg"):
            self.assertIn(f"Image {path} : aucun dossier de médias n’a été indiqué", text)
        self.assertEqual(page.import_metadata["kept"], {})
        self.assertEqual(len(page.import_metadata["warnings"]), 3)

    def get_soup(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return BeautifulSoup(response.content, "html.parser")
