"""kramdown's classes written as raw HTML divs become the blocks of their attribute-list forms.

The fixtures in ``fixtures/kramdown/`` are written after the former site's press releases
(numerique.gouv.fr's ``_communiques`` and ``_actualites``), where the same boxes, quotations and
important links appear both as ``{: .encadre}`` and as ``<div class="encadre">``.
"""

import io
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase
from markdown_it import MarkdownIt

from cms.publishing.models import ImportRecord
from news.markdown.kramdown import BodyConverter
from news.markdown.kramdown_attrs import kramdown_plugin
from news.markdown.source import Source, read_source
from news.models import PressReleasePage
from tests.news.test_import_markdown import ImportTestCase, body, run_import

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kramdown"


class RawHtmlClassTests(ImportTestCase):
    def import_fixture(self, name):
        lines, code = run_import(FIXTURES / name)
        self.assertEqual(code, 0, lines)
        return PressReleasePage.objects.get(), lines

    def test_an_encadre_div_around_markdown_is_a_callout(self):
        page, _lines = self.import_fixture("2021-03-10-encadre-en-markdown.markdown")
        kinds = [kind for kind, _value in body(page)]
        self.assertEqual(kinds, ["paragraph", "callout", "callout", "paragraph"])
        callout = body(page)[1][1]
        self.assertEqual(callout["title"], "L’appel à projets en bref")
        self.assertEqual(callout["style"], "callout")
        self.assertEqual(
            callout["text"],
            "<p>Les projets retenus bénéficient d’un <b>accompagnement</b> de six mois par les "
            'équipes de la <a href="https://www.numerique.gouv.fr/dinum/">DINUM</a>.</p>'
            "<ul><li>12 projets soutenus ;</li><li>3 millions d’euros engagés.</li></ul>",
        )
        self.assertNotIn("kramdown", page.import_metadata.get("kept", {}))

    def test_an_encadre_exergue_div_on_one_line_is_a_highlight(self):
        page, _lines = self.import_fixture("2021-03-10-encadre-en-markdown.markdown")
        self.assertEqual(
            body(page)[2][1],
            {
                "title": "",
                "text": "<p>Les lauréats seront annoncés <i>en juin</i>.</p>",
                "style": "highlight",
            },
        )

    def test_an_encadre_noir_div_of_styled_html_keeps_what_no_block_holds(self):
        page, lines = self.import_fixture("2022-06-02-encadre-noir-en-html.markdown")
        self.assertEqual(
            [kind for kind, _value in body(page)], ["paragraph", "callout", "html", "paragraph"]
        )
        callout = body(page)[1][1]
        self.assertEqual(callout["title"], "À propos de la DINUM")
        self.assertEqual(
            callout["text"],
            "<p>La direction interministérielle du numérique (DINUM) a pour mission "
            "d’<b>élaborer la stratégie numérique de l’État</b>.<br/>Elle pilote sa mise en "
            "œuvre avec les ministères.</p>"
            "<ul><li>Accompagner les projets</li><li>Opérer les services <i>mutualisés</i></li>"
            "</ul>",
        )
        # The table has no place in a callout: it follows it, kept, and is reported.
        self.assertEqual(body(page)[2][1], "<table><tr><td>2021</td><td>2022</td></tr></table>")
        report = "\n".join(lines)
        self.assertIn("ligne 13 : HTML conservé tel quel", report)
        # The extra class and the inline style are kept in the import data, and reported.
        self.assertEqual(
            page.import_metadata["kept"]["kramdown"],
            [
                {
                    "line": 12,
                    "attributes": '<div class="encadre noir" style="padding: 20px; '
                    'background-color: #1e1e1e; color: #fff;">',
                }
            ],
        )
        self.assertIn('ligne 12 : Classes ou attributs de « <div class="encadre noir"', report)
        self.assertTrue(page.live)

    def test_citation_and_author_divs_make_one_quote(self):
        page, _lines = self.import_fixture("2019-11-20-citations-en-html.markdown")
        self.assertEqual([kind for kind, _value in body(page)], ["paragraph", "quote", "quote"])
        self.assertEqual(
            body(page)[1][1],
            {
                "text": "Le numérique doit simplifier la vie de tous les usagers.",
                "author": "Prénom Nom",
                "author_role": "directrice interministérielle du numérique",
            },
        )

    def test_a_citation_div_holding_its_author(self):
        page, _lines = self.import_fixture("2019-11-20-citations-en-html.markdown")
        self.assertEqual(
            body(page)[2][1],
            {
                "text": "Ce service est le fruit d’un travail collectif.\n"
                "Il sera amélioré avec ses usagers.",
                "author": "Autre Nom",
                "author_role": "ministre de la Transformation et de la Fonction publiques",
            },
        )

    def test_important_link_divs_of_html_and_of_markdown(self):
        page, _lines = self.import_fixture("2020-09-15-liens-importants-en-html.markdown")
        self.assertEqual(
            [value for kind, value in body(page) if kind == "important_link"][:2],
            [
                {
                    "label": "Consulter le rapport",
                    "page": None,
                    "url": "https://www.numerique.gouv.fr/publications/rapport-annuel/",
                    "new_tab": True,
                },
                {
                    "label": "Répondre à la consultation",
                    "page": None,
                    "url": "https://www.example.gouv.fr/consultation",
                    "new_tab": True,
                },
            ],
        )
        self.assertNotIn("html", [kind for kind, _value in body(page)])

    def test_a_centred_wrapper_around_an_important_link_div_is_read_through(self):
        page, lines = self.import_fixture("2020-09-15-liens-importants-en-html.markdown")
        self.assertEqual(
            body(page)[-2:],
            [
                (
                    "important_link",
                    {
                        "label": "En savoir plus sur l’offre",
                        "page": None,
                        "url": "https://portail.example.gouv.fr",
                        "new_tab": False,
                    },
                ),
                (
                    "paragraph",
                    "<p>(lien accessible depuis le réseau interministériel de l’État).</p>",
                ),
            ],
        )
        self.assertEqual(
            page.import_metadata["kept"]["kramdown"],
            [{"line": 19, "attributes": '<div align="center">'}],
        )
        self.assertIn(
            'ligne 19 : Classes ou attributs de « <div align="center"> »', "\n".join(lines)
        )

    def test_a_raw_html_encadre_exports_as_its_kramdown_class_and_imports_back(self):
        self.import_fixture("2021-03-10-encadre-en-markdown.markdown")
        before = [(kind, value) for kind, value in body(PressReleasePage.objects.get())]
        export = self.work / "export"
        call_command("export_markdown", str(export), stdout=io.StringIO())
        text = (export / "2021-03-10-encadre-en-markdown.md").read_text()
        self.assertNotIn("<div", text)
        self.assertIn(
            "> ### L’appel à projets en bref\n>\n> Les projets retenus bénéficient d’un "
            "**accompagnement**",
            text,
        )
        self.assertIn("> * 3 millions d’euros engagés.\n{: .encadre}\n", text)
        self.assertIn("> Les lauréats seront annoncés *en juin*.\n{: .encadre .exergue}\n", text)

        PressReleasePage.objects.get().delete()
        ImportRecord.objects.all().delete()
        lines, code = run_import(export)
        self.assertEqual(code, 0, lines)
        self.assertEqual(body(PressReleasePage.objects.get()), before)


class AttributeListParsingTests(SimpleTestCase):
    def setUp(self):
        self.markdown = MarkdownIt("commonmark", {"html": True}).use(kramdown_plugin)

    def test_a_block_attribute_list_decorates_the_block_before_it(self):
        env = {"line_offset": 10}
        tokens = self.markdown.parse("> ### Titre\n> Texte\n{: .encadre .exergue}\n", env)
        self.assertEqual(tokens[0].type, "blockquote_open")
        attributes = tokens[0].meta["attributes"]
        self.assertEqual(attributes.classes, ["encadre", "exergue"])
        self.assertEqual(attributes.line, 13)
        self.assertNotIn("kramdown_ial", [token.type for token in tokens])
        self.assertEqual(env["kramdown_orphans"], [])

    def test_a_span_attribute_list_follows_its_link(self):
        tokens = self.markdown.parse('[Lien](https://example.org){: target="_blank"}\n')
        inline = tokens[1].children
        self.assertEqual([token.type for token in inline][-2:], ["link_close", "kramdown_span_ial"])
        self.assertTrue(inline[-1].meta["attributes"].new_tab)

    def test_a_div_with_a_kramdown_class_wraps_its_parsed_content(self):
        tokens = self.markdown.parse(
            '<div class="encadre noir" markdown="1" style="color: red">\n\n## Titre\n\n</div>\n'
        )
        self.assertEqual(
            [token.type for token in tokens],
            ["kramdown_div_open", "heading_open", "inline", "heading_close", "kramdown_div_close"],
        )
        attributes = tokens[0].meta["attributes"]
        self.assertEqual(attributes.classes, ["encadre", "noir"])
        # kramdown's own `markdown="1"` is an instruction, not an attribute to keep.
        self.assertEqual(attributes.attrs, {"style": "color: red"})

    def test_an_attribute_list_in_a_code_block_is_code(self):
        source = Source(key="code.md", text="", checksum="")
        blocks = BodyConverter(source).convert("```\nTexte\n{: .encadre}\n```\n")
        self.assertEqual(
            [(block.type, block.value) for block in blocks],
            [("html", "<pre><code>Texte\n{: .encadre}\n</code></pre>")],
        )
        self.assertEqual(source.leftovers, {})


class ScriptAddressTests(SimpleTestCase):
    """Links written in HTML go through markdown-it's own rule, as Markdown links do: an
    address that would run code (javascript:, data:…) loses its link, its text stays."""

    def convert(self, body):
        source = read_source("x.md", f"---\ntitle: x\n---\n{body}\n".encode(), "0")
        return BodyConverter(source).convert(source.body)

    def test_html_links_in_an_encadre_or_a_quote_lose_script_addresses(self):
        for written in (
            '<div class="encadre"><p><a href="javascript:alert(1)">lien</a></p></div>',
            "> <b>x</b> <a href=\"&#106;avascript:alert('x')\">lien</a>",
            '<div class="encadre"><p><a href="data:text/html,<script>">lien</a></p></div>',
        ):
            with self.subTest(written):
                text = "".join(str(block.value) for block in self.convert(written))
                self.assertIn("lien", text)
                self.assertNotIn("href", text)

    def test_an_important_link_to_a_script_address_is_no_link(self):
        blocks = self.convert('<div class="lien-important"><a href="javascript:x()">Go</a></div>')
        self.assertNotIn("important_link", [block.type for block in blocks])
        self.assertNotIn("javascript", "".join(str(block.value) for block in blocks))
