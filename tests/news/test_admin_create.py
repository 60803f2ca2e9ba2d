"""An editor writes each seed press release in the real admin, then a reader reads it.

The create form is fetched from the admin, filled in with every field and block of the seed and
posted with the "Publish" action, as the browser does; the published page is then rendered
through the site's URL and read back.
"""

import json
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from editorial.blocks import CALLOUT_FEATURES, PARAGRAPH_FEATURES
from news.models import NewsCategory, NewsIndexPage, PressReleasePage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import PressContactFactory
from tests.news.seed_releases import SEED_RELEASES
from tests.utils import admin_form_data, form_errors, listblock, setup_site


def block_form_value(block_type, value):
    """An editor's block value as the admin's StreamField posts it."""
    if block_type == "paragraph":
        return rich_text(value, features=PARAGRAPH_FEATURES)
    value = dict(value)
    if block_type == "callout":
        value["text"] = rich_text(value["text"], features=CALLOUT_FEATURES)
    if block_type == "important_link":
        value.setdefault("page", "")
        value["new_tab"] = "on" if value.get("new_tab") else "false"
    return value


class PressReleaseAdminCreateTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news_index = NewsIndexPage.objects.get()
        cls.contact = PressContactFactory(
            name="Service de presse Etalab", phones=["01 23 45 67 89"]
        )

    def setUp(self):
        self.user = self.login()

    def create_category_in_admin(self, name):
        if NewsCategory.objects.filter(name=name).exists():
            return NewsCategory.objects.get(name=name)
        response = self.client.post(
            reverse("wagtailsnippets_news_newscategory:add"), {"name": name, "slug": ""}
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        return NewsCategory.objects.get(name=name)

    def form_data_for(self, seed):
        images = {item["filename"]: ImageFactory(title=item["filename"]) for item in seed["hero"]}
        categories = [self.create_category_in_admin(name) for name in seed["categories"]]
        attachments = []
        for item in seed["attachments"]:
            if "document_filename" in item:
                document = DocumentFactory(title=item["document_filename"])
                attachments.append({"document": document.pk, "url": "", "label": item["label"]})
            else:
                attachments.append({"document": "", "url": item["url"], "label": item["label"]})
        date = datetime.strptime(seed["date"], "%Y-%m-%d %H:%M")
        data = nested_form_data(
            {
                "title": seed["title"],
                "slug": seed["slug"],
                "date": date.strftime(settings.WAGTAIL_DATETIME_FORMAT),
                "chapeau": seed["chapeau"],
                "body": streamfield(
                    [(kind, block_form_value(kind, value)) for kind, value in seed["body"]]
                ),
                "hero_images": inline_formset(
                    [
                        {
                            "image": images[item["filename"]].pk,
                            "alt_text": item["alt_text"],
                            "caption": item["caption"],
                        }
                        for item in seed["hero"]
                    ]
                ),
                "attachments": inline_formset(attachments),
                # As the tag widget posts them: multi-word tags in double quotes.
                "tags": ", ".join(f'"{tag}"' if " " in tag else tag for tag in seed["tags"]),
                "press_contact": self.contact.pk,
                "author": "",
                "action-publish": "action-publish",
            }
        )
        data["categories"] = [category.pk for category in categories]
        data["media_on_request"] = "on" if seed["media_on_request"] else None
        return data

    def create_in_admin(self, seed):
        url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", self.news_index.pk)
        )
        form = admin_form_data(self.client, url, self.form_data_for(seed))
        response = self.client.post(url, form)
        if response.status_code != 302:
            self.fail(f"{seed['seed']}: not created: {form_errors(response)}")
        return PressReleasePage.objects.get(slug=seed["slug"])

    def assert_reader_sees(self, page, seed):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        soup = self.get_soup(response.content)
        article = soup.select_one("main article")

        self.assertEqual(article.h1.get_text(strip=True), seed["title"])
        self.assertEqual(article.select_one(".fr-text--lead").get_text(strip=True), seed["chapeau"])
        self.assertEqual(article.select_one("time")["datetime"], seed["date_iso"])
        self.assertEqual(
            sorted(
                tag.get_text(strip=True) for tag in article.select(".press-release__tags .fr-tag")
            ),
            sorted(seed["tags"]),
        )
        self.assertEqual(
            [
                tag.get_text(strip=True)
                for tag in article.select(".press-release__categories .fr-tag")
            ],
            seed["categories"],
        )

        # Hero image: each image carries the alternative text typed by the editor.
        hero_alts = [img["alt"] for img in article.select("figure img") if "srcset" in img.attrs]
        for item in seed["hero"]:
            self.assertIn(item["alt_text"], hero_alts)

        # Encadré: a DSFR callout with its title and its list.
        expect = seed["expect"]
        callouts = article.select(".fr-callout")
        if expect["callout_title"]:
            self.assertEqual(len(callouts), 1)
            self.assertEqual(
                callouts[0].select_one(".fr-callout__title").get_text(strip=True),
                expect["callout_title"],
            )
            self.assertEqual(len(callouts[0].select("li")), expect["callout_items"])
        else:
            self.assertEqual(callouts, [])

        # Citation with its author.
        quotes = article.select("figure.fr-quote")
        self.assertEqual(len(quotes), len(expect["quotes"]))
        for quote, (excerpt, author) in zip(quotes, expect["quotes"], strict=True):
            self.assertIn(excerpt, quote.blockquote.get_text())
            self.assertEqual(quote.select_one(".fr-quote__author").get_text(strip=True), author)

        # Important link, opening a new tab when asked, and saying so.
        links = article.select(".press-release__body a.fr-btn")
        self.assertEqual(len(links), len(expect["important_links"]))
        for link, (label, href, new_tab) in zip(links, expect["important_links"], strict=True):
            self.assertEqual(link.get_text(strip=True), label)
            self.assertEqual(link["href"], href)
            if new_tab:
                self.assertEqual(link["target"], "_blank")
                self.assertIn("noopener", link["rel"])
                self.assertIn("nouvelle fenêtre", link["title"])
            else:
                self.assertNotIn("target", link.attrs)

        # Attachments: DSFR download links with their label, format and, for files, size.
        downloads = article.select("a.fr-link--download")
        self.assertEqual(len(downloads), len(seed["attachments"]))
        for link, item in zip(downloads, seed["attachments"], strict=True):
            self.assertIn(item["label"], link.get_text())
            detail = link.select_one(".fr-link__detail").get_text(strip=True)
            self.assertTrue(detail.startswith("PDF"), detail)
            if "url" in item:
                self.assertEqual(link["href"], item["url"])
            else:
                self.assertEqual(link["href"], page.attachments.get().document.url)
                self.assertIn("octets", detail)

        # Press contact and the "photos on request" note.
        contact = article.select_one(".press-release__contact")
        self.assertIn("Service de presse Etalab", contact.get_text())
        self.assertIsNotNone(contact.select_one('a[href="tel:0123456789"]'))
        note = "Des photos et contacts pour témoignages peuvent être transmis sur demande."
        self.assertEqual(note in contact.get_text(), seed["media_on_request"])

    def test_editor_writes_each_seed_press_release_and_reader_reads_it(self):
        for seed in SEED_RELEASES:
            with self.subTest(seed=seed["seed"]):
                page = self.create_in_admin(seed)
                self.assertTrue(page.live)
                self.assertEqual(page.get_parent().pk, self.news_index.pk)
                self.assertEqual(timezone.localtime(page.date).isoformat(), seed["date_iso"])
                self.assertEqual(
                    [block.block_type for block in page.body], [kind for kind, _ in seed["body"]]
                )
                self.assertEqual(page.hero_images.count(), len(seed["hero"]))
                self.assertEqual(page.attachments.count(), len(seed["attachments"]))
                self.assertEqual(page.revisions.count(), 1)
                self.assert_reader_sees(page, seed)

    def test_news_index_lists_the_seeds_newest_first(self):
        for seed in SEED_RELEASES:
            self.create_in_admin(seed)
        response = self.client.get(self.news_index.url)
        titles = [
            a.get_text(strip=True)
            for a in self.get_soup(response.content).select(".fr-card__title a")
        ]
        by_date = sorted(SEED_RELEASES, key=lambda seed: seed["date"], reverse=True)
        self.assertEqual(titles, [seed["title"] for seed in by_date])
        self.assertIsInstance(Page.objects.get(pk=self.news_index.pk).specific, NewsIndexPage)


class EveryBlockThroughTheAdminTests(WagtailPageTestCase):
    """Blocks the seeds do not use are posted too, as the block editor sends them."""

    video_url = "https://www.dailymotion.com/video/x7o1568"

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news_index = NewsIndexPage.objects.get()
        # The video's oEmbed answer, as the embed finder would have stored it.
        Embed.objects.create(
            hash=get_embed_hash(cls.video_url),
            url=cls.video_url,
            type="video",
            html='<iframe src="https://www.dailymotion.com/embed/video/x7o1568"></iframe>',
        )

    def test_every_block_type_is_saved_and_rendered(self):
        self.login()
        image = ImageFactory()
        document = DocumentFactory(title="Règlement du programme")
        body = streamfield(
            [
                ("heading", {"text": "Le programme", "level": "h2"}),
                ("heading", {"text": "Les chiffres", "level": "h3"}),
                (
                    "key_figures",
                    {
                        "title": "En bref",
                        "figures": listblock(
                            [
                                {"figure": "13", "label": "défis d’intérêt général"},
                                {"figure": "28", "label": "talents"},
                                {"figure": "10 mois", "label": "en CDD"},
                            ]
                        ),
                    },
                ),
                (
                    "image",
                    {
                        "image": {"image": image.pk, "alt_text": "La promotion", "decorative": ""},
                        "caption": "La promotion 2018",
                    },
                ),
                ("document", {"document": document.pk, "label": ""}),
                (
                    "embed",
                    {
                        "video": self.video_url,
                        "title": "Le défi ADLER",
                        "caption": "",
                        "transcript": "Transcription.",
                    },
                ),
                (
                    "table",
                    json.dumps(
                        {
                            "data": [["Promotion", "Défis"], ["EIG 2", "13"]],
                            "table_header_choice": "row",
                            "table_caption": "Promotions",
                        }
                    ),
                ),
                (
                    "callout",
                    {"title": "", "text": rich_text("<p>Exergue</p>"), "style": "highlight"},
                ),
            ]
        )
        url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", self.news_index.pk)
        )
        data = {
            "title": "Tous les blocs",
            "slug": "tous-les-blocs",
            "date": "15/01/2018 23:00",
            "chapeau": "Chapeau.",
            "action-publish": "action-publish",
            **nested_form_data({"body": body}),
        }
        response = self.client.post(url, admin_form_data(self.client, url, data))
        self.assertEqual(response.status_code, 302, form_errors(response))

        page = PressReleasePage.objects.get(slug="tous-les-blocs")
        soup = self.get_soup(self.client.get(page.url).content)
        self.assertEqual(soup.select_one("article h3").get_text(), "Les chiffres")
        self.assertEqual(
            [span.get_text() for span in soup.select(".key-figures__figure")],
            ["13", "28", "10 mois"],
        )
        self.assertEqual(soup.select_one("figure.fr-content-media img")["alt"], "La promotion")
        self.assertIn("Règlement du programme", soup.select_one("a.fr-link--download").get_text())
        self.assertEqual(soup.select_one("iframe")["title"], "Le défi ADLER")
        self.assertEqual(soup.select_one(".fr-table caption").get_text(strip=True), "Promotions")
        self.assertEqual(soup.select_one(".fr-highlight").get_text(strip=True), "Exergue")
