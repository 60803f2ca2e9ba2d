"""Embargo, end to end: an embargoed release leaks nowhere, then appears everywhere at go-live.

The URLs are generated from the URL configuration (every pattern outside the admin, each
parameter filled with the ids, paths and names of the content, the routes of routable pages,
and query strings that search and filter), not from a hand-written list: a new endpoint is
walked as soon as it exists.

The release's tag, category and year are its own (facets no public page has): until go-live,
a query string naming them is answered exactly as one naming nothing (same status, same body
but for the value typed), so that no filter, label, feed or error message tells of them.
"""

import datetime as dt
import itertools
import re
from urllib.parse import quote, quote_plus, urlencode

import time_machine
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Revision

from cms.publishing import scheduler as scheduling
from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from news.models import (
    NewsCategory,
    NewsIndexPage,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
)
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site

MARKER = "Quetzalembargo"  # in the title, chapeau and body: never typed into a URL
SLUG = "quetzal-sous-embargo"
TAG_NAME = "Quetzaltag Secret"  # a name other than its slug: labels show names
TAG = "quetzaltag-secret"
CATEGORY_NAME = "Quetzalcatégorie Secrète"
CATEGORY = "quetzalcategorie"
YEAR = "1987"  # the release's date: no public release, nor any XML namespace, has it
FILE_MARKER = "quetzalfichier"  # in the image's and the document's file names and titles

# Parameters of route patterns ("<int:pk>") and regex groups, by name or by regex.
ID_PARAMETERS = re.compile(r"(^|_)(pk|id)$")
QUERY_VARIANTS = [
    {"search": MARKER},
    {"q": MARKER},
    {"tag": TAG},
    {"tags": TAG},
    {"category": CATEGORY},
    {"categorie": CATEGORY},
    {"fields": "*"},
    {"type": "news.PressReleasePage", "fields": "*", "order": "-date"},
    {"html_path": f"/actualites/{SLUG}/"},
    {"id": "{page_id}"},
    {"tags": TAG_NAME.upper()},
    {"category": CATEGORY_NAME},
    {"year": YEAR},
]
# Values naming the release's facets, and values of the same kind naming nothing: a query
# string made only of the former is also fetched with the latter, to compare the answers.
UNKNOWN_TWINS = {
    TAG: "quetzaltag-inconnu",
    TAG_NAME.upper(): "QUETZALTAG INCONNU",
    CATEGORY: "quetzalcategorie-inconnue",
    CATEGORY_NAME: "Quetzalcatégorie Inconnue",
    MARKER: "Quetzalinconnu",
    YEAR: "1986",
}
SKIPPED_PREFIXES = ("admin/",)


def route_parameters(route):
    """Parameters of a route or regex, as (placeholder text, name, regex)."""
    found = [(m.group(0), m.group(2), None) for m in re.finditer(r"<(\w+:)?(\w+)>", route)]
    found += [
        (m.group(0), m.group(1), m.group(2))
        for m in re.finditer(r"\(\?P<(\w+)>([^)]*\)?[^)]*)\)", route)
    ]
    if not found:
        found = [
            (m.group(0), None, m.group(1))
            for m in re.finditer(r"\(((?:[^()]|\([^()]*\))*)\)", route)
        ]
    return found


def walk_patterns(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from walk_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


class Candidates:
    """Values to put in URL parameters: everything that could reach the embargoed content."""

    def __init__(self, page, image, document, rendition):
        self.ids = sorted(
            {str(page.pk), str(image.pk), str(document.pk), str(page.latest_revision_id), "1"}
        )
        self.media_paths = [image.file.name, rendition.file.name, document.file.name]
        self.filenames = [document.filename]
        self.page_paths = sorted(
            {
                url.lstrip("/")
                for url in (p.get_url(None) for p in Page.objects.all())
                if url and url.startswith("/")
            }
            | {f"actualites/{SLUG}/"}
        )
        self.type_names = ["news.PressReleasePage", "news.pressreleasepage", "news.NewsCategory"]
        self.words = [TAG, CATEGORY, SLUG, str(timezone.now().year)]

    def for_parameter(self, name, regex):
        if name in ("path",) or (regex and regex in (".+",)):
            return self.media_paths
        if regex and "[\\w\\-]+/" in regex:
            return self.page_paths
        if name and ID_PARAMETERS.search(name) or regex == "\\d+":
            return self.ids
        if name in ("type", "type_name"):
            return self.type_names
        if regex == ".*":
            return self.filenames
        return self.words


def expand(route, candidates):
    """Concrete paths for a route, each parameter filled with its candidates."""
    parameters = route_parameters(route)
    pools = [candidates.for_parameter(name, regex) for _text, name, regex in parameters]
    # Every value of each parameter, not every combination: enough to reach each object.
    combinations = (
        itertools.product(*pools)
        if len(parameters) < 2
        else itertools.zip_longest(*pools, fillvalue=None)
    )
    for values in combinations if parameters else [()]:
        values = [value or pool[0] for value, pool in zip(values, pools, strict=True)]
        path = route
        for (text, _name, _regex), value in zip(parameters, values, strict=True):
            path = path.replace(text, value, 1)
        path = "/" + path.replace("^", "").replace("$", "")
        yield re.sub(r"/{2,}", "/", path)


def routable_paths(candidates):
    """Sub-routes of routable pages (feeds, filtered listings…), filled the same way."""
    for page in Page.objects.live().specific():
        if not isinstance(page, RoutablePageMixin):
            continue
        base = page.get_url(None)
        if not base:
            continue
        for route in walk_patterns(page.get_resolver().url_patterns):
            for path in expand(route, candidates):
                yield base.rstrip("/") + path


class EmbargoLeakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.endpoint = WebhookEndpoint.objects.create(
            name="Site partenaire", url="https://partenaire.example.org/hook"
        )
        # Published neighbours, so that listings, feeds and searches have something to show.
        public = PressReleasePageFactory(parent=cls.index, title="Communiqué public")
        public.tags.add("public")
        public.save_revision().publish()

        cls.category = NewsCategory.objects.create(name=CATEGORY_NAME, slug=CATEGORY)
        cls.image = ImageFactory(title=f"Photo {FILE_MARKER}")
        cls.document = DocumentFactory(title=f"Dossier {FILE_MARKER}")
        page = PressReleasePageFactory(
            parent=cls.index,
            title=f"Communiqué {MARKER}",
            slug=SLUG,
            chapeau=f"Le chapeau {MARKER} sous embargo.",
            date=dt.datetime(int(YEAR), 6, 15, 12, tzinfo=dt.UTC),
            live=False,
        )
        page = PressReleasePage.objects.get(pk=page.pk)
        page.tags.add(TAG_NAME)
        page.categories.add(cls.category)
        page.hero_images.add(PressReleaseHeroImage(image=cls.image, alt_text=f"Alt {MARKER}"))
        page.attachments.add(PressReleaseAttachment(document=cls.document, label=MARKER))
        cls.go_live = timezone.now() + dt.timedelta(hours=3)
        page.go_live_at = cls.go_live
        with cls.captureOnCommitCallbacks(execute=True):  # webhooks are sent after commit
            page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live
        assert page.tags.get().slug == TAG
        cls.page = page
        cls.rendition = cls.image.get_rendition("fill-400x300")

    def setUp(self):
        self.image.refresh_from_db()
        self.document.refresh_from_db()

    def public_urls(self):
        candidates = Candidates(self.page, self.image, self.document, self.rendition)
        urls = set()
        for route in walk_patterns(get_resolver().url_patterns):
            for path in expand(route, candidates):
                try:
                    resolve(path)
                except Resolver404:
                    continue
                urls.add(path)
        urls.update(routable_paths(candidates))
        urls.add(self.image.file.url)
        urls.add(self.rendition.url)
        urls.add(self.document.url)
        return sorted(urls)

    def fetch(self, url, echoes=()):
        response = self.client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        # A 404 or a 400 may repeat the address typed: that is not a leak. Whole words only
        # (a year is not the digits of a time), longest first (the tag of the feed's URL).
        for echo in sorted({url, quote(url), url.split("?", 1)[0], *echoes}, key=len)[::-1]:
            text = re.sub(rf"(?<!\w){re.escape(echo)}(?!\w)", "", text)
        return response.status_code, text

    def fetch_query(self, url, query):
        """The answer to ``url`` with ``query``, the values typed removed from its body."""
        echoes = [
            form
            for value in query.values()
            for form in (value, quote(value), quote(value, safe=""), quote_plus(value))
        ]
        return self.fetch(f"{url}?{urlencode(query)}", echoes=echoes)

    def walk(self):
        """{url: (status, body)} for every public URL, with query variants on the 200s; and
        {url: its unknown twin's url} for the variants that name the release's facets."""
        seen, twins = {}, {}
        for url in self.public_urls():
            seen[url] = self.fetch(url)
            if seen[url][0] != 200 or url.startswith("/media/"):
                continue
            # An answer that changes by itself (a form's CSRF token) cannot be compared.
            comparable = self.fetch(url) == seen[url]
            for variant in QUERY_VARIANTS:
                query = {k: v.format(page_id=self.page.pk) for k, v in variant.items()}
                variant_url = f"{url}?{urlencode(query)}"
                seen[variant_url] = self.fetch_query(url, query)
                if comparable and all(value in UNKNOWN_TWINS for value in query.values()):
                    twin = {k: UNKNOWN_TWINS[v] for k, v in query.items()}
                    twins[variant_url] = f"{url}?{urlencode(twin)}"
                    seen[twins[variant_url]] = self.fetch_query(url, twin)
        return seen, twins

    @staticmethod
    def told_apart(seen, twins):
        """The facet queries answered otherwise than their unknown twins: {url: statuses}."""
        return {
            url: (seen[url][0], seen[twin][0])
            for url, twin in twins.items()
            if seen[url] != seen[twin]
        }

    @staticmethod
    def leaks(seen):
        markers = (MARKER, SLUG, TAG, TAG_NAME, CATEGORY, CATEGORY_NAME, FILE_MARKER)
        return {
            url: [marker for marker in markers if marker.lower() in body.lower()]
            for url, (_status, body) in seen.items()
            if any(marker.lower() in body.lower() for marker in markers)
        }

    def test_nothing_before_go_live_everything_after(self):
        seen, twins = self.walk()
        print(f"{len(seen)} URLs walked before go-live")  # noqa: T201 - the figure to report
        self.assertGreater(len(seen), 100, "the walk should reach the whole site and API")
        self.assertGreater(len(twins), 20, "the walk should filter every listing and feed")
        self.assertNotIn(500, {status for status, _ in seen.values()})
        self.assertEqual(self.leaks(seen), {}, "embargoed content visible before go-live")
        self.assertEqual(
            self.told_apart(seen, twins), {}, "the release's tag, category or year is known"
        )
        self.assertFalse(WebhookDelivery.objects.filter(page_id=self.page.pk).exists())

        with time_machine.travel(self.go_live + dt.timedelta(seconds=1)):
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(scheduling.run_due(), (1, 0))
            after, twins = self.walk()
        self.assertNotIn(500, {status for status, _ in after.values()})
        found = self.leaks(after)
        page_url = self.page.url
        expected = [
            page_url,
            self.index.url,
            "/api/v2/pages/",
            f"/api/v2/pages/{self.page.pk}/",
            "/api/v2/images/",
            "/api/v2/documents/",
            f"/api/v2/pages/?{urlencode({'search': MARKER})}",
            f"/api/v2/pages/?{urlencode({'tags': TAG})}",
            f"/api/v2/pages/?{urlencode({'tags': TAG_NAME.upper()})}",
            f"/api/v2/pages/?{urlencode({'category': CATEGORY})}",
            f"/api/v2/pages/?{urlencode({'category': CATEGORY_NAME})}",
        ]
        for url in expected:
            with self.subTest(url=url):
                self.assertIn(url, found, f"{url} should show the release after go-live")
        for url in (self.image.file.url, self.rendition.url, self.document.url):
            with self.subTest(url=url):
                self.assertEqual(after[url][0], 200)
        # The site's machine-readable listings and its search show it too.
        index = self.index.url
        for url in (
            "/sitemap.xml",
            f"{index}flux/rss/",
            f"{index}flux/atom/",
            f"{index}flux/rss/?{urlencode({'tag': TAG})}",
            f"{index}flux/atom/?{urlencode({'category': CATEGORY})}",
            f"/recherche/?{urlencode({'q': MARKER})}",
            f"{index}?{urlencode({'tag': TAG})}",
            f"{index}?{urlencode({'category': CATEGORY})}",
            f"{index}?{urlencode({'year': YEAR})}",
        ):
            with self.subTest(url=url):
                self.assertIn(url, found, f"{url} should show the release after go-live")
        # Its facets are known: offered as filters, named in labels, answered apart.
        self.assertIn(TAG_NAME, after[index][1])
        self.assertIn(CATEGORY_NAME, after[index][1])
        self.assertIn(f'<option value="{YEAR}">', after[index][1])
        self.assertIn(TAG_NAME, after[f"{index}?{urlencode({'tag': TAG})}"][1])
        told_apart = self.told_apart(after, twins)
        for url in (
            f"{index}flux/rss/?{urlencode({'tag': TAG})}",
            f"{index}flux/atom/?{urlencode({'category': CATEGORY})}",
            f"/api/v2/pages/?{urlencode({'category': CATEGORY})}",
        ):
            with self.subTest(url=url):
                self.assertIn(url, told_apart)
        deliveries = WebhookDelivery.objects.filter(page_id=self.page.pk)
        self.assertEqual([d.event for d in deliveries], ["published"])
        self.assertEqual(Revision.objects.filter(object_id=str(self.page.pk)).count(), 1)
