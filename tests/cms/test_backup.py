"""`make backup` and `make restore`: a round trip on a throwaway site brings back every page,
revision, image and document, contents included.

Each step runs in its own process with the development settings, on a database and media
folder of its own: SQLite in a temporary folder, or on the PostgreSQL leg (DATABASE_URL is a
postgres:// URL) a database named after the test database with ``_backup`` appended.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent.parent


class BackupRoundTripTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(TemporaryDirectory()))
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "MEDIA_ROOT": str(self.folder / "media"),
            "REDIS_URL": "",
            "AWS_STORAGE_BUCKET_NAME": "",
        }
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
            self.env["DATABASE_URL"] = self.postgres_database()
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.folder / 'db.sqlite3'}"

    def postgres_database(self):
        db = settings.DATABASES["default"]
        name = f"{db['NAME']}_backup"
        params = {
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
        }

        def admin(sql):
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
                conn.execute(sql)

        admin(f'DROP DATABASE IF EXISTS "{name}"')
        admin(f'CREATE DATABASE "{name}"')
        self.addCleanup(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        auth = quote(db.get("USER") or "") + (
            f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        )
        return f"postgres://{auth}@{db.get('HOST') or ''}:{db.get('PORT') or 5432}/{name}"

    def run_step(self, code, *args):
        result = subprocess.run(  # noqa: S603
            [sys.executable, *args] if args else [sys.executable, "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        return result.stdout

    def step(self, name):
        return self.run_step(f"from tests.cms.backup_site_state import {name}; {name}()")

    def manage(self, *args):
        return self.run_step(None, "manage.py", *args)

    def site_state(self):
        return json.loads(self.step("state").strip().splitlines()[-1])

    def test_restore_brings_back_pages_revisions_images_and_documents(self):
        self.step("populate")
        before = self.site_state()
        self.assertEqual(before["counts"]["images"], 1)
        self.assertEqual(before["counts"]["documents"], 1)
        self.assertGreaterEqual(before["counts"]["revisions"], 4)
        self.assertTrue(all(digest for _, digest in before["files"]))

        output = self.manage("backup_site", "--output", str(self.folder / "backups"))
        self.assertIn("Backup in", output)
        (backup,) = (self.folder / "backups").iterdir()

        self.step("damage")
        damaged = self.site_state()
        self.assertNotEqual(damaged["pages"], before["pages"])
        self.assertTrue(all(digest is None for _, digest in damaged["files"]))

        output = self.manage("restore_site", str(backup), "--noinput")
        self.assertIn("contents checked", output)
        self.assertEqual(self.site_state(), before)

    def test_restore_refuses_a_folder_that_is_not_a_backup(self):
        empty = self.folder / "rien"
        empty.mkdir()
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore_site", str(empty), "--noinput"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn("holds no readable manifest.json", result.stderr)
