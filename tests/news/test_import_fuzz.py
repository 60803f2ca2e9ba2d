"""Generated front matter and Markdown never make the importer fail unexpectedly.

A file may be refused (broken YAML, a date that is not one), but always with a message naming
it; it must never end in the importer's catch-all "unexpected error".
"""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from news.markdown.importer import MarkdownImporter
from news.models import NewsIndexPage
from tests.utils import setup_site

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
words = st.text(alphabet="abcdeéèàçôœ ABCÉ’«»-_*[]()#>{}:.!|\\<`", min_size=1, max_size=30)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    text,
    st.dates(),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
)
value = st.recursive(
    scalar,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=12,
)
key = st.one_of(
    st.sampled_from(
        [
            "title",
            "Title",
            "date",
            "DATE",
            "tags",
            "categories",
            "chapeau-text",
            "Chapeau_Text",
            "une-ou-diaporama",
            "files",
            "file",
            "contact-presse",
            "auteur",
            "layout",
            "slug",
            "published",
            "description",
        ]
    ),
    text,
)
front_matter = st.dictionaries(key, value, max_size=8)
date_text = st.one_of(
    st.sampled_from(
        [
            "2018-01-15 23:00:00 +01:00",
            "2018-02-30",
            "31/12/2018",
            "demain",
            "2018-13-01 10:00",
            "0001-01-01 00:00:00 +14:00",
            "9999-12-31 23:59:59 -12:00",
            "2018-03-25 02:30:00",
        ]
    ),
    text,
)

inline = st.one_of(
    words,
    words.map(lambda w: f"**{w}**"),
    words.map(lambda w: f"*{w}*"),
    st.tuples(
        words,
        st.sampled_from(
            [
                "https://example.org/a b",
                "/uploads/x.pdf",
                "/actualites/",
                "javascript:alert(1)",
                "mailto:a@b.c",
            ]
        ),
    ).map(lambda t: f"[{t[0]}]({t[1]})"),
    words.map(lambda w: f"![{w}](/uploads/{w}.png)"),
    st.sampled_from(
        [
            '{: target="_blank"}',
            "\\*\\*",
            "<br>",
            "<span>x</span>",
            "<sup>2</sup>",
            "[AJOUTER LIEN]",
            "{: .x}",
            "&amp;",
            "&eacute;",
        ]
    ),
)
paragraph = st.lists(inline, min_size=1, max_size=6).map(" ".join)
block = st.one_of(
    paragraph,
    st.tuples(st.integers(1, 6), paragraph).map(lambda t: "#" * t[0] + " " + t[1]),
    st.lists(paragraph, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"* {i}" for i in items)
    ),
    st.lists(paragraph, min_size=1, max_size=3).map(
        lambda items: "* a\n  * " + "\n    * ".join(items)
    ),
    st.tuples(
        paragraph,
        st.sampled_from(
            [
                ".encadre",
                ".citation",
                ".auteur-citation",
                ".lien-important",
                ".chiffres-cles",
                ".encadre .exergue",
                ".video",
                ".telechargement",
                ".legende",
                "#id",
                'key="v"',
                "",
            ]
        ),
    ).map(lambda t: f"> {t[0]}\n{{: {t[1]}}}"),
    st.tuples(paragraph, st.sampled_from([".citation", ".lien-important", ".auteur-citation"])).map(
        lambda t: f"> {t[0]}\n> {{: {t[1]}}}"
    ),
    st.sampled_from(
        [
            '<iframe src="https://www.dailymotion.com/embed/video/x7o1567"></iframe>',
            '<iframe src="https://evil.example/x"></iframe>',
            '<figure><img src="/uploads/a.png" alt="A"><figcaption>B</figcaption></figure>',
            "<script>alert(1)</script>",
            "<div>",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "---",
            "```\ncode\n```",
            "{: .orphan}",
        ]
    ),
    text,
)
markdown = st.lists(block, max_size=8).map("\n\n".join)


class ImporterFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def assert_handled(self, name, content):
        path = self.folder / name
        path.write_bytes(content)
        # A new importer for each example: each example's transaction is rolled back after it.
        importer = MarkdownImporter(NewsIndexPage.objects.get(), media_root=self.folder)
        result = importer.import_file(name, path)
        self.assertIn(result.status, ("imported", "updated", "failed"))
        if result.status == "failed":
            self.assertNotIn("erreur inattendue", result.error)
            self.assertIn(name, result.error)

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(front_matter, markdown)
    def test_generated_front_matter_and_markdown(self, data, body):
        header = yaml.safe_dump(data, allow_unicode=True) if data else "{}\n"
        self.assert_handled("fuzz.md", f"---\n{header}---\n{body}\n".encode())

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(date_text, markdown)
    def test_odd_dates(self, date, body):
        header = yaml.safe_dump({"title": "Date", "date": date}, allow_unicode=True)
        self.assert_handled("date.md", f"---\n{header}---\n{body}\n".encode())

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=300), st.sampled_from(["brut.md", "brut.txt"]))
    def test_arbitrary_bytes(self, content, name):
        self.assert_handled(name, content)

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.one_of(paragraph, words, st.just(""), st.just("- item"), st.just("« Citation »")),
            max_size=12,
        )
    )
    def test_plain_text_files(self, lines):
        self.assert_handled("texte.txt", "\n".join(lines).encode())
