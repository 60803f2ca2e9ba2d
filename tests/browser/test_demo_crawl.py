"""The demo of `make run`, crawled from its home page: every internal link, image, stylesheet,
script and file answers 200, and the pages show their images in a real browser.

The demo is imported as `make demo` imports it (`import_demo`: the seed releases with their
media, the pages, the programme with its défis' logos and screenshots) into the test database,
under the live server. The crawl reads the HTML with plain HTTP requests, breadth first,
within the site; then Chromium opens the pages that show the demo's media and checks that
every image is decoded.
"""

import time
import unicodedata
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
import yaml
from django.core.management import call_command

from cms.publishing.models import ImportRecord
from news.models import PressReleasePage
from programme.models import ChallengePage, PromotionPage

DEFIS = Path(__file__).resolve().parents[2] / "demo" / "eig-data" / "defis.yml"

pytestmark = pytest.mark.browser

# Address prefixes that are not pages of the site (the admin asks for a login).
NOT_CRAWLED = ("/admin/", "/django-admin/")
CRAWL_SECONDS = 90


class References(HTMLParser):
    """The addresses an HTML page refers to: links, images (src and srcset), stylesheets,
    icons, scripts and media sources."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag in ("img", "script", "source", "iframe", "video", "audio"):
            if attrs.get("src"):
                self.found.append(attrs["src"])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.found.append(candidate.split()[0])


class Images(HTMLParser):
    """The images of a page's <main>: their attributes."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag == "img" and self.depth:
            self.found.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def images_of(body):
    parser = Images()
    parser.feed(body.decode())
    return parser.found


def fetch(url):
    """(status, content type, body) of a GET."""
    try:
        with urlopen(url, timeout=30) as response:  # noqa: S310 - the live server
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), b""


@pytest.fixture
def demo(site_url):
    call_command("setup_site", stdout=StringIO())
    call_command("import_demo", stdout=StringIO())
    return site_url


def assert_images_shown(page, url, decorative=()):
    """Every image of the page's content is decoded and has an alternative text; those under
    the ``decorative`` selectors have an empty one."""
    page.wait_for_load_state("load")
    images = page.locator("main img")
    empty = {
        page.locator(selector).nth(index).get_attribute("src")
        for selector in decorative
        for index in range(page.locator(selector).count())
    }
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        src = image.get_attribute("src")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (url, src)
        alt = image.get_attribute("alt")
        assert alt == "" if src in empty else alt, (url, src, alt)


def defis_pictures():
    """{défi's import key: (its logo's path, [titles of its achievements with a picture])} of
    every défi of the demo's data that names a picture."""
    text = unicodedata.normalize("NFC", DEFIS.read_text(encoding="utf-8"))
    pictures = {}
    for key, entry in yaml.safe_load(text).items():
        projects = [item["title"] for item in entry.get("projects") or [] if item.get("image")]
        if entry.get("image") or projects:
            pictures[f"defis.yml#{key}"] = (entry.get("image"), projects)
    return pictures


def crawl(site_url):
    """{address: (status, content type, referring page)} of every internal address reached
    from the home page."""
    host = urlsplit(site_url).netloc
    seen = {"/": ""}  # address: the page that links to it
    queue = deque(["/"])
    results = {}
    started = time.monotonic()
    while queue:
        assert time.monotonic() - started < CRAWL_SECONDS, f"crawl too long: {len(results)}"
        path = queue.popleft()
        status, content_type, body = fetch(site_url + path)
        results[path] = (status, content_type, seen[path])
        if status != 200 or content_type != "text/html":
            continue
        parser = References()
        parser.feed(body.decode())
        for address in parser.found:
            absolute = urldefrag(urljoin(site_url + path, address)).url
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue  # another site, mailto:, tel:, javascript:...
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(NOT_CRAWLED) or target in seen:
                continue
            # Every address is fetched; only HTML answers are read for more.
            seen[target] = path
            queue.append(target)
    return results


def test_every_internal_link_image_and_file_of_the_demo_answers(demo, open_page, screenshot):
    results = crawl(demo)
    broken = {
        path: (status, referrer)
        for path, (status, _type, referrer) in results.items()
        if status != 200
    }
    assert broken == {}, f"not 200 (address: status, linked from): {broken}"

    types = {path: content_type for path, (_status, content_type, _r) in results.items()}
    pages = [path for path, kind in types.items() if kind == "text/html"]
    images = [path for path, kind in types.items() if kind.startswith("image/")]
    pdfs = [path for path, kind in types.items() if kind == "application/pdf"]
    # The whole demo was reached: its releases, the programme's défis, the footer's pages.
    assert len(pages) > 60, pages
    for release in PressReleasePage.objects.live():
        assert release.url in pages
    for path in ("/plan-du-site/", "/accessibilite/", "/mentions-legales/"):
        assert path in pages
    # Each release's hero images (renditions), and its press release as a PDF to download.
    assert len([path for path in images if "/media/images/" in path]) >= 4, images
    assert len(pdfs) == 3, pdfs
    for path in pdfs:
        assert fetch(demo + path)[2].startswith(b"%PDF-")

    # Every défi that names a logo shows it, with its name as alternative text, and a picture
    # for each achievement that names one, with the achievement's title; all were reached.
    pictures = defis_pictures()
    assert len(pictures) == ChallengePage.objects.live().count() == 53
    for source, (logo, projects) in pictures.items():
        page = ImportRecord.objects.get(source=source).page.specific
        shown = images_of(fetch(demo + page.url)[2])
        alts = [image.get("alt") for image in shown]
        if logo:
            assert page.title in alts, (page.url, logo, shown)
        assert sorted(title for title in alts if title != page.title) == sorted(projects), (
            page.url,
            shown,
        )
        for image in shown:
            assert image["src"] in images, (page.url, image)
    # Each promotion's cards show its défis' logos.
    for promotion in PromotionPage.objects.live():
        shown = images_of(fetch(demo + promotion.url)[2])
        assert len(shown) == promotion.figures["challenges"], (promotion.url, shown)

    # In the browser: hero images and the slideshow are decoded and have their alternative
    # text; the download link leads to the PDF.
    page = open_page()
    for release in PressReleasePage.objects.live().order_by("date"):
        page.goto(release.url)
        assert_images_shown(page, release.url)
        link = page.get_by_role("link", name="Télécharger le communiqué de presse")
        assert fetch(urljoin(demo, link.first.get_attribute("href")))[0] == 200
    assert page.js_errors == []
    slideshow = PressReleasePage.objects.get(slug="communique-accueil-3e-promotion").url
    defi = ChallengePage.objects.get(title="CibNav")  # a logo and three screenshots
    for viewport in ("desktop", "mobile"):
        page = open_page(viewport)
        for name, url, decorative in (
            ("release", slideshow, ()),
            ("sitemap", "/plan-du-site/", ()),
            ("accessibility", "/accessibilite/", ()),
            ("defi", defi.url, ()),
            # The cards' titles name the logos.
            ("promotion", defi.get_parent().url, ("#challenges-title ~ ul img",)),
        ):
            page.goto(url)
            assert_images_shown(page, url, decorative)
            screenshot(page, f"demo-{name}-{viewport}")
