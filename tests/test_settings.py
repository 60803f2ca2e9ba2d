"""Settings behave as the README promises in each environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from tests.utils import redis_cache_settings

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The settings under test, and what the test run itself sets (the browser tests allow
        # Django's async-unsafe calls, which a deployment must not).
        if key
        not in (
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "WAGTAILADMIN_BASE_URL",
            "WAGTAILAPI_BASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class SettingsTests(SimpleTestCase):
    def test_site_is_french_in_paris_time(self):
        self.assertEqual(settings.LANGUAGE_CODE, "fr")
        self.assertEqual(settings.TIME_ZONE, "Europe/Paris")
        self.assertTrue(settings.USE_TZ)
        self.assertEqual(settings.WAGTAILADMIN_PERMITTED_LANGUAGES, [("fr", "Français")])

    def test_production_refuses_to_start_without_its_variables(self):
        result = run_python(
            "import django; django.setup()",
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY="",
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(
            "SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL", result.stderr
        )

    def test_production_reads_database_cache_and_storage_from_the_environment(self):
        code = (
            "import django, json; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
            "s.STORAGES['default']['BACKEND'], s.DEBUG, s.ALLOWED_HOSTS); "
            "print(json.dumps({'CACHES': s.CACHES, 'DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS': "
            "s.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS}))"
        )
        result = run_python(
            code,
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY="x" * 50,
            DATABASE_URL="postgres://eig:pw@db.internal:5432/eig",
            ALLOWED_HOSTS="eig.example.gouv.fr,www.eig.example.gouv.fr",
            WAGTAILADMIN_BASE_URL="https://eig.example.gouv.fr",
            REDIS_URL="redis://cache.internal:6379/0",
            AWS_STORAGE_BUCKET_NAME="eig-media",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        first_line, cache_line = result.stdout.splitlines()
        self.assertEqual(
            first_line.split(),
            [
                "django.db.backends.postgresql",
                "eig",
                "cms.publishing.storage.AppServedS3Storage",
                "False",
                "['eig.example.gouv.fr',",
                "'www.eig.example.gouv.fr']",
            ],
        )
        # The cache that tests/cms/test_redis_cache.py takes down and brings back.
        self.assertEqual(
            json.loads(cache_line), redis_cache_settings("redis://cache.internal:6379/0")
        )

    def test_default_database_is_a_sqlite_file_in_var(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['NAME'])"
        )
        result = run_python(code, DJANGO_SETTINGS_MODULE="cms.settings.dev")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), str(ROOT / "var" / "db.sqlite3"))

    def test_api_addresses_follow_the_request_unless_a_base_is_configured(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.WAGTAILAPI_BASE_URL, s.WAGTAILAPI_USE_FRONTENDCACHE)"
        )
        unset = {"WAGTAILAPI_BASE_URL": "", "WAGTAILADMIN_BASE_URL": ""}
        result = run_python(code, DJANGO_SETTINGS_MODULE="cms.settings.dev", **unset)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["None", "False"])
        base = "https://eig.example.gouv.fr"
        for name in unset:
            result = run_python(
                code, DJANGO_SETTINGS_MODULE="cms.settings.dev", **{**unset, name: base}
            )
            self.assertEqual(result.stdout.split(), [base, "True"], name)
