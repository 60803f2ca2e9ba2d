"""``manage.py check`` names whatever step of the plugin's install a site left out."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.conf.urls.static import static
from django.core.checks import run_checks
from django.test import SimpleTestCase, override_settings

from tests.host_site import urls

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_APPS = ("wagtail.api.v2", "rest_framework", "django_tasks", "django_tasks_db")


def manage_check(without):
    """`manage.py check` on the host site without an app, or TASKS: (exit code, output)."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["HOST_SITE_WITHOUT"] = without
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--settings", "tests.host_site.incomplete_settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def plugin_messages(messages):
    return [message for message in messages if (message.id or "").startswith("publishing.")]


def plugin_ids(output):
    return re.findall(r"\((publishing\.[EW]\d+)\)", output)


class WithoutThePluginURLs:
    """The host site's URLs less the plugin's include."""

    urlpatterns = [
        pattern
        for pattern in urls.urlpatterns
        if getattr(getattr(pattern, "urlconf_name", None), "__name__", "") != "cms.publishing.urls"
    ]


class ChecksTests(SimpleTestCase):
    def test_the_host_site_installed_as_the_readme_says_has_nothing_to_fix(self):
        self.assertEqual(plugin_messages(run_checks(include_deployment_checks=False)), [])

    def test_a_missing_app_is_named(self):
        for app in REQUIRED_APPS:
            with self.subTest(app):
                code, output = manage_check(app)
                self.assertEqual(code, 1, output)
                self.assertNotIn("Traceback", output)
                self.assertIn(
                    f"(publishing.E001) The publishing plugin needs “{app}” in INSTALLED_APPS.",
                    output,
                )
                self.assertIn(f'HINT: Add "{app}" to INSTALLED_APPS.', output)

    def test_missing_tasks_is_named_once(self):
        code, output = manage_check("TASKS")
        self.assertEqual(code, 1, output)
        self.assertEqual(plugin_ids(output), ["publishing.E002"])
        self.assertIn("TASKS has no “default” backend", output)

    def test_missing_urls_are_named(self):
        with override_settings(ROOT_URLCONF=WithoutThePluginURLs):
            messages = plugin_messages(run_checks())
        self.assertEqual([message.id for message in messages], ["publishing.E007"])
        self.assertIn('include("cms.publishing.urls")', messages[0].hint)

    def test_media_served_before_the_plugin_is_named(self):
        # What `wagtail start`'s urls.py adds in development, before the plugin's include.
        with override_settings(DEBUG=True):
            media = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

        class MediaFirstURLs:
            urlpatterns = media + urls.urlpatterns

        with override_settings(ROOT_URLCONF=MediaFirstURLs):
            messages = plugin_messages(run_checks())
        self.assertEqual([message.id for message in messages], ["publishing.W002"])
        self.assertIn("static(settings.MEDIA_URL, …)", messages[0].hint)
