"""`pip install` of the repository brings every package the apps use: each third-party module
that cms/, news/, programme/ or editorial/ imports, or that INSTALLED_APPS names, comes from a
distribution listed in pyproject.toml's [project].dependencies, not only from another's."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("cms", "news", "programme", "editorial")


def normalize(name):
    """A distribution's name as PEP 503 compares them (`PyYAML`, `pyyaml`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions():
    with open(ROOT / "pyproject.toml", "rb") as file:
        requirements = tomllib.load(file)["project"]["dependencies"]
    return {normalize(re.match(r"[A-Za-z0-9._-]+", line).group()) for line in requirements}


def imported_modules():
    """Top-level names of the third-party modules the apps import, each with a file importing it."""
    found = {}
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return third_party(found)


def third_party(modules):
    return {
        name: where
        for name, where in modules.items()
        if name not in sys.stdlib_module_names and name not in FIRST_PARTY
    }


def undeclared(modules, declared):
    """The modules that no declared distribution provides, with where they are used and the
    distributions that do provide them."""
    providers = packages_distributions()
    missing = {}
    for module, where in sorted(modules.items()):
        distributions = {normalize(name) for name in providers.get(module, [])}
        if not distributions & declared:
            source = sorted(distributions) or "no installed distribution"
            missing[module] = f"{where} uses {module}, from {source}"
    return missing


class DeclaredDependenciesTests(SimpleTestCase):
    def test_every_imported_package_is_declared(self):
        modules = imported_modules()
        self.assertIn("wagtail", modules)
        self.assertEqual(undeclared(modules, declared_distributions()), {})

    def test_every_installed_app_is_declared(self):
        modules = third_party(
            {app.partition(".")[0]: "INSTALLED_APPS" for app in settings.INSTALLED_APPS}
        )
        self.assertIn("taggit", modules)
        self.assertEqual(undeclared(modules, declared_distributions()), {})

    def test_a_missing_declaration_is_reported(self):
        declared = declared_distributions() - {"pyyaml"}
        missing = undeclared(imported_modules(), declared)
        self.assertIn("yaml", missing)
        self.assertIn("uses yaml, from ['pyyaml']", missing["yaml"])
