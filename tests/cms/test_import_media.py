"""The importers' media files as the former site really holds them: .jfif images, extensions in
capitals, names with spaces, accents or %20, paths whose dot was lost."""

import io
import shutil
import tempfile
import unicodedata
from pathlib import Path

from django.test import TestCase, override_settings
from PIL import Image

from cms.publishing.importing.media import MediaResolver, file_suffix


def image_bytes(image_format, size=(12, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, image_format)
    return buffer.getvalue()


class MediaResolverTests(TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.root)
        self.resolver = MediaResolver(self.root)

    def put(self, name, data):
        path = self.root / "uploads" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def test_a_jfif_image_is_a_jpeg_stored_as_jpg(self):
        self.put("photo.jfif", image_bytes("JPEG"))
        image, problem = self.resolver.image("/uploads/photo.jfif")
        self.assertIsNone(problem)
        self.assertEqual((image.title, image.width, image.height), ("photo", 12, 8))
        self.assertTrue(image.file.name.endswith(".jpg"), image.file.name)
        self.assertEqual(image.get_rendition("width-6").file.name.rsplit(".", 1)[-1], "jpg")

    def test_an_extension_in_capitals(self):
        self.put("PHOTO.JPG", image_bytes("JPEG"))
        self.put("CP.PDF", b"%PDF-1.4\n")
        image, problem = self.resolver.image("/uploads/PHOTO.JPG")
        self.assertIsNone(problem)
        self.assertTrue(image.file.name.endswith(".jpg"), image.file.name)
        document, problem = self.resolver.document("/uploads/CP.PDF")
        self.assertIsNone(problem)
        self.assertEqual(document.file_extension, "pdf")

    def test_an_image_is_taken_for_what_it_is_not_for_its_name(self):
        self.put("visuel.jpg", image_bytes("PNG"))
        image, problem = self.resolver.image("/uploads/visuel.jpg")
        self.assertIsNone(problem)
        self.assertTrue(image.file.name.endswith(".png"), image.file.name)

    def test_names_with_spaces_escaped_or_not(self):
        self.put("Copie de Visuel (2).png", image_bytes("PNG"))
        self.put("deja%20echappe.png", image_bytes("PNG", (3, 3)))
        written, _ = self.resolver.image("/uploads/Copie de Visuel (2).png")
        escaped, _ = self.resolver.image("/uploads/Copie%20de%20Visuel%20(2).png")
        self.assertIsNotNone(written)
        self.assertEqual(escaped, written)
        self.assertEqual(written.title, "Copie de Visuel (2)")
        literal, problem = self.resolver.image("/uploads/deja%20echappe.png")
        self.assertIsNone(problem)
        self.assertEqual(literal.width, 3)

    def test_accents_composed_or_decomposed(self):
        # A Mac writes "é" as "e" and an accent; the text (read as NFC) writes it as one.
        self.put(unicodedata.normalize("NFD", "Visuel été.png"), image_bytes("PNG"))
        image, problem = self.resolver.image("/uploads/Visuel%20%C3%A9t%C3%A9.png")
        self.assertIsNone(problem)
        self.assertEqual(image.title, "Visuel été")

    def test_a_path_whose_dot_was_lost(self):
        self.put("2019/CP_FICHIER.pdf", b"%PDF-1.4\n")
        document, problem = self.resolver.document("/uploads/2019/CP_FICHIER/pdf")
        self.assertIsNone(problem)
        self.assertEqual((document.title, document.file_extension), ("CP_FICHIER", "pdf"))
        self.assertEqual(file_suffix("/uploads/2019/CP_FICHIER/pdf"), ".pdf")
        self.assertEqual(file_suffix("/espace-presse/pdf/"), "")
        self.assertEqual(file_suffix("/espace-presse/communique"), "")

    def test_a_format_the_site_does_not_serve_is_reported(self):
        self.put("scan.bmp", image_bytes("BMP"))
        self.put("scan.tiff", image_bytes("TIFF"))
        image, problem = self.resolver.image("/uploads/scan.bmp")
        self.assertIsNone(image)
        self.assertEqual(
            problem, "les images BMP ne sont pas acceptées (acceptées : gif, jpeg, jpg, png, webp)"
        )
        self.assertIsNone(self.resolver.image("/uploads/scan.tiff")[0])

    @override_settings(WAGTAILIMAGES_EXTENSIONS=["gif", "jpg", "jpeg", "png", "webp", "tiff"])
    def test_a_format_the_site_adds_is_accepted(self):
        self.put("scan.TIF", image_bytes("TIFF"))
        image, problem = self.resolver.image("/uploads/scan.TIF")
        self.assertIsNone(problem)
        self.assertTrue(image.file.name.endswith(".tiff"), image.file.name)

    def test_a_file_that_is_no_image_is_reported(self):
        self.put("faux.jpg", b"not an image")
        self.assertEqual(
            self.resolver.image("/uploads/faux.jpg"),
            (None, "le fichier n’est pas une image lisible"),
        )
