"""Every string an editor or a reader sees has its French translation, compiled."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["cms", "news", "programme", "editorial", "templates", "locale", "manage.py"]


def catalogs(root):
    return {
        path.relative_to(root): path
        for path in root.glob("**/locale/fr/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    }


class CatalogTests(SimpleTestCase):
    def test_catalogs_are_complete_and_compiled(self):
        found = catalogs(ROOT)
        self.assertEqual(len(found), 6, found)
        for name, path in found.items():
            with self.subTest(catalog=str(name)):
                po = polib.pofile(str(path))
                self.assertEqual([e.msgid for e in po.untranslated_entries()], [])
                self.assertEqual([e.msgid for e in po.fuzzy_entries()], [])
                mo = polib.mofile(str(path.with_suffix(".mo")))
                self.assertEqual(
                    {(e.msgid, e.msgstr) for e in po.translated_entries()},
                    {(e.msgid, e.msgstr) for e in mo},
                    "Run `make messages` to compile the catalog.",
                )

    def test_catalogs_hold_every_string_of_the_code(self):
        """Extract the strings afresh, as `make messages` does, and compare."""
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp)
            for name in SOURCES:
                source = ROOT / name
                if source.is_dir():
                    shutil.copytree(source, copy / name)
                else:
                    shutil.copy(source, copy / name)
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
                cwd=copy,
                check=True,
                capture_output=True,
            )
            for name, path in catalogs(copy).items():
                with self.subTest(catalog=str(name)):
                    fresh = {e.msgid for e in polib.pofile(str(path))}
                    committed = {e.msgid for e in polib.pofile(str(ROOT / name))}
                    self.assertEqual(
                        fresh - committed, set(), "Run `make messages` and translate them."
                    )
