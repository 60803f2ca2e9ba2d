"""Every kind of public page is valid HTML for the W3C Nu HTML checker (vnu-jar from npm).

The checker reads the HTML the server sent, as the browser received it: the DOM after the
DSFR's JavaScript ran is not what a validator, a crawler or an old screen reader gets. Java
starts slowly, so the pages are saved to a folder and checked in one run.
"""

import io
import json
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from cms.models import SitemapPage
from news.models import NewsIndexPage, PressReleasePage
from tests.browser.conftest import ROOT, unavailable
from tests.browser.content import build_public_site

pytestmark = pytest.mark.browser

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# An imported page whose headings skip a level once its first one becomes the title.
IMPORTED_PAGE = ROOT / "demo" / "seeds" / "pages" / "page-appel-a-projets-promotion-3.md"

# Warnings read and kept: the DSFR's markup names its landmarks explicitly (header, nav, main
# and footer with their implicit role), as its documentation asks for older assistive tools.
REVIEWED_WARNINGS = [
    re.compile(r"The “(banner|navigation|main|contentinfo)” role is unnecessary for element"),
]


@pytest.fixture
def vnu():
    """The command that checks HTML files, or a skip (a failure under CI=true) saying why."""
    java = shutil.which("java")
    if java is None:
        unavailable("Java is not installed: `apt-get install default-jre-headless`")
    if not VNU_JAR.exists():
        unavailable(f"vnu-jar is not installed ({VNU_JAR}): `npm ci` or `make install`")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]


@pytest.fixture
def site(site_url):
    site = build_public_site(releases=NewsIndexPage.page_size + 2)
    call_command("import_markdown", str(IMPORTED_PAGE), "--parent", "/", stdout=io.StringIO())
    site["imported"] = (
        site["home"].get_children().get(slug="page-appel-a-projets-promotion-3").specific
    )
    return site


def public_urls(site):
    return {
        "home": site["home"].url,
        "news-index": site["index"].url,
        "news-index-filtered": site["index"].url + "?tag=data&year=2017&page=2",
        "news-index-empty": site["index"].url + "?tag=nothing",
        "press-release": site["release"].url,
        "programme": site["programme"].url,
        "promotion": site["promotion"].url,
        "challenge": site["challenge"].url,
        "call": site["call"].url,
        "content-imported": site["imported"].url,
        # The site map and the legal pages that setup_site writes (the footer links to them).
        "sitemap-page": SitemapPage.objects.get().url,
        "accessibility-statement": "/accessibilite/",
        "legal-notice": "/mentions-legales/",
        "search": "/recherche/?q=promotion",
        "search-empty": "/recherche/",
        "not-found": "/nulle-part/",
    }


def describe(messages):
    return "\n".join(
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: [{m.get('subType', m['type'])}]"
        f" {m['message']}\n    {m.get('extract', '').strip()!r}"
        for m in messages
    )


def test_public_pages_are_valid_html(site, page, vnu, tmp_path):
    assert PressReleasePage.objects.get(pk=site["release"].pk).body  # every block type
    for name, url in public_urls(site).items():
        response = page.goto(url)
        expected = 404 if name == "not-found" else 200
        assert response.status == expected, (url, response.status)
        # What the server sent, not the DOM the scripts made of it.
        (tmp_path / f"{name}.html").write_bytes(response.body())
    assert page.js_errors == []

    files = sorted(str(path) for path in tmp_path.glob("*.html"))
    result = subprocess.run(vnu + files, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)["messages"]

    errors = [m for m in messages if m["type"] != "info"]
    assert not errors, f"The Nu HTML checker finds errors:\n{describe(errors)}"
    warnings = [
        m
        for m in messages
        if m.get("subType") == "warning"
        and not any(pattern.search(m["message"]) for pattern in REVIEWED_WARNINGS)
    ]
    assert not warnings, f"The Nu HTML checker warns:\n{describe(warnings)}"
