"""Decorative images: "alternative-textuelle: image décorative" means an empty alt (RGAA), which
the importer records as such, pages and the API render as alt="", and the export writes back."""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from PIL import Image
from wagtail.test.utils import WagtailTestUtils

from cms.publishing.models import ImportRecord
from news.markdown.source import is_decorative_alt
from news.models import NewsIndexPage, PressReleaseHeroImage, PressReleasePage
from tests.factories.media import ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import run_command, setup_site

RELEASE = """---
title: Une promotion
chapeau-text: Le programme accueille sa promotion.
date: 2019-01-14 10:00:00 +01:00
une-ou-diaporama:
- image: /uploads/frise.png
  alternative-textuelle: Image décorative
- image: /uploads/vide.png
  alternative-textuelle: ""
- image: /uploads/promotion.png
  alternative-textuelle: La promotion sur les marches
- image: /uploads/sans-alt.png
---

![image décorative](/uploads/frise.png)

![Décorative.](/uploads/promotion.png)

![La promotion](/uploads/promotion.png)
"""


def write_png(path, color):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 9), color).save(path, "PNG")


class DecorativeAltTextTests(TestCase):
    def test_what_says_decorative(self):
        for text in ("image décorative", "Image décorative.", "décorative", "DECORATIVE",
                     "image decorative", "aucune", "", "  ", "(aucune)"):  # fmt: skip
            with self.subTest(text=text):
                self.assertTrue(is_decorative_alt(text))
        for text in ("La promotion", "Image de la promotion", "décoration de Noël à l’Élysée"):
            with self.subTest(text=text):
                self.assertFalse(is_decorative_alt(text))


class ImportDecorativeImagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.work = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)
        for name, color in [("frise", "red"), ("vide", "green"), ("promotion", "blue"),
                            ("sans-alt", "white")]:  # fmt: skip
            write_png(self.work / "uploads" / f"{name}.png", color)
        (self.work / "cp.md").write_text(RELEASE)

    def import_release(self):
        lines, code = run_command("import_markdown", self.work / "cp.md", "--media-root", self.work)
        self.assertEqual(code, 0, lines)
        return lines, PressReleasePage.objects.get()

    def test_hero_and_body_images_are_recorded_as_decorative(self):
        lines, page = self.import_release()
        self.assertEqual(
            [(hero.image.title, hero.alt_text, hero.decorative) for hero in page.hero_images.all()],
            [
                ("frise", "", True),
                ("vide", "", True),
                ("promotion", "La promotion sur les marches", False),
                ("sans-alt", "", False),
            ],
        )
        images = [block.value["image"] for block in page.body if block.block_type == "image"]
        self.assertEqual(
            [(image.title, image.decorative, image.contextual_alt_text) for image in images],
            [("frise", True, ""), ("promotion", True, ""), ("promotion", False, "La promotion")],
        )
        text = "\n".join(lines)
        self.assertNotIn("frise.png", text)  # said on purpose: nothing to report
        self.assertIn("L’image à la une /uploads/vide.png a une alternative textuelle vide", text)
        self.assertIn("L’image à la une /uploads/sans-alt.png n’a pas d’alternative", text)

    def test_pages_and_the_api_give_an_empty_alt(self):
        _lines, page = self.import_release()
        response = self.client.get(page.url)
        self.assertNotIn("décorative", response.content.decode().lower())
        soup = WagtailTestUtils.get_soup(response.content)
        self.assertEqual(
            [img["alt"] for img in soup.select("main figure img")],
            ["", "", "La promotion sur les marches", "", "", "", "La promotion"],
        )

        data = self.client.get(f"/api/v2/pages/{page.pk}/").json()
        self.assertEqual(
            [
                (hero["alt"], hero["decorative"], hero["image"]["alt"])
                for hero in data["hero_images"]
            ],
            [
                ("", True, ""),
                ("", True, ""),
                ("La promotion sur les marches", False, "La promotion sur les marches"),
                ("", False, ""),
            ],
        )

    def test_the_export_writes_image_decorative_back(self):
        self.import_release()
        out = self.work / "export"
        call_command("export_markdown", str(out), stdout=io.StringIO())
        text = next(out.glob("*.md")).read_text()
        self.assertEqual(text.count("alternative-textuelle: image décorative"), 2)
        self.assertIn("alternative-textuelle: La promotion sur les marches", text)

        PressReleasePage.objects.get().delete()
        ImportRecord.objects.all().delete()
        run_command("import_markdown", out, "--media-root", out)
        page = PressReleasePage.objects.get()
        self.assertEqual(
            [hero.decorative for hero in page.hero_images.all()], [True, True, False, False]
        )


class HeroImageModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def test_the_alternative_text_is_required_unless_decorative(self):
        page = PressReleasePageFactory(parent=NewsIndexPage.objects.get())
        image = ImageFactory()
        with self.assertRaises(ValidationError) as raised:
            PressReleaseHeroImage(page=page, image=image, alt_text=" ").full_clean()
        self.assertEqual(
            raised.exception.message_dict["alt_text"],
            ["Décrivez l’image, ou marquez-la comme décorative si elle n’apporte rien au texte."],
        )
        PressReleaseHeroImage(page=page, image=image, decorative=True).full_clean()
        hero = PressReleaseHeroImage(page=page, image=image, alt_text="Dit", decorative=True)
        self.assertEqual(hero.alt, "")
