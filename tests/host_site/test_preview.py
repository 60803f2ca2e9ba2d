"""Headless preview on the host site: an editor's link shows a scheduled article's draft to the
headless site, through the API, to the holder of its token only."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from cms.publishing.preview import make_token
from tests.host_site.factories import ArticlePageFactory, home_page, scheduled_article
from tests.utils import publishing_settings

TITLE = "Quetzal draft"


class HeadlessPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = scheduled_article(TITLE)
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "x")

    def preview_link(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("publishing_headless_preview", args=(self.page.pk,)))
        self.client.logout()
        self.assertEqual(response.status_code, 200)
        return response.context["api_url"]

    def test_the_link_shows_the_draft_in_the_shape_of_the_api(self):
        link = self.preview_link()
        self.assertTrue(link.startswith(f"http://testserver/api/v2/preview/{self.page.pk}/?token="))

        response = self.client.get(link)

        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["id"], data["title"]), (self.page.pk, TITLE))
        self.assertEqual(data["meta"]["type"], "host_pages.ArticlePage")
        self.assertEqual(data["image"]["id"], self.page.image_id)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        # The article itself is still under embargo.
        self.assertEqual(self.client.get(f"/api/v2/pages/{self.page.pk}/").status_code, 404)

    def test_without_its_token_nothing_is_shown(self):
        other = ArticlePageFactory(parent=home_page(), title="Another article")
        url = f"/api/v2/preview/{self.page.pk}/"
        for query in ("", "?token=forged", f"?token={make_token(other.save_revision())}"):
            with self.subTest(query):
                response = self.client.get(url + query)
                self.assertEqual(response.status_code, 403)
                self.assertNotContains(response, TITLE, status_code=403)

    @publishing_settings(PREVIEW_CLIENT_URL="https://front.example.org/preview?token={token}")
    def test_the_editor_is_sent_to_the_headless_site(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("publishing_headless_preview", args=(self.page.pk,)))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("https://front.example.org/preview?token="))
