"""Releases whose files are as the former site really holds them: a .jfif hero image also shown
in the body, names with spaces and accents written with %20, an attachment whose dot was lost."""

import shutil
import tempfile
import unicodedata
from pathlib import Path

from django.test import TestCase
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from news.models import PressReleasePage
from tests.utils import run_command, setup_site

RELEASE = """---
title: Lancement de la suite
chapeau-text: L’État lance une suite numérique.
date: 2024-05-23 14:00:00 +02:00
une-ou-diaporama:
- image: "/uploads/Copie%20de%20Visuel%20RS%20(2).JFIF"
  alternative-textuelle: Le visuel de la suite
files:
- file: "/uploads/2024/CP_SUITE_NUMERIQUE/pdf"
  nom: Télécharger le communiqué de presse
---

![Le visuel de la suite](/uploads/Copie%20de%20Visuel%20RS%20(2).JFIF)

![Une équipe](</uploads/équipe été.png>)

Le [dossier de presse](/uploads/2024/Dossier%20de%20presse/PDF).
"""


class ImportFilesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.work = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)
        uploads = self.work / "uploads"
        (uploads / "2024").mkdir(parents=True)
        Image.new("RGB", (40, 20), "navy").save(uploads / "Copie de Visuel RS (2).JFIF", "JPEG")
        # Saved from a Mac: the accents decomposed in the name.
        Image.new("RGB", (20, 20), "red").save(
            uploads / unicodedata.normalize("NFD", "équipe été.png"), "PNG"
        )
        (uploads / "2024" / "CP_SUITE_NUMERIQUE.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
        (uploads / "2024" / "Dossier de presse.PDF").write_bytes(b"%PDF-1.4\n%\n%%EOF\n")
        (self.work / "suite.md").write_text(RELEASE)

    def test_every_file_is_found_and_served(self):
        lines, code = run_command(
            "import_markdown", self.work / "suite.md", "--media-root", self.work
        )
        self.assertEqual(code, 0, lines)
        self.assertEqual(lines[-1], "imported 1, updated 0, unchanged 0, failed 0, warnings 0")
        page = PressReleasePage.objects.get()

        hero = page.hero_images.get()
        self.assertEqual(hero.image.title, "Copie de Visuel RS (2)")
        self.assertTrue(hero.image.file.name.endswith(".jpg"), hero.image.file.name)
        images = [block.value["image"] for block in page.body if block.block_type == "image"]
        # The hero image, shown in the body too, is one image of the library.
        self.assertEqual(images[0].pk, hero.image.pk)
        self.assertEqual(images[1].title, "équipe été")
        self.assertEqual(get_image_model().objects.count(), 2)

        attachment = page.attachments.get()
        self.assertEqual(
            (attachment.document.title, attachment.document.file_extension, attachment.label),
            ("CP_SUITE_NUMERIQUE", "pdf", "Télécharger le communiqué de presse"),
        )
        paragraph = next(block for block in page.body if block.block_type == "paragraph")
        dossier = get_document_model().objects.get(title="Dossier de presse")
        self.assertIn(f'<a linktype="document" id="{dossier.pk}">', paragraph.value.source)

        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(attachment.document.url).status_code, 200)
