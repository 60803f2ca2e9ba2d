"""Headless preview: a token from the admin opens a draft in the API, briefly and for one page."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from news.models import NewsIndexPage, PressReleaseAttachment, PressReleasePage
from tests.factories.media import DocumentFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import publishing_settings, setup_site


@publishing_settings(PREVIEW_MAX_AGE=600, PREVIEW_CLIENT_URL="")
class HeadlessPreviewTests(TestCase):
    def setUp(self):
        setup_site()
        self.index = NewsIndexPage.objects.get()
        self.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(self.editor)
        page = PressReleasePageFactory(parent=self.index, title="Version publiée", live=False)
        self.page = PressReleasePage.objects.get(pk=page.pk)
        self.page.save_revision().publish()
        self.page.refresh_from_db()

    def save_draft(self, **fields):
        for name, value in fields.items():
            setattr(self.page, name, value)
        return self.page.save_revision(user=self.editor)

    def preview_url(self, page=None):
        """What the admin gives the editor: the draft's API address with its token."""
        page = page or self.page
        response = self.client.get(reverse("publishing_headless_preview", args=(page.pk,)))
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        return response.context["api_url"]

    def read(self, url):
        self.client.logout()  # the headless site is anonymous: the token is its only right
        response = self.client.get(url)
        self.client.force_login(self.editor)
        return response

    def assertRefused(self, response, reason):
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"message": reason})
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_a_valid_token_shows_the_draft_never_cached(self):
        document = DocumentFactory(title="Dossier de presse")
        self.page.tags.add("brouillon")
        self.page.attachments.add(PressReleaseAttachment(document=document, label="Le dossier"))
        self.save_draft(title="Version brouillon", chapeau="Chapeau revu.")

        response = self.read(self.preview_url())
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["id"], self.page.pk)
        self.assertEqual(data["meta"]["type"], "news.PressReleasePage")
        self.assertEqual(data["title"], "Version brouillon")
        self.assertEqual(data["chapeau"], "Chapeau revu.")
        self.assertEqual([tag["name"] for tag in data["tags"]], ["brouillon"])
        self.assertEqual([a["label"] for a in data["attachments"]], ["Le dossier"])
        self.assertEqual(
            response["Cache-Control"], "max-age=0, no-cache, no-store, must-revalidate, private"
        )
        self.assertEqual(response["X-Robots-Tag"], "noindex")
        # The public API still has the published version.
        public = self.client.get(f"/api/v2/pages/{self.page.pk}/").json()
        self.assertEqual(public["title"], "Version publiée")

    def test_an_embargoed_page_can_be_previewed_not_read(self):
        page = PressReleasePageFactory(parent=self.index, title="Sous embargo", live=False)
        page = PressReleasePage.objects.get(pk=page.pk)
        page.go_live_at = timezone.now() + dt.timedelta(days=1)
        page.save_revision().publish()
        self.assertEqual(self.client.get(f"/api/v2/pages/{page.pk}/").status_code, 404)
        response = self.read(self.preview_url(page))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Sous embargo")

    def test_the_token_is_bound_to_its_revision(self):
        self.save_draft(title="Premier brouillon")
        url = self.preview_url()
        self.save_draft(title="Second brouillon")
        self.assertEqual(self.read(url).json()["title"], "Premier brouillon")
        self.assertEqual(self.read(self.preview_url()).json()["title"], "Second brouillon")

    def test_an_expired_token_is_refused(self):
        url = self.preview_url()
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=590)):
            self.assertEqual(self.read(url).status_code, 200)
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=610)):
            self.assertRefused(self.read(url), "this preview token has expired")

    def test_forged_missing_and_other_page_tokens_are_refused(self):
        url = self.preview_url()
        token = parse_qs(urlsplit(url).query)["token"][0]
        detail = f"/api/v2/preview/{self.page.pk}/"
        self.assertRefused(self.read(detail), "a preview token is required (?token=)")
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        self.assertRefused(self.read(f"{detail}?token={forged}"), "this preview token is not valid")
        self.assertRefused(
            self.read(f"{detail}?token=not-a-token"), "this preview token is not valid"
        )
        other = PressReleasePageFactory(parent=self.index, title="Autre")
        self.assertRefused(
            self.read(f"/api/v2/preview/{other.pk}/?token={token}"),
            "this preview token is for another page",
        )

    def test_a_token_of_a_deleted_revision_is_refused(self):
        revision = self.save_draft(title="Effacé")
        url = self.preview_url()
        revision.delete()
        self.assertRefused(self.read(url), "this preview token is no longer valid")

    def test_there_is_no_listing_of_previews(self):
        response = self.read("/api/v2/preview/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("no-store", response["Cache-Control"])

    def test_unknown_parameters_are_named(self):
        response = self.read(self.preview_url() + "&colour=red")
        self.assertEqual(response.status_code, 400)
        self.assertIn("colour", response.json()["message"])

    @publishing_settings(
        PREVIEW_CLIENT_URL="https://front.example.gouv.fr/apercu?id={page_id}&t={token}"
    )
    def test_the_editor_is_sent_to_the_headless_site(self):
        response = self.client.get(reverse("publishing_headless_preview", args=(self.page.pk,)))
        self.assertEqual(response.status_code, 302)
        location = urlsplit(response["Location"])
        self.assertEqual(location.netloc, "front.example.gouv.fr")
        query = parse_qs(location.query)
        self.assertEqual(query["id"], [str(self.page.pk)])
        response = self.read(f"/api/v2/preview/{self.page.pk}/?token={query['t'][0]}")
        self.assertEqual(response.status_code, 200)

    def test_the_admin_offers_it_to_editors_in_french(self):
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=(self.page.pk,)))
        self.assertContains(edit, reverse("publishing_headless_preview", args=(self.page.pk,)))
        page = self.client.get(reverse("publishing_headless_preview", args=(self.page.pk,)))
        self.assertContains(page, "Aperçu pour un site partenaire")
        self.assertContains(page, "10 minutes")

    def test_only_those_who_may_edit_the_page(self):
        reader = get_user_model().objects.create_user("lecteur", "l@example.org", "pw")
        group = Group.objects.create(name="Accès à l’administration")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        reader.groups.add(group)
        self.client.force_login(reader)
        response = self.client.get(reverse("publishing_headless_preview", args=(self.page.pk,)))
        self.assertEqual(response.status_code, 404)
