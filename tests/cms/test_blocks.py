"""Each shared block renders as its DSFR component, from the value an editor saves."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from editorial.blocks import BodyStreamBlock, ImportantLinkBlock
from tests.factories.media import DocumentFactory, ImageFactory

VIDEO_URL = "https://www.dailymotion.com/video/x7o1567"


def render(block_type, value):
    """Render one body block from its stored (JSON) value, as a page does."""
    stream = BodyStreamBlock().to_python([{"type": block_type, "value": value}])
    return WagtailTestUtils.get_soup(stream[0].render())


class BlockRenderingTests(TestCase):
    def test_heading_renders_at_the_chosen_level(self):
        for level in ("h2", "h3", "h4"):
            soup = render("heading", {"text": "Attirer de nouveaux profils", "level": level})
            self.assertEqual(soup.find(level).get_text(), "Attirer de nouveaux profils")

    def test_heading_with_an_unknown_level_falls_back_to_level_2(self):
        soup = render("heading", {"text": "Titre", "level": "script"})
        self.assertEqual(soup.find("h2").get_text(), "Titre")
        self.assertIsNone(soup.find("script"))

    def test_callout_is_a_dsfr_callout_with_title_and_list(self):
        soup = render(
            "callout",
            {
                "title": "Le programme en bref",
                "text": "<ul><li>13 défis</li><li>28 talents</li></ul>",
                "style": "callout",
            },
        )
        callout = soup.select_one(".fr-callout")
        self.assertEqual(
            callout.select_one(".fr-callout__title").get_text(), "Le programme en bref"
        )
        self.assertEqual([li.get_text() for li in callout.select("li")], ["13 défis", "28 talents"])

    def test_callout_can_be_a_highlight(self):
        soup = render("callout", {"title": "", "text": "<p>À retenir</p>", "style": "highlight"})
        self.assertIsNone(soup.select_one(".fr-callout"))
        self.assertEqual(soup.select_one(".fr-highlight").get_text(strip=True), "À retenir")

    def test_quote_shows_text_author_and_role(self):
        soup = render(
            "quote",
            {
                "text": "Nous ouvrons les portes des administrations.",
                "author": "Mounir Mahjoubi",
                "author_role": "secrétaire d’État chargé du Numérique",
            },
        )
        quote = soup.select_one("figure.fr-quote")
        self.assertIn("Nous ouvrons les portes des administrations.", quote.blockquote.get_text())
        self.assertEqual(quote.select_one(".fr-quote__author").get_text(), "Mounir Mahjoubi")
        self.assertEqual(
            quote.select_one(".fr-quote__source li").get_text(),
            "secrétaire d’État chargé du Numérique",
        )

    def test_important_link_to_an_address_opening_a_new_tab(self):
        soup = render(
            "important_link",
            {"label": "Je candidate", "page": None, "url": "https://example.org/", "new_tab": True},
        )
        link = soup.select_one("a.fr-btn")
        self.assertEqual(link["href"], "https://example.org/")
        self.assertEqual(link["target"], "_blank")
        self.assertEqual(link["rel"], ["noopener"])
        self.assertEqual(link["title"], "Je candidate — nouvelle fenêtre")

    def test_important_link_to_a_page_of_the_site(self):
        home = Page.objects.get(depth=2)
        soup = render(
            "important_link",
            {"label": "Accueil", "page": home.pk, "url": "", "new_tab": False},
        )
        link = soup.select_one("a.fr-btn")
        self.assertEqual(link["href"], home.url)
        self.assertNotIn("target", link.attrs)

    def test_image_has_alt_text_caption_and_responsive_sources(self):
        image = ImageFactory()
        soup = render(
            "image",
            {
                "image": {"image": image.pk, "alt_text": "Une promotion", "decorative": False},
                "caption": "La promotion 2018",
            },
        )
        img = soup.select_one("figure img")
        self.assertEqual(img["alt"], "Une promotion")
        self.assertEqual(len(img["srcset"].split(",")), 3)
        self.assertEqual(soup.select_one("figcaption").get_text(), "La promotion 2018")

    def test_document_is_a_download_link_with_format_and_size(self):
        document = DocumentFactory(title="Règlement du programme")
        soup = render("document", {"document": document.pk, "label": ""})
        link = soup.select_one("a.fr-link--download")
        self.assertEqual(link["href"], document.url)
        self.assertIn("Règlement du programme", link.get_text())
        detail = link.select_one(".fr-link__detail").get_text()
        self.assertEqual(detail, f"PDF – {document.get_file_size()}\xa0octets")

    def test_video_iframe_gets_the_title_and_transcript(self):
        Embed.objects.create(
            hash=get_embed_hash(VIDEO_URL),
            url=VIDEO_URL,
            type="video",
            html='<iframe src="https://www.dailymotion.com/embed/video/x7o1567"></iframe>',
        )
        soup = render(
            "embed",
            {
                "video": VIDEO_URL,
                "title": "Le défi ACOSS-Plateforme",
                "caption": "",
                "transcript": "Bonjour.",
            },
        )
        self.assertEqual(soup.select_one("iframe")["title"], "Le défi ACOSS-Plateforme")
        # The DSFR's player class makes the iframe the width of its box, whatever the width
        # the oEmbed answer gave it.
        self.assertEqual(soup.select_one("iframe")["class"], ["fr-responsive-vid__player"])
        self.assertEqual(soup.select_one(".fr-transcription .fr-collapse p").get_text(), "Bonjour.")

    def test_key_figures_list_each_figure_with_its_label(self):
        soup = render(
            "key_figures",
            {
                "title": "En bref",
                "figures": [
                    {"figure": "13", "label": "défis"},
                    {"figure": "28", "label": "talents"},
                    {"figure": "10 mois", "label": "de mission"},
                ],
            },
        )
        items = [
            (
                li.select_one(".key-figures__figure").get_text(),
                li.select_one(".key-figures__label").get_text(),
            )
            for li in soup.select("li")
        ]
        self.assertEqual(items, [("13", "défis"), ("28", "talents"), ("10 mois", "de mission")])

    def test_table_is_a_dsfr_table_with_header_row(self):
        soup = render(
            "table",
            {
                "data": [["Promotion", "Défis"], ["EIG 2", "13"], ["EIG 3", "15"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Les promotions",
            },
        )
        table = soup.select_one(".fr-table table")
        self.assertEqual(table.caption.get_text(strip=True), "Les promotions")
        self.assertEqual(
            [th.get_text(strip=True) for th in table.select("thead th")], ["Promotion", "Défis"]
        )
        self.assertEqual(len(table.select("tbody tr")), 2)

    def test_text_is_escaped(self):
        soup = render(
            "quote",
            {"text": "<script>alert(1)</script>", "author": "<b>X</b>", "author_role": ""},
        )
        self.assertIsNone(soup.find("script"))
        self.assertIsNone(soup.find("b"))


class ImportantLinkValidationTests(TestCase):
    def clean(self, **value):
        block = ImportantLinkBlock()
        return block.clean(block.to_python({"label": "Lien", "new_tab": False, **value}))

    def test_needs_a_page_or_an_address(self):
        with self.assertRaises(StructBlockValidationError) as caught:
            self.clean(page=None, url="")
        self.assertEqual(
            caught.exception.block_errors["url"].messages,
            ["Choisissez une page de ce site ou saisissez une adresse externe."],
        )

    def test_refuses_both_a_page_and_an_address(self):
        home = Page.objects.get(depth=2)
        with self.assertRaises(StructBlockValidationError) as caught:
            self.clean(page=home.pk, url="https://example.org/")
        self.assertIn("pas les deux", caught.exception.block_errors["url"].messages[0])

    def test_accepts_an_address(self):
        value = self.clean(page=None, url="https://example.org/")
        self.assertEqual(value.href, "https://example.org/")

    def test_refuses_a_javascript_address(self):
        with self.assertRaises((StructBlockValidationError, ValidationError)):
            self.clean(page=None, url="javascript:alert(1)")
