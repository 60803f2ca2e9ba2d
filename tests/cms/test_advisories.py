"""Regression tests for the Wagtail security advisories of 2020-2026 that touch what this site
exposes. Each test names its advisory; a failure means the site is open to it again (an
upgrade that reintroduced it, or a setting or view of ours that bypasses the fix)."""

import json
import time

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, GroupPagePermission
from wagtail.test.utils import WagtailTestUtils

from news.models import NewsIndexPage
from tests.factories.media import PDF_BYTES, DocumentFactory, ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


class AdvisoryTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news = NewsIndexPage.objects.get()
        cls.release = PressReleasePageFactory(parent=cls.news, title="Publié")
        cls.release.title = "Brouillon secret"
        cls.release.save_revision()
        cls.release.title = "Brouillon secret 2"
        cls.release.save_revision()
        cls.embargoed = PressReleasePageFactory(parent=cls.news, title="Sous embargo", live=False)
        # An admin user who may see the admin but no page: a press officer of another team.
        cls.outsider = cls.create_user("exterieur", password="pw")
        outsiders = Group.objects.create(name="Extérieurs")
        outsiders.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.outsider.groups.add(outsiders)
        # An editor of the news section.
        cls.editor = cls.create_user("redaction", password="pw")
        editors = Group.objects.create(name="Rédaction")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(group=editors, page=cls.news, permission_type="change")
        cls.editor.groups.add(editors)

    def private_collection_with_child(self):
        private = Collection.get_first_root_node().add_child(name="Confidentiel")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type="password", password="secret"
        )
        return private, private.add_child(name="Sous-dossier")

    def test_GHSA_3vrh_m9w7_v94f_admin_pages_api_hides_drafts_from_users_without_access(self):
        self.client.force_login(self.outsider)
        for url in (
            f"/admin/api/main/pages/{self.release.pk}/",
            f"/admin/api/main/pages/?child_of={self.news.pk}",
            "/admin/api/main/pages/?search=secret",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertNotIn(b"Brouillon secret", response.content)
                self.assertNotIn(b"Sous embargo", response.content)
        # An editor of the section does see them: the test above can fail.
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/api/main/pages/?child_of={self.news.pk}")
        self.assertContains(response, "Sous embargo")

    def test_GHSA_v2wc_pfq2_5cm6_revision_compare_and_history_are_for_editors_only(self):
        revisions = list(self.release.revisions.order_by("pk").values_list("pk", flat=True))
        compare = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=(self.release.pk, revisions[0], revisions[-1]),
        )
        history = reverse("wagtailadmin_pages:history", args=(self.release.pk,))
        self.client.force_login(self.outsider)
        for url in (compare, history):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403))
                self.assertNotIn(b"Brouillon secret", response.content)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(compare), "Brouillon secret")

    def test_GHSA_v2wc_pfq2_5cm6_revision_compare_escapes_titles(self):
        self.release.title = XSS
        self.release.save_revision()
        first, last = self.release.revisions.order_by("pk").values_list("pk", flat=True)[::2][:2]
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=(self.release.pk, first, last))
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"<script>alert(1)</script>", response.content)
        self.assertNotIn(b"<img src=x onerror", response.content)

    def test_preview_endpoints_refuse_readers_and_outsiders(self):
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=(self.embargoed.pk,))
        revision = self.embargoed.latest_revision or self.embargoed.save_revision()
        revision_view = reverse(
            "wagtailadmin_pages:revisions_view", args=(self.embargoed.pk, revision.pk)
        )
        for user in (None, self.outsider):
            self.client.logout()
            if user:
                self.client.force_login(user)
            for url in (preview, revision_view, f"/api/v2/preview/{self.embargoed.pk}/"):
                with self.subTest(user=user, url=url):
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (302, 400, 401, 403, 404))
                    self.assertNotIn(b"Sous embargo", response.content)

    def test_GHSA_jmp3_39vp_fwg8_a_10000_character_search_answers_quickly(self):
        # Search query parsing was open to a regular expression denial of service. CPU time
        # of this process, not wall time: other work on the machine does not count.
        queries = [
            '"' * 10_000,
            "a" * 10_000,
            ('"a' + " " * 10) * 800,
            "OR " * 3_333,
            ("(" * 5_000) + (")" * 5_000),
        ]
        for query in queries:
            for url in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"):
                with self.subTest(url=url, query=query[:12]):
                    started = time.process_time()
                    response = self.client.get(url, {"search": query})
                    elapsed = time.process_time() - started
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("search: at most 255 characters", response.json()["message"])
                    self.assertLess(elapsed, 1.0)
        # Real searches still work, at the longest allowed.
        words = " ".join(["numérique"] * 25)
        self.assertEqual(self.client.get("/api/v2/pages/", {"search": words}).status_code, 200)

    def test_private_collections_and_their_children_stay_out_of_the_media_api(self):
        private, child = self.private_collection_with_child()
        hidden = [
            DocumentFactory(title="Doc privé", collection=private),
            DocumentFactory(title="Doc sous-dossier", collection=child),
        ]
        images = [
            ImageFactory(title="Image privée", collection=private),
            ImageFactory(title="Image sous-dossier", collection=child),
        ]
        DocumentFactory(title="Doc public")
        listed = self.client.get("/api/v2/documents/").json()["items"]
        self.assertEqual([item["title"] for item in listed], ["Doc public"])
        for document in hidden:
            self.assertEqual(self.client.get(f"/api/v2/documents/{document.pk}/").status_code, 404)
        # Wagtail serves images from storage, with no privacy: an image in a private collection
        # is listed only as Wagtail's own API does. The documents above are the secret ones.
        self.assertEqual(len(images), 2)

    def test_GHSA_33pv_vcgh_jfg9_oversized_uploads_are_refused_before_being_kept(self):
        self.login()
        big = b"\0" * (21 * 1024 * 1024)
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile("annexe.pdf", PDF_BYTES + big)},
            headers={"X-Requested-With": "XMLHttpRequest"},
        )
        self.assertFalse(json.loads(response.content)["success"])
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Image.objects.exists())

    def test_dynamic_image_urls_are_not_served_nor_reflected(self):
        image = ImageFactory()
        for url in (
            f"/images/{XSS}/{image.pk}/fill-10x10/",
            f"/images/abc/{image.pk}/{XSS}/",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"<script>alert(1)</script>", response.content)
                self.assertNotIn(b"onerror=alert", response.content)
