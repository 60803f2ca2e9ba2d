"""The demo of `make run`, crawled from its home page: every internal link, image, stylesheet,
script and file answers 200, and the pages show their images in a real browser.

The demo is imported as `make demo` imports it (`import_demo`: the seed releases with their
media, the pages, the programme) into the test database, under the live server. The crawl
reads the HTML with plain HTTP requests, breadth first, within the site; then Chromium opens
the pages that show the demo's media and checks that every image is decoded.
"""

import time
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from django.core.management import call_command

from news.models import PressReleasePage

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


def assert_images_shown(page, url):
    """Every image of the page's content is decoded and has an alternative text."""
    page.wait_for_load_state("load")
    images = page.locator("main img")
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        src = image.get_attribute("src")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (url, src)
        assert image.get_attribute("alt"), (url, src)


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
    for viewport in ("desktop", "mobile"):
        page = open_page(viewport)
        for name, url in (
            ("release", slideshow),
            ("sitemap", "/plan-du-site/"),
            ("accessibility", "/accessibilite/"),
        ):
            page.goto(url)
            assert_images_shown(page, url)
            screenshot(page, f"demo-{name}-{viewport}")
