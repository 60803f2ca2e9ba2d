"""The admin report "Pages importées à compléter", as an editor opens it."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from tests.news.test_import_former_site import FormerSiteTestCase, page_of
from tests.news.test_import_markdown import run_import

REPORT = "news_imported_pages_report"


class ImportedPagesReportTests(WagtailTestUtils, FormerSiteTestCase):
    def setUp(self):
        super().setUp()
        self.login()
        self.import_former_site()

    def test_the_report_is_in_the_reports_menu(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        props = self.get_soup(response.content).find(id="wagtail-sidebar-props").string
        main_menu = json.loads(props)["modules"][2]["_args"][0]
        reports = next(item for item in main_menu if item["_args"][0]["name"] == "reports")
        self.assertIn(
            {"label": "Pages importées à compléter", "url": reverse(REPORT)},
            [
                {"label": item["_args"][0]["label"], "url": item["_args"][0]["url"]}
                for item in reports["_args"][1]
            ],
        )

    def test_it_lists_what_each_page_lacks_with_a_link_to_edit_it(self):
        response = self.client.get(reverse(REPORT))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1", html=False)
        self.assertContains(response, "Pages importées à compléter")

        empty = page_of("_communiques/communique-sans-texte.markdown")
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[empty.pk]))
        self.assertContains(
            response, "Chapeau repris du titre : « La DINSIC publie son rapport d’activité »"
        )
        heading = page_of("_actualites/2018-04-24-projets-informatiques-de-l'état.md")
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[heading.pk]))
        self.assertContains(
            response,
            "Chapeau repris du début du texte : « Un panorama publié deux fois par an »",
        )
        # The hero image of the file is not under --media-root: missing, and without an
        # alternative text; a <div> no block holds is kept as HTML.
        self.assertContains(response, "Fichiers manquants : /uploads/appel-eig5.jpg")
        nosdemarches = page_of(
            "_communiques/Lancement-du-site-nosdemarches.gouv.fr-pour-evaluer-les-demarches-en-"
            "ligne.markdown"
        )
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[nosdemarches.pk]))

        # A page the import found nothing to complete on is not listed.
        complete = page_of("_actualites/panorama-grands-projets.markdown")
        self.assertNotContains(response, reverse("wagtailadmin_pages:edit", args=[complete.pk]))

    def test_missing_alternative_text_and_kept_html_are_listed(self):
        self.write(
            "image.md",
            "---\ntitle: Image\nchapeau-text: C\ndate: 2020-01-01\n"
            "une-ou-diaporama:\n- image: /img/icone-eig.png\n---\n\n"
            "Texte.\n\n<marquee>Défilant</marquee>\n",
        )
        run_import(self.work / "image.md", "--media-root", self.media_root)
        response = self.client.get(reverse(REPORT))
        self.assertContains(response, "Texte alternatif manquant : /img/icone-eig.png")
        self.assertContains(response, "HTML conservé : 1 bloc")

    def test_the_report_exports_as_a_spreadsheet(self):
        response = self.client.get(reverse(REPORT) + "?export=csv")
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode()
        self.assertIn("Chapeau repris du titre", text)

    def test_editors_see_it_too(self):
        user = self.create_user("redactrice", password="password")  # noqa: S106
        user.groups.add(Group.objects.get(name="Rédacteurs"))
        self.client.force_login(user)
        response = self.client.get(reverse(REPORT))
        self.assertContains(response, "Chapeau repris du titre")
