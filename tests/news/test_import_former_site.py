"""Migrating the former site for real: what it published stays public, and every address of
it keeps working (the fixtures in ``former_site/`` follow files of numerique.gouv.fr)."""

import io
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from django.core.management import call_command
from django.utils.html import escape
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.publishing.absolute_urls import absolute_url
from cms.publishing.models import ImportRecord
from news.markdown.old_addresses import jekyll_title, pretty_slugify
from news.models import PressReleasePage
from tests.news.test_import_markdown import ImportTestCase, run_import

FORMER_SITE = Path(__file__).resolve().parent / "former_site"
LONG_NAME = (
    "experts-publics-de-la-data-et-de-lia-letat-devoile-les-projets-de-la-saison-2-du-"
    "programme-10-percent-et-incite-tous-les-agents-publics-experts-de-la-data-et-de-lia-a-"
    "integrer-cette-communaute-dediee-au-partage-et-a-linnovation-au-sein-de-letat"
)
# Each published source and the address the former site served it at (Jekyll's rules,
# worked out by hand): its collection's folder, its name as Jekyll's "pretty" slugify made it
# (case kept; the date and the extension dropped), or its permalink.
OLD_ADDRESSES = {
    "_actualites/appel-eig5.markdown": "/actualites/appel-eig5/",
    "_actualites/TECH-GOUV -nouvelle-actualisation-mi-2021-feuille-route.markdown": (
        "/actualites/TECH-GOUV-nouvelle-actualisation-mi-2021-feuille-route/"
    ),
    "_actualites/2018-04-24-projets-informatiques-de-l'état.md": (
        "/actualites/projets-informatiques-de-l'état/"
    ),
    "_actualites/panorama-grands-projets.markdown": (
        "/publication/panorama-des-grands-projets-2019/"
    ),
    "_communiques/Lancement-du-site-nosdemarches.gouv.fr-pour-evaluer-les-demarches-en-ligne"
    ".markdown": (
        "/espace-presse/Lancement-du-site-nosdemarches.gouv.fr-pour-evaluer-les-demarches-en-ligne/"
    ),
    "_communiques/le-gouvernement-lance-l’experimentation-de-l’intelligence-artificielle"
    ".markdown": (
        "/espace-presse/le-gouvernement-lance-l-experimentation-de-l-intelligence-artificielle/"
    ),
    "_communiques/communique-sans-texte.markdown": "/espace-presse/communique-sans-texte/",
    "_communiques/fonds-pour-la-transformation-de-l'action-publique-:deux-projets-DINSIC-"
    "laureats.markdown": (
        "/espace-presse/fonds-pour-la-transformation-de-l'action-publique-deux-projets-DINSIC-"
        "laureats/"
    ),
    "_communiques/cp-franceconnect-plus.markdown": "/espace-presse/cp-franceconnect-plus/",
    f"_communiques/{LONG_NAME}.markdown": f"/espace-presse/{LONG_NAME}/",
}
REDIRECT_ITEMS = {
    "_actualites/appel-eig5.markdown": "https://www.etalab.gouv.fr/appel-eig5",
    "_actualites/TECH-GOUV -nouvelle-actualisation-mi-2021-feuille-route.markdown": (
        "/publications/tech-gouv-feuille-de-route/"
    ),
    "_communiques/cp-franceconnect-plus.markdown": (
        "https://www.transformation.gouv.fr/presse/franceconnect-plus-un-million"
    ),
}


def as_browsers_ask(address):
    """The address as Jekyll wrote it in links, and browsers send it: percent-encoded."""
    return quote(address, safe="-._~!$&'()*+,;=:@/")


def page_of(key):
    return ImportRecord.objects.get(source=key).page.specific


class FormerSiteTestCase(ImportTestCase):
    def import_former_site(self, *args):
        lines, code = run_import(FORMER_SITE, *args)
        self.assertEqual(code, 0, lines)
        return lines

    def get(self, address):
        return self.client.get(address, HTTP_HOST="localhost")


class JekyllAddressTests(FormerSiteTestCase):
    def test_pretty_slugify_keeps_the_case_and_what_urls_show_as_is(self):
        for name, slug in [
            ("TECH-GOUV -nouvelle-actualisation", "TECH-GOUV-nouvelle-actualisation"),
            ("Lancement-du-site-nosdemarches.gouv.fr", "Lancement-du-site-nosdemarches.gouv.fr"),
            ("lancement-du-mooc-<<-creer-des-services->>", "lancement-du-mooc-creer-des-services"),
            ("le-gouvernement-lance-l’experimentation", "le-gouvernement-lance-l-experimentation"),
            ("de-l'action-publique-:deux-projets", "de-l'action-publique-deux-projets"),
            ("5E-edition-du-panorama-revue de details", "5E-edition-du-panorama-revue-de-details"),
            ("projets-de-l'état_2019 (v2)", "projets-de-l'état_2019-(v2)"),
            ("-a,b;c=d@e~f!g$h&i(j)k+l-", "a,b;c=d@e~f!g$h&i(j)k+l"),
        ]:
            with self.subTest(name):
                self.assertEqual(pretty_slugify(name), slug)

    def test_the_title_is_the_slug_or_the_file_name_without_its_date(self):
        source = SimpleNamespace(key="_actualites/2018-07-3-actu-test-2.md", front_slug="")
        self.assertEqual(jekyll_title(source), "actu-test-2")
        source = SimpleNamespace(key="_actualites/x.markdown", front_slug="Mon Nom")
        self.assertEqual(jekyll_title(source), "Mon-Nom")


class OldAddressTests(FormerSiteTestCase):
    def test_every_old_address_leads_permanently_to_its_page(self):
        """The former site's address of every published source answers a permanent redirect
        to its page, which answers 200 with its title, or, for a redirect item, sends
        readers to its target."""
        lines = self.import_former_site()
        self.assertEqual(
            lines[-1].split(", ")[:4], ["imported 11", "updated 0", "unchanged 0", "failed 0"]
        )
        self.assertEqual(
            set(OLD_ADDRESSES) | {"_communiques/ami-ia-2.markdown"},
            {record.source for record in ImportRecord.objects.all()},
        )
        for key, address in OLD_ADDRESSES.items():
            with self.subTest(key):
                page = page_of(key)
                self.assertTrue(page.live)
                self.assertEqual(page.import_metadata["old_address"], address)
                response = self.get(as_browsers_ask(address))
                if address == page.url:
                    # The page took the very address of the former site: nothing to redirect.
                    self.assertNotIn(response.status_code, (301, 404))
                else:
                    self.assertEqual(response.status_code, 301)
                    self.assertEqual(response["Location"], page.url)
                    response = self.get(page.url)
                target = REDIRECT_ITEMS.get(key)
                if target:
                    self.assertEqual(response.status_code, 302)
                    self.assertEqual(response["Location"], target)
                else:
                    self.assertContains(response, f"{escape(page.title)}</h1>", status_code=200)

    def test_the_report_says_which_redirect_was_made(self):
        lines = self.import_former_site()
        self.assertIn(
            "    ↪ Redirection permanente depuis l’ancienne adresse "
            "/espace-presse/communique-sans-texte/.",
            lines,
        )
        self.assertIn(
            "    ↪ L’ancienne adresse /actualites/appel-eig5/ est celle de la page.", lines
        )

    def test_a_second_import_changes_nothing_and_keeps_every_redirect(self):
        self.import_former_site()
        redirects = list(
            Redirect.objects.order_by("pk").values_list("old_path", "redirect_page", "is_permanent")
        )
        self.assertEqual(len(redirects), len(OLD_ADDRESSES) - 1)  # appel-eig5 is at home
        self.assertTrue(all(permanent for _path, _page, permanent in redirects))
        state = list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id", "live"))

        lines = self.import_former_site()
        self.assertEqual(lines[-1], "imported 0, updated 0, unchanged 11, failed 0, warnings 0")
        self.assertEqual(
            list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id", "live")),
            state,
        )
        # Imported again on purpose, the pages keep their redirects, none doubled.
        lines = self.import_former_site("--force")
        self.assertEqual(lines[-1].split(", ")[:3], ["imported 0", "updated 11", "unchanged 0"])
        self.assertIn(
            "    ↪ Redirection permanente depuis l’ancienne adresse "
            "/espace-presse/communique-sans-texte/ (conservée).",
            lines,
        )
        self.assertEqual(
            list(
                Redirect.objects.order_by("pk").values_list(
                    "old_path", "redirect_page", "is_permanent"
                )
            ),
            redirects,
        )

    def test_an_address_taken_by_another_redirect_is_left_alone(self):
        other = Page.objects.get(slug="actualites")
        Redirect.objects.create(
            old_path="/espace-presse/cp-franceconnect-plus", redirect_page=other
        )
        lines = self.import_former_site()
        self.assertIn(
            "    L’ancienne adresse /espace-presse/cp-franceconnect-plus/ mène déjà ailleurs : "
            "elle est laissée telle quelle.",
            lines,
        )
        self.assertEqual(
            Redirect.objects.get(old_path="/espace-presse/cp-franceconnect-plus").redirect_page,
            other,
        )

    def test_a_draft_of_the_former_site_gets_no_old_address(self):
        self.import_former_site()
        page = page_of("_communiques/ami-ia-2.markdown")
        self.assertFalse(page.live)
        self.assertNotIn("old_address", page.import_metadata)
        self.assertFalse(Redirect.objects.filter(old_path__contains="ami-ia-2").exists())


class RedirectItemTests(FormerSiteTestCase):
    def test_redirect_items_link_to_their_target_everywhere(self):
        self.import_former_site()
        index = self.get("/actualites/")
        feed = self.get("/actualites/flux/rss/").content.decode()
        atom = self.get("/actualites/flux/atom/").content.decode()
        sitemap = self.get("/sitemap.xml").content.decode()
        for key, target in REDIRECT_ITEMS.items():
            with self.subTest(key):
                page = page_of(key)
                self.assertEqual(page.link_url, target)
                absolute = "http://localhost" + target if target.startswith("/") else target
                in_api = absolute_url(target)  # the API's base address (WAGTAILAPI_BASE_URL)
                self.assertContains(index, f'href="{target}"')
                self.assertNotContains(index, f'href="{page.url}"')
                self.assertIn(f"<link>{absolute}</link>", feed)
                self.assertIn(f'<link href="{absolute}" rel="alternate"', atom)
                api = self.get(f"/api/v2/pages/{page.pk}/").json()
                self.assertEqual(api["redirect_to"], in_api)
                self.assertNotIn(f"{page.url}</loc>", sitemap)
                response = self.get(page.url)
                self.assertEqual((response.status_code, response["Location"]), (302, target))

    def test_a_release_of_its_own_has_no_redirect(self):
        self.import_former_site()
        page = page_of("_actualites/panorama-grands-projets.markdown")
        self.assertEqual(page.link_url, "")
        self.assertIsNone(self.get(f"/api/v2/pages/{page.pk}/").json()["redirect_to"])
        self.assertEqual(self.get(page.url).status_code, 200)
        self.assertIn(f"{page.url}</loc>", self.get("/sitemap.xml").content.decode())

    def test_the_export_writes_the_redirect_keys_back(self):
        self.import_former_site()
        out = self.work / "export"
        call_command("export_markdown", str(out), stdout=io.StringIO())
        text = (out / "_communiques" / "cp-franceconnect-plus.md").read_text()
        self.assertIn(
            "redirect_to: https://www.transformation.gouv.fr/presse/franceconnect-plus-un-million\n",
            text,
        )
        text = (
            out / "_actualites" / "TECH-GOUV -nouvelle-actualisation-mi-2021-feuille-route.md"
        ).read_text()
        self.assertIn("redirection-interne: /publications/tech-gouv-feuille-de-route/\n", text)
        self.assertIn(
            "redirection: https://www.etalab.gouv.fr/appel-eig5\n",
            (out / "_actualites" / "appel-eig5.md").read_text(),
        )

        # Imported again into an empty database, the export gives the same files.
        first = {path.relative_to(out): path.read_bytes() for path in out.rglob("*.md")}
        for page in PressReleasePage.objects.all():
            page.delete()
        ImportRecord.objects.all().delete()
        run_import(out)
        again = self.work / "again"
        call_command("export_markdown", str(again), stdout=io.StringIO())
        second = {path.relative_to(again): path.read_bytes() for path in again.rglob("*.md")}
        self.assertEqual(first, second)


class PublicPagesStayPublicTests(FormerSiteTestCase):
    def test_pages_without_a_chapeau_or_a_body_are_published_with_a_chapeau(self):
        self.import_former_site()
        heading_and_quote = page_of("_actualites/2018-04-24-projets-informatiques-de-l'état.md")
        self.assertTrue(heading_and_quote.live)
        self.assertEqual(heading_and_quote.chapeau, "Un panorama publié deux fois par an")
        self.assertEqual(
            [block.block_type for block in heading_and_quote.body], ["heading", "quote"]
        )
        list_after_heading = page_of(
            "_communiques/le-gouvernement-lance-l’experimentation-de-l’intelligence-artificielle"
            ".markdown"
        )
        self.assertTrue(list_after_heading.live)
        self.assertEqual(list_after_heading.chapeau, "Six projets retenus")

        empty = page_of("_communiques/communique-sans-texte.markdown")
        self.assertTrue(empty.live)
        self.assertEqual(empty.chapeau, "La DINSIC publie son rapport d’activité")
        self.assertEqual(len(empty.body), 0)
        self.assertEqual(
            empty.import_metadata["to_complete"]["chapeau"],
            {"from": "title", "text": "La DINSIC publie son rapport d’activité"},
        )
        self.assertEqual(self.get(empty.url).status_code, 200)

    def test_a_long_text_gives_its_first_sentence_or_words(self):
        self.write(
            "long.md",
            "---\ntitle: Long\ndate: 2020-01-01\n---\n\n## " + "mot " * 120 + "\n",
        )
        self.write(
            "phrases.md",
            "---\ntitle: Phrases\ndate: 2020-01-01\n---\n\n> Une première phrase assez longue. "
            "Une autre.\n{: .citation}\n",
        )
        run_import(self.work)
        chapeau = PressReleasePage.objects.get(title="Long").chapeau
        self.assertLessEqual(len(chapeau), 300)
        self.assertTrue(chapeau.endswith("mot…"))
        self.assertEqual(
            PressReleasePage.objects.get(title="Phrases").chapeau,
            "Une première phrase assez longue.",
        )
