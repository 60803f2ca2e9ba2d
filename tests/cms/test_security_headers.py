"""Security headers and Content Security Policy on every kind of answer, and production's
deployment checks."""

import json
import re
import secrets

from django.test import SimpleTestCase
from django.urls import reverse
from dsfr.models import DsfrConfig
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from editorial.blocks import IFRAME_HOSTS
from news.models import NewsIndexPage
from tests.factories.media import DocumentFactory
from tests.factories.news import PressReleasePageFactory
from tests.test_settings import run_python
from tests.utils import admin_form_data, media_on_disk, setup_site

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "DATABASE_URL": "postgres://eig:pw@db.internal:5432/eig",
    "ALLOWED_HOSTS": "eig.example.gouv.fr",
    "WAGTAILADMIN_BASE_URL": "https://eig.example.gouv.fr",
    "REDIS_URL": "",
}


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def inline_scripts(html):
    """Script elements with code in them, and event handler attributes. JSON data blocks
    (``application/json``, JSON-LD) are data, which browsers never run."""
    scripts = [
        match.group(0)
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
        if match.group(2).strip()
        and not re.search(r"type=\"application/(ld\+)?json\"", match.group(1))
    ]
    handlers = re.findall(r"<[^>]+\son[a-z]+\s*=", html, re.I)
    return scripts + handlers


class HeadersTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news = NewsIndexPage.objects.get()
        cls.release = PressReleasePageFactory(parent=cls.news, title="Communiqué")

    def setUp(self):
        self.media = self.enterContext(media_on_disk())
        self.document = DocumentFactory()

    def assertHardened(self, response):
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertIn(response["X-Frame-Options"], ("DENY", "SAMEORIGIN"))
        self.assertIn("Content-Security-Policy", response)

    def test_every_kind_of_answer_carries_the_headers(self):
        DsfrConfig.objects.update(notice_title="Avis", notice_description="x")
        answers = {
            "home": self.client.get("/"),
            "page": self.client.get(self.release.url),
            "404": self.client.get("/nulle-part/"),
            "api": self.client.get("/api/v2/pages/"),
            "api 400": self.client.get("/api/v2/pages/?inconnu=1"),
            "api v3 401": self.client.get("/api/v3/pages/"),
            "document": self.client.get(self.document.url),
            "admin login": self.client.get(reverse("wagtailadmin_login")),
        }
        for name, response in answers.items():
            with self.subTest(name):
                self.assertHardened(response)

    def test_public_pages_have_a_strict_policy_without_nonce_and_no_inline_script(self):
        DsfrConfig.objects.update(notice_title="Avis", notice_description="x", notice_link="/")
        for url in ("/", self.news.url, self.release.url, "/nulle-part/"):
            with self.subTest(url):
                response = self.client.get(url)
                directives = policy(response)
                self.assertEqual(directives["script-src"], ["'self'"])
                self.assertEqual(directives["style-src"], ["'self'"])
                self.assertEqual(directives["object-src"], ["'none'"])
                self.assertEqual(directives["frame-ancestors"], ["'none'"])
                self.assertEqual(response["X-Frame-Options"], "DENY")
                html = response.content.decode()
                self.assertNotIn("nonce", html + response["Content-Security-Policy"])
                self.assertEqual(inline_scripts(html), [])
                # The DSFR's own scripts are static files, allowed by 'self'.
                self.assertIn('<script type="module"', html)

    def test_two_readers_get_the_same_page_and_policy(self):
        first, second = self.client.get(self.release.url), self.client.get(self.release.url)
        self.assertEqual(first.content, second.content)
        self.assertEqual(first["Content-Security-Policy"], second["Content-Security-Policy"])

    def test_video_players_are_the_only_frames_allowed(self):
        frame_src = policy(self.client.get("/"))["frame-src"]
        self.assertEqual({source.removeprefix("https://") for source in frame_src}, IFRAME_HOSTS)

    def test_admin_has_its_relaxed_policy_and_cannot_be_framed(self):
        self.login()
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(self.release.pk,)))
        self.assertEqual(response.status_code, 200)
        directives = policy(response)
        self.assertIn("'unsafe-inline'", directives["script-src"])
        # The preview panel frames the admin's own preview views.
        self.assertIn("'self'", directives["frame-src"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertHardened(response)

    def test_only_the_admin_preview_may_be_framed_by_the_site(self):
        self.login()
        edit_url = reverse("wagtailadmin_pages:edit", args=(self.release.pk,))
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(self.release.pk,))
        form = admin_form_data(self.client, edit_url, nested_form_data({"body": streamfield([])}))
        self.client.post(preview_url, form)
        response = self.client.get(preview_url, {"in_preview_panel": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertEqual(policy(response)["frame-ancestors"], ["'self'"])

    def test_served_documents_keep_wagtails_own_policy(self):
        response = self.client.get(self.document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")


class ProductionSettingsTests(SimpleTestCase):
    def test_deploy_checks_are_clean_at_warning_level(self):
        result = run_python(
            "import sys; from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', 'check', '--deploy', "
            "'--fail-level', 'WARNING'])",
            **PRODUCTION_ENV,
        )
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("no issues", result.stdout)

    def test_deploy_checks_fail_when_a_setting_is_weakened(self):
        # The test above can fail: a short key is reported.
        result = run_python(
            "from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', 'check', '--deploy', "
            "'--fail-level', 'WARNING'])",
            **{**PRODUCTION_ENV, "SECRET_KEY": "short"},
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W009", result.stderr)

    def test_production_answers_carry_hsts_and_the_policy(self):
        # The v3 API refuses anonymous reads before touching the database.
        code = (
            "import django, json; django.setup(); from django.test import Client; "
            "r = Client().get('/api/v3/pages/', headers={'X-Forwarded-Proto': 'https'}, "
            "HTTP_HOST='eig.example.gouv.fr'); "
            "print(json.dumps({'status': r.status_code, **dict(r.headers)}))"
        )
        result = run_python(code, **PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stderr)
        headers = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(headers["status"], 401)
        self.assertEqual(
            headers["Strict-Transport-Security"], "max-age=31536000; includeSubDomains; preload"
        )
        directives = policy(headers)  # in no fixed order
        self.assertIn("upgrade-insecure-requests", directives)
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(headers["X-Frame-Options"], "DENY")

    def test_production_redirects_plain_http(self):
        code = (
            "import django; django.setup(); from django.test import Client; "
            "r = Client().get('/api/v3/pages/', HTTP_HOST='eig.example.gouv.fr'); "
            "print(r.status_code, r['Location'])"
        )
        result = run_python(code, **PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split(), ["301", "https://eig.example.gouv.fr/api/v3/pages/"]
        )
