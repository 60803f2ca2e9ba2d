"""An XSS corpus in every field an editor or an import can fill: each public surface shows it
as text or drops it, never as active markup.

The surfaces are listed in ``SURFACES``: each is a name and a function giving the HTML
fragments a reader's browser or an API consumer would render. Adding a surface (the RSS and
Atom feeds, the sitemap, the search page) is one more line there.
"""

import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from bs4 import BeautifulSoup
from django.test import TestCase
from dsfr.models import DsfrConfig
from taggit.models import Tag
from wagtail.rich_text import RichText

from news.models import (
    NewsCategory,
    NewsIndexPage,
    PressContact,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
)
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import run_command, setup_site

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert("xss-2")>',
    "<svg onload=alert('xss-3')><script>alert('xss-4')</script></svg>",
    "javascript:alert('xss-5')",
    "<a href=\"javascript:alert('xss-6')\">lien</a>",
    "<iframe src=\"javascript:alert('xss-7')\"></iframe>",
    "'-alert('xss-8')-'",
]
CORPUS = " ".join(PAYLOADS)

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
SAFE_SCRIPT = re.compile(r"^/static/")


def active_markup(fragment):
    """What in an HTML fragment would run script: script elements not from our static files,
    event handler attributes, javascript: or data: addresses, SVG or embeds that run code."""
    soup = BeautifulSoup(fragment, "html.parser")
    found = []
    for element in soup.find_all(True):
        if element.name == "script":
            if element.get("type") in ("application/json", "application/ld+json"):
                # Data, never run; it must stay one element of valid JSON.
                json.loads(element.string or "null")
                continue
            if not SAFE_SCRIPT.match(element.get("src", "")) or element.string:
                found.append(str(element)[:120])
        if element.name in ("svg", "object", "embed", "base"):
            found.append(str(element)[:120])
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"{element.name} {attribute}={value!r}")
            if attribute.lower() in URL_ATTRIBUTES:
                value = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"{element.name} {attribute}={value!r}")
    return found


# Where the API gives HTML (rich text): these blocks' values, the callout's text, an index's
# intro. Every other string is plain text, which consumers escape as any text.
HTML_BLOCKS = {"paragraph": None, "html": None, "callout": "text"}


def html_strings(data):
    """Every HTML string of an API answer."""
    if isinstance(data, dict):
        if data.get("type") in HTML_BLOCKS and "value" in data:
            key = HTML_BLOCKS[data["type"]]
            yield data["value"][key] if key else data["value"]
        if isinstance(data.get("intro"), str):
            yield data["intro"]
        for value in data.values():
            yield from html_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from html_strings(value)


def page_html(client, page):
    return [client.get(page.url).content.decode()]


def listing_html(client, page):
    return [client.get(page.get_parent().url).content.decode()]


def api_detail(client, page):
    return list(html_strings(client.get(f"/api/v2/pages/{page.pk}/").json()))


def api_listing(client, page):
    answer = client.get(
        "/api/v2/pages/",
        {"type": "news.PressReleasePage", "fields": "*", "search": "", "limit": 100},
    )
    return list(html_strings(answer.json()))


def api_media(client, page):
    return [
        fragment
        for endpoint in ("images", "documents")
        for fragment in html_strings(client.get(f"/api/v2/{endpoint}/?fields=*").json())
    ]


SURFACES = [
    ("page", page_html),
    ("news listing", listing_html),
    ("API page", api_detail),
    ("API listing", api_listing),
    ("API images and documents", api_media),
]


class XSSCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news = NewsIndexPage.objects.get()

    def assertNothingActive(self, page):
        page.refresh_from_db()
        for name, surface in SURFACES:
            with self.subTest(surface=name):
                fragments = surface(self.client, page)
                self.assertTrue(fragments or name.startswith("API"), name)
                found = [hit for fragment in fragments for hit in active_markup(fragment)]
                self.assertEqual(found, [])

    def test_the_detector_finds_each_payload(self):
        # The checks below can fail: every payload, unescaped, is caught.
        for payload in PAYLOADS[:3] + PAYLOADS[4:6]:
            with self.subTest(payload):
                self.assertTrue(active_markup(f"<p>{payload}</p>"))
        self.assertTrue(active_markup('<a href=" JaVa\tscript:alert(1)">x</a>'))

    def test_a_corpus_in_every_field_and_block_is_shown_as_text(self):
        image = ImageFactory(title=CORPUS[:255], description=CORPUS[:255])
        image.tags.add(CORPUS[:100])
        document = DocumentFactory(title=CORPUS[:255])
        contact = PressContact.objects.create(name=CORPUS[:100], email="presse@example.gouv.fr")
        category = NewsCategory.objects.create(name=CORPUS[:100], slug="xss")
        body = [
            ("paragraph", RichText(f"<p>{CORPUS}</p>".replace("<", "&lt;"))),
            ("heading", {"text": CORPUS[:200], "level": "h2"}),
            ("callout", {"title": CORPUS[:200], "text": RichText("<p>Encadré</p>")}),
            ("quote", {"text": CORPUS, "author": CORPUS[:200], "author_role": CORPUS[:200]}),
            (
                "important_link",
                {"label": CORPUS[:200], "url": "javascript:alert('xss-0')", "new_tab": False},
            ),
            ("image", {"image": image, "caption": CORPUS[:255]}),
            ("document", {"document": document, "label": CORPUS[:255]}),
            (
                "key_figures",
                {"title": CORPUS[:200], "figures": [{"figure": "<b>1</b>", "label": CORPUS[:200]}]},
            ),
        ]
        release = PressReleasePageFactory(
            parent=self.news,
            title=CORPUS[:255],
            seo_title=CORPUS[:255],
            search_description=CORPUS,
            chapeau=CORPUS,
            author=CORPUS[:100],
            body=body,
            press_contact=contact,
        )
        release.categories.add(category)
        release.tags.add(CORPUS[:100])
        PressReleaseHeroImage.objects.create(
            page=release, image=image, alt_text=CORPUS[:255], caption=CORPUS[:255]
        )
        PressReleaseAttachment.objects.create(
            page=release, url="javascript:alert('xss-9')", label=CORPUS[:255]
        )
        release.save_revision().publish()
        DsfrConfig.objects.update(
            site_title=CORPUS[:200],
            site_tagline=CORPUS[:200],
            header_brand_html=CORPUS[:200],
            footer_brand_html=CORPUS[:200],
            footer_description=CORPUS[:200],
            notice_title=CORPUS[:200],
        )
        self.assertTrue(Tag.objects.filter(name__startswith="<script>").exists())
        self.assertNothingActive(release)

    def test_a_corpus_in_an_imported_file_is_stripped_or_escaped(self):
        front = {
            "title": CORPUS,
            "date": "2019-03-01",
            "chapeau-text": CORPUS,
            "tags": [CORPUS],
            "categories": CORPUS[:100],
            "auteur": CORPUS,
            "files": [{"lien": "javascript:alert('xss-10')", "nom": CORPUS}],
            "contact-presse": {"name": CORPUS[:100], "tel": [CORPUS[:30]]},
        }
        body = "\n\n".join(
            [
                "Un paragraphe " + CORPUS,
                "<script>alert('xss-11')</script>",
                '<div onclick="alert(\'xss-12\')"><img src="x" onerror="alert(1)"></div>',
                "<svg><script>alert('xss-13')</script></svg>",
                "[un lien](javascript:alert('xss-14'))",
                "[un autre](&#106;avascript:alert('xss-15'))",
                '![image](javascript:alert(16) "titre")',
                "> " + CORPUS,
                "## " + CORPUS,
                '<iframe src="https://evil.example/"></iframe>',
                '<a href="data:text/html,<script>alert(17)</script>">data</a>',
            ]
        )
        with TemporaryDirectory() as folder:
            source = Path(folder) / "2019-03-01-xss.md"
            source.write_text(f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n\n{body}\n")
            lines, code = run_command("import_markdown", source)
        self.assertEqual(code, 0, lines)
        release = PressReleasePage.objects.get()
        self.assertTrue(release.live)
        self.assertNothingActive(release)
