"""The Markdown importer, run as editors run it: the command on the seed files."""

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.test.utils import WagtailTestUtils

from cms.models import ContentPage, HomePage
from cms.publishing.models import APISnapshot, ImportRecord
from cms.publishing.snapshots import build
from news.markdown.adapters import PressReleaseAdapter
from news.markdown.importer import MarkdownImporter
from news.models import NewsIndexPage, PressReleasePage
from tests.utils import run_command, setup_site

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "demo" / "seeds"
PARIS = ZoneInfo("Europe/Paris")
# The demo's stand-ins for the former site's /uploads/ files that the seeds reference.
DEMO_MEDIA = ROOT / "demo" / "media-root"


def run_import(*args):
    return run_command("import_markdown", *args)


def body(page):
    return [(block["type"], block["value"]) for block in page.body.raw_data]


class ImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.home = HomePage.objects.get()

    def setUp(self):
        self.media_root = DEMO_MEDIA
        self.work = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)

    def write(self, name, text, encoding="utf-8"):
        path = self.work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return path


class SeedImportTests(ImportTestCase):
    def test_second_promotion_release_field_by_field(self):
        lines, code = run_import(SEEDS / "actualites", "--media-root", self.media_root)
        self.assertEqual(code, 0, lines)
        page = PressReleasePage.objects.get(slug="deuxieme-promotion-eig")

        self.assertEqual(
            page.title,
            "Une 2ème promotion d’entrepreneurs d’intérêt général entre aujourd’hui dans "
            "l’administration !",
        )
        self.assertEqual(page.get_parent().pk, self.index.pk)
        moment = dt.datetime(2018, 1, 15, 23, 0, tzinfo=PARIS)
        self.assertEqual(page.date, moment)
        self.assertEqual(page.first_published_at, moment)
        self.assertTrue(page.live)
        self.assertTrue(
            page.chapeau.startswith("Lancé en janvier 2017, le programme « Entrepreneur.e")
        )
        self.assertTrue(page.chapeau.endswith("participe à la transformation numérique de l’État."))
        self.assertEqual(list(page.tags.names()), ["entrepreneur.e d’intérêt général"])
        self.assertFalse(page.categories.exists())

        hero = page.hero_images.get()
        self.assertEqual(hero.alt_text, "Une seconde génération d'entrepreneur")
        self.assertEqual(hero.image.title, "Une_2e_promotion_dEIGentre_dans_ladministration")
        # `lien: /uploads/...` of a file that exists becomes a document of the library.
        attachment = page.attachments.get()
        self.assertEqual(attachment.label, "Télécharger le communiqué de presse")
        self.assertEqual(attachment.document.title, "CP_Entrepreneurs_interet_general_16012018")
        self.assertEqual(attachment.url, "")

        blocks = body(page)
        self.assertEqual([kind for kind, _ in blocks], ["paragraph", "callout", "paragraph"])
        self.assertEqual(blocks[0][1].count("<p>"), 4)
        self.assertIn(
            '<a href="https://entrepreneur-interet-general.etalab.gouv.fr/">les défis et les '
            "profils de la 2ème promotion EIG</a>",
            blocks[0][1],
        )
        callout = blocks[1][1]
        self.assertEqual(callout["title"], "Le programme Entrepreneur.e d’intérêt général en bref")
        self.assertEqual(callout["style"], "callout")
        self.assertEqual(callout["text"].count("<li>"), 5)
        self.assertIn("<li>13 défis d’intérêt général</li>", callout["text"])
        self.assertIn("<b>Présidence de la République</b>", blocks[2][1])
        # The closing "photos et contacts" line is the page's flag, not body text.
        self.assertTrue(page.media_on_request)
        self.assertNotIn("sur demande", blocks[2][1])
        self.assertEqual(page.import_metadata["source"], "2018-01-15-deuxieme-promotion-eig.md")

    def test_call_for_applications_release_field_by_field(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        page = PressReleasePage.objects.get(slug="appel-candidatures-eig3")

        self.assertEqual(page.date, dt.datetime(2018, 9, 9, 11, 18, tzinfo=PARIS))
        self.assertEqual([c.name for c in page.categories.all()], ["Communiqué de presse"])
        self.assertEqual(
            sorted(page.tags.names()),
            sorted(["datascience", "Données ouvertes", "entrepreneur.e d’intérêt général"]),
        )
        # No chapeau-text: the first paragraph, as plain text, is the chapeau.
        self.assertTrue(
            page.chapeau.startswith("10 mois, 15 défis et 1 mission : muscler la transition")
        )
        self.assertEqual(page.attachments.get().document.title, "CP_EIG3_Appel_a_candidatures")
        self.assertEqual(
            page.hero_images.get().alt_text,
            "Appel à candidatures de la 3e promotion : 32 talents, 15 défis",
        )

        blocks = body(page)
        kinds = [kind for kind, _ in blocks]
        self.assertEqual(
            kinds,
            [
                "paragraph",
                "heading",
                "paragraph",
                "heading",
                "paragraph",
                "important_link",
                "quote",
            ],
        )
        self.assertEqual(
            blocks[1][1], {"text": "Attirer de nouveaux profils dans l’État", "level": "h2"}
        )
        # Escaped asterisks stay literal asterisks.
        self.assertIn("recrutés en **contrat à durée déterminée **et rémunérés", blocks[4][1])
        self.assertEqual(
            blocks[5][1],
            {
                "label": "Consulter l’appel à candidature",
                "page": None,
                "url": "https://entrepreneur-interet-general.etalab.gouv.fr/presentation.html",
                "new_tab": True,
            },
        )
        quote = blocks[6][1]
        self.assertTrue(quote["text"].startswith("Les « geeks » (développeurs, datascientists"))
        self.assertTrue(quote["text"].endswith("c'est tout le sens de ce programme."))
        self.assertEqual(quote["author"], "Mounir Mahjoubi")
        self.assertEqual(
            quote["author_role"],
            "secrétaire d’État auprès du Premier ministre, chargé du Numérique",
        )
        self.assertTrue(page.media_on_request)

        warnings = page.import_metadata["warnings"]
        self.assertIn(
            "ligne 20 : Pas de chapeau : le premier paragraphe est devenu le chapeau.", warnings
        )

    def test_press_release_from_pdf_text(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        page = PressReleasePage.objects.get(slug="communique-accueil-3e-promotion")

        self.assertEqual(
            page.title,
            "Mounir Mahjoubi accueille la 3ème promotion d’Entrepreneurs d’Intérêt Général",
        )
        self.assertTrue(
            page.chapeau.startswith("Ils ont 10 mois pour relever le défi. L’État accueille")
        )
        blocks = body(page)
        self.assertEqual(
            [kind for kind, _ in blocks],
            ["heading", "paragraph", "heading", "paragraph", "quote", "callout", "paragraph"],
        )
        self.assertEqual(blocks[0][1]["text"], "Une aventure unique au cœur de l’État")
        # Lines wrapped by the PDF are joined; a sentence ending early closes its paragraph.
        self.assertIn("ouvre les portes de l’État à des experts du numérique", blocks[1][1])
        self.assertEqual(blocks[1][1].count("<p>"), 2)
        quote = blocks[4][1]
        self.assertTrue(quote["text"].startswith("Nous ouvrons les portes des administrations"))
        self.assertTrue(quote["text"].endswith("notre agriculture ou encore notre justice."))
        self.assertEqual(
            (quote["author"], quote["author_role"]),
            ("Mounir Mahjoubi", "secrétaire d’Etat chargé du Numérique"),
        )
        callout = blocks[5][1]
        self.assertEqual(callout["title"], "Le programme Entrepreneur d’intérêt général en bref")
        self.assertEqual(callout["text"].count("<li>"), 4)
        # An item cut by a page break is joined again.
        self.assertIn(
            "encadrée par un mentor opérationnel et suivie par un mentor stratégique",
            callout["text"],
        )
        self.assertEqual(
            blocks[6][1], "<p>Découvrir les défis et les profils de la 3ème promotion EIG</p>"
        )
        # The demo's copy gives the month the text names (« à compter de janvier 2019 »), and
        # the slideshow and the PDF the text was extracted from.
        self.assertTrue(page.live)
        self.assertEqual(page.date, dt.datetime(2019, 1, 1, tzinfo=PARIS))
        self.assertEqual(
            [(hero.image.title, bool(hero.alt_text)) for hero in page.hero_images.all()],
            [("EIG3-accueil-promotion", True), ("EIG3-accueil-defis", True)],
        )
        self.assertEqual(page.attachments.get().document.title, "CP_EIG3_Accueil_promotion")
        warnings = page.import_metadata["warnings"]
        self.assertTrue(any("Lien important sans adresse" in w for w in warnings))

    def test_programme_pages_become_content_pages(self):
        lines, code = run_import(SEEDS / "pages", "--parent", "/")
        self.assertEqual(code, 0, lines)
        projects = ContentPage.objects.get(slug="page-appel-a-projets-promotion-3")
        self.assertEqual(projects.get_parent().pk, self.home.pk)
        self.assertEqual(
            projects.title,
            "Appel à projets auprès des administrations pour la promotion 3 du programme",
        )
        headings = [value for kind, value in body(projects) if kind == "heading"]
        self.assertEqual(
            headings,
            [
                # A "##" under the "#" that became the title: the title's first section.
                {
                    "text": "Déposer sa candidature [AJOUTER LIEN DEMARCHES SIMPLIFIEES]",
                    "level": "h2",
                },
                {"text": "Le principe du Programme EIG", "level": "h2"},
                {"text": "Plus d'informations", "level": "h2"},
            ],
        )
        # Placeholders are kept in the text and reported with their line.
        self.assertIn("[AJOUTER LIEN]", body(projects)[1][1])
        self.assertEqual(
            [line for line in lines if "Texte provisoire" in line],
            [
                "    ligne 19 : Texte provisoire laissé dans le contenu : [AJOUTER LIEN].",
                "    ligne 20 : Texte provisoire laissé dans le contenu : [AJOUTER LIEN].",
                "    ligne 21 : Texte provisoire laissé dans le contenu : [AJOUTER LIEN].",
                "    ligne 23 : Texte provisoire laissé dans le contenu : "
                "[AJOUTER LIEN DEMARCHES SIMPLIFIEES].",
            ],
        )

        applications = ContentPage.objects.get(slug="page-appel-a-candidatures-promotion-2")
        blocks = body(applications)
        self.assertIn("[15 défis]", blocks[0][1])
        self.assertEqual(
            blocks[1],
            (
                "important_link",
                {
                    "label": "Je candidate",
                    "page": None,
                    "url": "https://framaforms.org/candidature-entrepreneurs-dinteret-general-"
                    "promotion-2-1501592391",
                    "new_tab": False,
                },
            ),
        )
        self.assertIn(
            "<li>Capacité à créer et gérer un projet (création d'une startup, d'une association, "
            "d'un projet de recherche)</li>",
            blocks[0][1],
        )

    def test_missing_media_are_reported_and_references_kept(self):
        lines, code = run_import(SEEDS / "actualites")
        self.assertEqual(code, 0)
        page = PressReleasePage.objects.get(slug="deuxieme-promotion-eig")
        self.assertFalse(page.hero_images.exists())
        self.assertEqual(
            page.attachments.get().url, "/uploads/CP_Entrepreneurs_interet_general_16012018.pdf"
        )
        self.assertEqual(
            page.import_metadata["missing_media"],
            [
                "/uploads/Une_2e_promotion_dEIGentre_dans_ladministration.png",
                "/uploads/CP_Entrepreneurs_interet_general_16012018.pdf",
            ],
        )
        self.assertIn(
            "    ligne 15 : Fichier /uploads/Une_2e_promotion_dEIGentre_dans_ladministration.png : "
            "aucun dossier de médias n’a été indiqué (--media-root) ; la référence est conservée.",
            lines,
        )
        self.assertEqual(lines[-1], "imported 3, updated 0, unchanged 0, failed 0, warnings 10")

    def test_media_are_deduplicated_by_content_across_runs(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        copy = self.work / "copie"
        shutil.copytree(SEEDS / "actualites", copy)
        (copy / "2018-01-15-deuxieme-promotion-eig.md").rename(copy / "2018-01-16-autre.md")
        run_import(copy / "2018-01-16-autre.md", "--media-root", self.media_root)
        self.assertEqual(get_image_model().objects.count(), 4)
        self.assertEqual(get_document_model().objects.count(), 3)
        self.assertEqual(PressReleasePage.objects.count(), 4)


class UndatedSourceTests(ImportTestCase):
    """A source without a date is never dated on the day of its import: it would list as the
    newest release and add this year to the index's filters."""

    def undated_release(self):
        """The press release extracted from a PDF, as the reference seeds hold it: no date."""
        text = (SEEDS / "actualites" / "communique-accueil-3e-promotion.txt").read_text()
        self.assertTrue(text.startswith("---\n"))
        return self.write("communique-accueil-3e-promotion.txt", text.split("\n---\n", 1)[1])

    def test_a_source_without_a_date_stays_a_draft_without_one_and_is_reported(self):
        lines, code = run_import(self.undated_release())
        self.assertEqual(code, 0, lines)
        page = PressReleasePage.objects.get()
        self.assertIsNone(page.date)
        self.assertFalse(page.live)
        self.assertIsNone(page.first_published_at)
        self.assertIn("    Pas de date dans le fichier : aucune n’a été inventée.", lines)
        self.assertIn("    Non publié : date : Ce champ ne peut pas être vide.", lines)
        self.assertEqual(lines[-1], "imported 1, updated 0, unchanged 0, failed 0, warnings 4")

        # Nothing public shows it, nor a year that no release has.
        index = self.client.get(self.index.url, HTTP_HOST="localhost")
        self.assertNotContains(index, "Mounir Mahjoubi accueille")
        self.assertNotContains(index, f'value="{timezone.localdate().year}"')

    def test_a_draft_import_reports_the_missing_date_too(self):
        lines, _code = run_import(self.undated_release(), "--draft")
        self.assertIn("    Pas de date dans le fichier : aucune n’a été inventée.", lines)
        self.assertIsNone(PressReleasePage.objects.get().date)

    def test_the_date_set_later_publishes_it_with_that_date(self):
        source = self.undated_release()
        run_import(source)
        source.write_text("---\ndate: 2019-01-14\n---\n" + source.read_text(), encoding="utf-8")
        lines, code = run_import(source)
        self.assertEqual(code, 0, lines)
        page = PressReleasePage.objects.get()
        self.assertTrue(page.live)
        moment = dt.datetime(2019, 1, 14, tzinfo=PARIS)
        self.assertEqual((page.date, page.first_published_at), (moment, moment))


class IdempotenceTests(ImportTestCase):
    def test_second_run_changes_nothing(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        state = (
            list(Page.objects.values_list("pk", "latest_revision_id", "last_published_at")),
            Revision.objects.count(),
            get_image_model().objects.count(),
        )
        lines, code = run_import(SEEDS / "actualites", "--media-root", self.media_root)
        self.assertEqual(code, 0)
        self.assertEqual(lines[-1], "imported 0, updated 0, unchanged 3, failed 0, warnings 0")
        self.assertEqual(
            (
                list(Page.objects.values_list("pk", "latest_revision_id", "last_published_at")),
                Revision.objects.count(),
                get_image_model().objects.count(),
            ),
            state,
        )

    def test_api_snapshots_are_built_once_after_the_import(self):
        """An import drops and rebuilds the snapshots it affects once, at its end, not at each
        publication (the news index would be rebuilt once per release)."""
        with (
            mock.patch("cms.publishing.snapshots.build.build", wraps=build.build) as built,
            self.captureOnCommitCallbacks(execute=True),
        ):
            run_import(SEEDS / "actualites", "--media-root", self.media_root)
        releases = list(PressReleasePage.objects.values_list("pk", flat=True))
        self.assertEqual(len(releases), 3)
        built = sorted(call.args[0] for call in built.call_args_list)
        tree = self.index.get_ancestors(inclusive=True).values_list("pk", flat=True)
        self.assertEqual(built, sorted([*releases, *tree]))  # the root has none: not live
        self.assertEqual(APISnapshot.objects.filter(page_id__in=built).count(), len(built) - 1)

    def test_changed_file_updates_its_page_with_one_revision(self):
        source = self.work / "2018-01-15-deuxieme-promotion-eig.md"
        shutil.copy(SEEDS / "actualites" / source.name, source)
        run_import(source)
        page = PressReleasePage.objects.get()
        revisions = page.revisions.count()

        source.write_text(
            source.read_text(encoding="utf-8").replace("28 entrepreneurs", "29 entrepreneurs"),
            encoding="utf-8",
        )
        lines, _code = run_import(source)
        self.assertEqual(lines[-1].split(", ")[:3], ["imported 0", "updated 1", "unchanged 0"])
        page = PressReleasePage.objects.get()
        self.assertEqual(page.revisions.count(), revisions + 1)
        self.assertIn("29 entrepreneurs", page.body.raw_data[0]["value"])
        self.assertEqual(ImportRecord.objects.get().page_id, page.pk)

    def test_changes_made_in_the_admin_are_reported_when_replaced(self):
        source = self.work / "2018-01-15-deuxieme-promotion-eig.md"
        shutil.copy(SEEDS / "actualites" / source.name, source)
        run_import(source)
        page = PressReleasePage.objects.get()
        page.title = "Titre revu par la rédaction"
        page.save_revision().publish()

        lines, _code = run_import(source)
        self.assertEqual(lines[-1].split(", ")[2], "unchanged 1")
        self.assertEqual(PressReleasePage.objects.get().title, "Titre revu par la rédaction")

        source.write_text(source.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
        lines, _code = run_import(source)
        self.assertIn(
            "    La page a été modifiée dans l’administration depuis son dernier import : "
            "elle est remplacée.",
            lines,
        )

    def test_deleted_page_is_imported_again(self):
        run_import(SEEDS / "actualites" / "2018-01-15-deuxieme-promotion-eig.md")
        PressReleasePage.objects.get().delete()
        lines, _code = run_import(SEEDS / "actualites" / "2018-01-15-deuxieme-promotion-eig.md")
        self.assertTrue(lines[-1].startswith("imported 1,"))


class FailureIsolationTests(ImportTestCase):
    def test_broken_files_fail_alone_with_file_and_line(self):
        self.write(
            "a-bon.md",
            "---\ntitle: Bon\nchapeau-text: C\ndate: 2019-01-14 10:00:00 +01:00\n---\n\nTexte.\n",
        )
        self.write(
            "b-yaml.md", "---\ntitle: Cassé\ntags: [un, deux\ndate: 2019-01-14\n---\n\nTexte.\n"
        )
        self.write("c-date.md", "---\ntitle: Date\ndate: 2019-13-45 25:00\n---\n\nTexte.\n")
        self.write("d-latin1.md", "---\ntitle: Été\n---\n\nDéjà.\n", encoding="latin-1")
        self.write("e-ouvert.md", "---\ntitle: Jamais fermé\n\nTexte.\n")
        self.write("f-binaire.md", b"---\ntitle: x\n---\n\x00\x01")
        lines, code = run_import(self.work)

        self.assertEqual(code, 1)
        self.assertEqual(lines[-1], "imported 1, updated 0, unchanged 0, failed 5, warnings 0")
        self.assertEqual(list(PressReleasePage.objects.values_list("title", flat=True)), ["Bon"])
        self.assertFalse(ImportRecord.objects.exclude(source="a-bon.md").exists())
        text = "\n".join(lines)
        self.assertIn("b-yaml.md, ligne 4 : en-tête invalide", text)
        self.assertIn(
            "c-date.md, ligne 3 : « 2019-13-45 25:00 » n’est pas une date (attendu par exemple "
            "2018-01-15 23:00:00 +01:00).",
            text,
        )
        self.assertIn("d-latin1.md n’est pas du texte UTF-8 (octet 0xc9 à la ligne 2).", text)
        self.assertIn("e-ouvert.md : l’en-tête ouvert à la ligne 1 n’est jamais fermé", text)
        self.assertIn("f-binaire.md n’est pas un fichier texte (caractère NUL à la ligne 4).", text)

    def test_a_failure_after_media_were_created_leaves_nothing(self):
        self.write(
            "cp.md",
            "---\ntitle: CP\nchapeau-text: C\ncontact-presse: {name: Presse}\n"
            "une-ou-diaporama:\n- image: /uploads/EIG3-candidature-ok.png\n"
            "  alternative-textuelle: Affiche\n---\n\nTexte.\n",
        )
        # The press contact comes after the hero image: make it fail then.
        with mock.patch.object(
            PressReleaseAdapter, "press_contact", side_effect=RuntimeError("panne")
        ):
            lines, code = run_import(self.work, "--media-root", self.media_root)
        self.assertEqual(code, 1)
        self.assertIn("    cp.md : erreur inattendue (panne).", lines)
        self.assertFalse(get_image_model().objects.exists())
        self.assertFalse(PressReleasePage.objects.exists())

        lines, code = run_import(self.work, "--media-root", self.media_root)
        self.assertEqual(code, 0)
        image = PressReleasePage.objects.get().hero_images.get().image
        self.assertTrue(image.file.storage.exists(image.file.name))

    def test_what_a_failed_file_created_is_not_reused(self):
        contact = "contact-presse: {name: Presse, email: presse@example.gouv.fr}\n"
        header = f"chapeau-text: C\ndate: 2019-01-14\n{contact}"
        self.write("a.md", f"---\ntitle: A\n{header}---\n\nTexte.\n")
        self.write("b.md", f"---\ntitle: B\n{header}---\n\nTexte.\n")
        original = MarkdownImporter.should_publish
        calls = []

        def fail_first(importer, page, source):
            calls.append(source.key)
            if len(calls) == 1:
                raise RuntimeError("panne")
            return original(importer, page, source)

        with mock.patch.object(MarkdownImporter, "should_publish", fail_first):
            lines, code = run_import(self.work)
        self.assertEqual(lines[-1], "imported 1, updated 0, unchanged 0, failed 1, warnings 0")
        page = PressReleasePage.objects.get()
        self.assertTrue(page.live)
        self.assertEqual(page.press_contact.name, "Presse")

    def test_parent_must_accept_imported_pages(self):
        parent = PressReleasePage(title="Pas un index", chapeau="x")
        self.index.add_child(instance=parent)
        with self.assertRaisesMessage(CommandError, "Aucune page importée ne peut être créée"):
            run_import(self.work, "--parent", parent.pk)
        with self.assertRaisesMessage(CommandError, "Aucune page « /nulle-part/ »"):
            run_import(self.work, "--parent", "/nulle-part/")

    def test_parent_by_id_or_path(self):
        self.write("page.md", "# Mentions légales\n\nTexte.\n")
        run_import(self.work / "page.md", "--parent", self.home.pk)
        self.assertEqual(ContentPage.objects.get(slug="page").get_parent().pk, self.home.pk)
        self.write("autre.md", "# Accessibilité\n\nTexte.\n")
        run_import(self.work / "autre.md", "--parent", "/page/")
        self.assertEqual(ContentPage.objects.get(title="Accessibilité").get_parent().slug, "page")

    def test_missing_path_is_a_failure(self):
        lines, code = run_import(self.work / "nulle-part")
        self.assertEqual(code, 1)
        self.assertIn("nulle-part : fichier ou dossier introuvable.", "\n".join(lines))


class FrontMatterTests(ImportTestCase):
    def import_one(self, text, name="2019-03-01-cp.md", *args):
        self.write(name, text)
        lines, code = run_import(self.work / name, *args)
        self.assertEqual(code, 0, lines)
        return PressReleasePage.objects.get(), lines

    def test_messy_keys_and_values_are_mapped_as_an_editor_expects(self):
        page, lines = self.import_one(
            "---\n"
            "Title: [Un titre, en deux parties]\n"
            "DATE: 2019-03-01\n"
            "Chapeau_Text: 'Un **chapeau** en gras'\n"
            "TAGS: datascience, Design ,  \n"
            "categories: Communiqué de presse\n"
            "auteur: Etalab\n"
            "file: /uploads/CP_EIG3_Appel_a_candidatures.pdf\n"
            "contact-presse:\n  name: Service presse\n  tel: [01 23 45 67 89, 06 12 34 56 78]\n"
            "  email: presse@example.gouv.fr\n"
            "empty:\n"
            "redirect_from: /ancien/\n"
            "---\n\nTexte.\n",
            "2019-03-01-cp.md",
            "--media-root",
            str(self.media_root),
        )
        self.assertEqual(page.title, "Un titre, en deux parties")
        self.assertEqual(page.date, dt.datetime(2019, 3, 1, tzinfo=PARIS))
        self.assertEqual(page.chapeau, "Un chapeau en gras")
        self.assertEqual(set(page.tags.names()), {"datascience", "Design"})
        self.assertEqual([c.name for c in page.categories.all()], ["Communiqué de presse"])
        self.assertEqual(page.author, "Etalab")
        self.assertEqual(page.attachments.get().document.title, "CP_EIG3_Appel_a_candidatures")
        contact = page.press_contact
        self.assertEqual(
            (contact.name, contact.email, contact.phone_numbers),
            ("Service presse", "presse@example.gouv.fr", ["01 23 45 67 89", "06 12 34 56 78"]),
        )
        # Unknown keys are kept on the page and reported; empty ones too.
        self.assertEqual(
            page.import_metadata["unknown"], {"empty": None, "redirect_from": "/ancien/"}
        )
        text = "\n".join(lines)
        self.assertIn("ligne 14 : Clé d’en-tête inconnue « redirect_from »", text)
        self.assertIn("Mise en forme retirée du chapeau", text)

    def test_unpublished_and_future_files(self):
        self.import_one("---\ntitle: Brouillon\npublished: false\n---\n\nTexte.\n", "a.md")
        self.assertFalse(PressReleasePage.objects.get(title="Brouillon").live)
        PressReleasePage.objects.all().delete()

        future = timezone.localtime() + dt.timedelta(days=3)
        page, _lines = self.import_one(
            f"---\ntitle: Sous embargo\ndate: {future:%Y-%m-%d %H:%M:%S %z}\n---\n\nTexte.\n",
            "b.md",
        )
        self.assertFalse(page.live)
        self.assertEqual(page.go_live_at.replace(microsecond=0), future.replace(microsecond=0))
        self.assertTrue(page.revisions.filter(approved_go_live_at__isnull=False).exists())

    def test_draft_option_imports_unpublished(self):
        self.write("cp.md", "---\ntitle: CP\nchapeau-text: C\n---\n\nTexte.\n")
        run_import(self.work, "--draft")
        self.assertFalse(PressReleasePage.objects.get().live)

    def test_dry_run_writes_nothing(self):
        lines, code = run_import(SEEDS / "actualites", "--dry-run", "--media-root", self.media_root)
        self.assertEqual(code, 0)
        self.assertTrue(lines[-1].startswith("imported 3, updated 0"))
        self.assertFalse(PressReleasePage.objects.exists())
        self.assertFalse(ImportRecord.objects.exists())
        self.assertFalse(get_image_model().objects.exists())

    def test_kramdown_attribute_lists_and_html(self):
        # The video provider's answer, as Wagtail's embed finder would have stored it.
        Embed.objects.create(
            hash=get_embed_hash("https://www.youtube.com/embed/abc"),
            url="https://www.youtube.com/embed/abc",
            type="video",
            html='<iframe src="https://www.youtube.com/embed/abc"></iframe>',
        )
        page, lines = self.import_one(
            "---\ntitle: Blocs\nchapeau-text: C\ndate: 2019-03-01\n---\n\n"
            "Centré\n{: .text-center}\n\n"
            '<iframe src="https://www.youtube.com/embed/abc" title="La vidéo"></iframe>\n\n'
            '<figure><img src="/uploads/EIG3-candidature-ok.png" alt="Affiche">'
            "<figcaption>L’affiche</figcaption></figure>\n\n"
            "<script>alert(1)</script>\n\n"
            "> Juste une citation\n\n"
            "* **13** défis\n* **28** talents\n{: .chiffres-cles}\n\n"
            "| A | B |\n|---|---|\n| 1 | 2 |\n\n"
            "> ### Encadré\n> Texte\n{: .encadre .exergue}\n",
            "blocs.md",
            "--media-root",
            str(self.media_root),
        )
        kinds = [kind for kind, _ in body(page)]
        self.assertEqual(
            kinds,
            ["paragraph", "embed", "image", "html", "quote", "key_figures", "table", "callout"],
        )
        values = [value for _, value in body(page)]
        self.assertEqual(values[0], "<p>Centré</p>")
        self.assertEqual(values[1]["video"], "https://www.youtube.com/embed/abc")
        self.assertEqual(values[1]["title"], "La vidéo")
        self.assertEqual(values[2]["image"]["alt_text"], "Affiche")
        self.assertEqual(values[2]["caption"], "L’affiche")
        self.assertEqual(values[4]["text"], "Juste une citation")
        self.assertEqual(
            values[5]["figures"],
            [{"figure": "13", "label": "défis"}, {"figure": "28", "label": "talents"}],
        )
        self.assertEqual(values[6]["data"], [["A", "B"], ["1", "2"]])
        self.assertEqual(values[7]["style"], "highlight")
        self.assertEqual(
            page.import_metadata["kept"]["kramdown"][0]["attributes"], "{: .text-center}"
        )
        # Kept HTML never runs on the site.
        self.assertTrue(page.live, lines)
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert(1)</script>", response.content.decode())
        self.assertNotIn("alert(1)", response.content.decode())

    def test_accents_are_composed(self):
        decomposed = "Donne\u0301es ouvertes"  # "e" then a combining acute accent
        page, _lines = self.import_one(
            f"---\ntitle: {decomposed}\nchapeau-text: {decomposed}\n---\n\n{decomposed}.\n"
        )
        self.assertEqual(page.title, "Données ouvertes")
        self.assertEqual(page.chapeau, "Données ouvertes")
        self.assertEqual(body(page)[0][1], "<p>Données ouvertes.</p>")

    def test_headings_fit_the_outline_under_the_title_without_skipping_a_level(self):
        page, _lines = self.import_one(
            "---\ntitle: Plan\nchapeau-text: C\n---\n\n"
            "## Contexte\n\n#### Un détail\n\n### Une sous-partie\n\n"
            "> ### Encadré\n> Texte\n{: .encadre}\n\n"
            "#### Après l’encadré\n\n##### Plus bas\n\n###### Tout en bas\n\n"
            "###### Encore\n\n# Conclusion\n",
        )
        headings = [
            (value["text"], value["level"]) for kind, value in body(page) if kind == "heading"
        ]
        self.assertEqual(
            headings,
            [
                ("Contexte", "h2"),
                ("Un détail", "h3"),
                ("Une sous-partie", "h3"),
                # The box's title is a level 2: what follows is no longer under "Contexte".
                ("Après l’encadré", "h2"),
                ("Plus bas", "h3"),
                ("Tout en bas", "h4"),
                ("Encore", "h4"),
                ("Conclusion", "h2"),
            ],
        )
        response = self.client.get(page.url)
        levels = [
            int(tag.name[1])
            for tag in WagtailTestUtils.get_soup(response.content).select(
                "main h1, main h2, main h3, main h4"
            )
        ]
        self.assertEqual(levels, [1, 2, 3, 3, 2, 2, 3, 4, 4, 2])


class RoundTripTests(ImportTestCase):
    def export(self, directory):
        call_command("export_markdown", str(directory), stdout=io.StringIO())
        return {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }

    def empty_database(self):
        for page in PressReleasePage.objects.all():
            page.delete()
        ImportRecord.objects.all().delete()
        get_image_model().objects.all().delete()
        get_document_model().objects.all().delete()

    def test_export_imports_back_to_identical_files(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        first = self.export(self.work / "export-1")
        self.assertEqual(
            sorted(name for name in first if name.endswith(".md")),
            [
                "2018-01-15-deuxieme-promotion-eig.md",
                "2018-09-09-appel-candidatures-eig3.md",
                "communique-accueil-3e-promotion.md",
            ],
        )
        self.assertEqual(len([name for name in first if name.startswith("uploads/")]), 7)

        self.empty_database()
        lines, code = run_import(self.work / "export-1", "--media-root", self.work / "export-1")
        self.assertEqual(code, 0, lines)
        second = self.export(self.work / "export-2")
        self.assertEqual(first.keys(), second.keys())
        for name in first:
            self.assertEqual(
                first[name].decode(errors="replace"), second[name].decode(errors="replace"), name
            )

    def test_export_keeps_the_kramdown_conventions(self):
        run_import(SEEDS / "actualites", "--media-root", self.media_root)
        files = self.export(self.work / "export")
        text = files["2018-09-09-appel-candidatures-eig3.md"].decode()
        self.assertTrue(text.startswith("---\ntitle: L’État recrute 32 talents"))
        self.assertIn("\ndate: 2018-09-09 11:18:00 +02:00\n", text)
        self.assertIn(
            "> [Consulter l’appel à candidature](https://entrepreneur-interet-general.etalab.gouv.fr/"
            'presentation.html){: target="_blank"}\n{: .lien-important}',
            text,
        )
        self.assertIn("{: .citation}\n\n> Mounir Mahjoubi, secrétaire d’État", text)
        self.assertIn("\\*\\*contrat à durée déterminée \\*\\*", text)
        self.assertIn("  - file: /uploads/cp_eig3_appel_a_candidatures.pdf\n", text)
        first = files["2018-01-15-deuxieme-promotion-eig.md"].decode()
        self.assertIn(
            "> ### Le programme Entrepreneur.e d’intérêt général en bref\n>\n> * 13 défis", first
        )
        self.assertIn("{: .encadre}", first)
        self.assertTrue(
            first.endswith(
                "*Des photos et contacts pour témoignages peuvent être transmis sur demande.*\n"
            )
        )
