"""Uploads through the admin: size, pixel and format limits, French errors; downloads through
Wagtail's view, which checks privacy and embargo each time."""

import io
import json

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils import WagtailTestUtils

from cms.publishing.api.representations import document_representation
from news.models import NewsIndexPage
from tests.factories.media import PDF_BYTES, DocumentFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import form_errors, media_on_disk, setup_site

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def png(width=20, height=10, mode="RGB", padding=0):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    # Bytes after the image's end leave it readable and make the file as big as wanted.
    return buffer.getvalue() + b"\0" * padding


class UploadLimitsTests(WagtailTestUtils, TestCase):
    def setUp(self):
        self.media = self.enterContext(media_on_disk())
        self.login()

    def add_image(self, name, content):
        return self.client.post(
            reverse("wagtailimages:add"),
            {"title": name, "file": SimpleUploadedFile(name, content)},
        )

    def add_document(self, name, content):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {"title": name, "file": SimpleUploadedFile(name, content)},
        )

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        errors = " ".join(form_errors(response))
        self.assertIn(message, errors)

    def test_a_normal_image_and_document_are_accepted(self):
        self.assertEqual(self.add_image("photo.png", png()).status_code, 302)
        self.assertEqual(self.add_document("rapport.pdf", PDF_BYTES).status_code, 302)
        self.assertEqual((Image.objects.count(), Document.objects.count()), (1, 1))

    def test_images_over_the_size_cap_are_refused(self):
        content = png(padding=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
        response = self.add_image("lourde.png", content)
        self.assertRefused(response, "Ce fichier est trop gros")
        self.assertRefused(response, "La taille de fichier maximale est de 10,0\xa0Mio")
        self.assertFalse(Image.objects.exists())

    def test_images_over_the_pixel_cap_are_refused(self):
        # 8,000 × 6,000 = 48 million pixels (cap: 40 million), in a 60 kB file.
        response = self.add_image("bombe.png", png(8000, 6000, mode="1"))
        self.assertRefused(response, "trop grand nombre de pixels (48000000)")
        self.assertFalse(Image.objects.exists())

    def test_svg_images_are_refused(self):
        response = self.add_image("logo.svg", SVG)
        self.assertRefused(response, "Format d'image non supporté")
        self.assertNotIn("svg", settings.WAGTAILIMAGES_EXTENSIONS)
        self.assertFalse(Image.objects.exists())

    def test_a_file_claiming_another_image_format_is_refused(self):
        response = self.add_image("photo.jpg", png())
        self.assertRefused(response, "png")
        self.assertFalse(Image.objects.exists())

    def test_documents_outside_the_allow_list_are_refused(self):
        for name, content in [
            ("page.html", b"<script>alert(1)</script>"),
            ("logo.svg", SVG),
            ("outil.exe", b"MZ"),
            ("macro.docm", b"PK"),
            ("sans-extension", PDF_BYTES),
        ]:
            with self.subTest(name):
                self.assertRefused(self.add_document(name, content), "n’est pas autorisée")
        self.assertFalse(Document.objects.exists())

    def test_documents_over_the_size_cap_are_refused(self):
        content = PDF_BYTES + b"\0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        response = self.add_document("annexe.pdf", content)
        self.assertRefused(response, "Ce fichier est trop gros")
        self.assertFalse(Document.objects.exists())

    def test_multiple_upload_refuses_oversized_files_too(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("lourde.png", png(padding=11 * 1024 * 1024))},
            headers={"X-Requested-With": "XMLHttpRequest"},
        )
        answer = json.loads(response.content)
        self.assertFalse(answer["success"])
        self.assertIn("trop gros", answer["error_message"])
        self.assertFalse(Image.objects.exists())


class DocumentServingTests(WagtailTestUtils, TestCase):
    """Every download goes through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD)."""

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news = NewsIndexPage.objects.get()

    def setUp(self):
        self.media = self.enterContext(media_on_disk())

    def release_with(self, document, **kwargs):
        body = [("document", {"document": document, "label": ""})]
        return PressReleasePageFactory(parent=self.news, body=body, **kwargs)

    def test_documents_are_served_by_the_view_not_the_storage(self):
        self.assertEqual(settings.WAGTAILDOCS_SERVE_METHOD, "serve_view")
        document = DocumentFactory()
        self.assertEqual(document.url, f"/documents/{document.pk}/communique.pdf")
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF_BYTES)

    def test_a_document_of_an_embargoed_release_is_not_served_before_its_time(self):
        document = DocumentFactory()
        release = self.release_with(document, live=False)
        self.assertEqual(self.client.get(document.url).status_code, 404)
        # Its editors may download it.
        self.login()
        self.assertEqual(self.client.get(document.url).status_code, 200)
        self.client.logout()
        release.save_revision().publish()
        self.assertEqual(self.client.get(document.url).status_code, 200)
        self.assertIn(document.url, document_representation(document)["url"])

    def test_a_document_in_a_private_collection_needs_its_password(self):
        private = Collection.get_first_root_node().add_child(name="Privé")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type="password", password="secret"
        )
        document = DocumentFactory(collection=private)
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(PDF_BYTES, response.content)
        self.assertContains(response, "password")
