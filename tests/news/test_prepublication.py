"""Pre-publication checks: what blocks publishing, in French, through the real admin views.

A draft may hold anything; publishing (or submitting for validation) is refused while a
placeholder is left, a link has no label, or an internal link points at an unpublished page.
"""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsIndexPage, PressReleasePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import admin_form_data, form_errors, setup_site


def body(*paragraphs):
    return nested_form_data(
        {"body": streamfield([("paragraph", rich_text(html)) for html in paragraphs])}
    )


class PrePublicationCheckTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.add_url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", cls.index.pk)
        )

    def setUp(self):
        self.login()

    def post(self, action="action-publish", **fields):
        data = {
            "title": "Appel à candidatures EIG 3",
            "slug": "appel-eig-3",
            "date": "09/09/2018 11:18",
            "chapeau": "Un nouvel appel à candidatures est lancé.",
            **nested_form_data(
                {
                    "hero_images": inline_formset([]),
                    "attachments": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        }
        data.update(fields)
        if action:
            data[action] = action
        return self.client.post(self.add_url, admin_form_data(self.client, self.add_url, data))

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        errors = " ".join(form_errors(response))
        self.assertIn(message, errors)
        self.assertFalse(PressReleasePage.objects.live().exists())

    def test_a_complete_release_is_published(self):
        response = self.post(**body("<p>Candidatez sur le site.</p>"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PressReleasePage.objects.get().live)

    def test_placeholder_in_the_chapeau_blocks_publishing(self):
        response = self.post(chapeau="Candidatez ici : [AJOUTER LIEN].")
        self.assert_refused(
            response,
            "Chapeau contient encore le texte provisoire « [AJOUTER LIEN] » : remplacez-le "
            "avant de publier.",
        )

    def test_placeholder_in_the_body_blocks_publishing(self):
        response = self.post(
            **body("<p>Déposez votre dossier sur [AJOUTER LIEN DEMARCHES SIMPLIFIEES].</p>")
        )
        self.assert_refused(response, "[AJOUTER LIEN DEMARCHES SIMPLIFIEES]")

    def test_a_draft_may_keep_its_placeholders(self):
        response = self.post(action=None, chapeau="Candidatez ici : [AJOUTER LIEN].")
        self.assertEqual(response.status_code, 302)
        page = PressReleasePage.objects.get()
        self.assertFalse(page.live)
        self.assertIn("[AJOUTER LIEN]", page.get_latest_revision_as_object().chapeau)

    def test_placeholder_blocks_submitting_for_validation_too(self):
        response = self.post(action="action-submit", chapeau="Voir [À COMPLÉTER].")
        self.assert_refused(response, "[À COMPLÉTER]")
        self.assertFalse(PressReleasePage.objects.exists())

    def test_square_brackets_that_are_not_placeholders_are_fine(self):
        response = self.post(chapeau="Les défis [2018] sont en ligne.")
        self.assertEqual(response.status_code, 302)

    def test_attachment_address_without_label_blocks_publishing(self):
        attachments = nested_form_data(
            {
                "attachments": inline_formset(
                    [{"document": "", "url": "https://www.etalab.gouv.fr/dossier.pdf", "label": ""}]
                )
            }
        )
        response = self.post(**attachments)
        self.assert_refused(response, "Donnez un libellé à ce lien")

    def test_link_to_an_unpublished_page_blocks_publishing_until_it_is_published(self):
        draft = PressReleasePageFactory(parent=self.index, title="Le bilan de la promotion")
        draft.unpublish()
        draft = Page.objects.get(pk=draft.pk)
        self.assertFalse(draft.live)
        link = f'<p>Lire <a linktype="page" id="{draft.pk}">le bilan</a>.</p>'

        response = self.post(**body(link))
        self.assert_refused(response, "« Le bilan de la promotion »")

        draft.specific.save_revision().publish()
        response = self.post(**body(link))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PressReleasePage.objects.get(slug="appel-eig-3").live)

    def test_a_heading_that_skips_a_level_blocks_publishing(self):
        headings = [
            ("heading", {"text": "Le programme", "level": "h2"}),
            ("heading", {"text": "Les défis", "level": "h4"}),
        ]
        response = self.post(**nested_form_data({"body": streamfield(headings)}))
        self.assert_refused(
            response,
            "Un titre de niveau 4 ne peut pas suivre un titre de niveau 2 : choisissez au plus "
            "le niveau 3, pour ne sauter aucun niveau.",
        )

    def test_the_first_heading_of_the_body_is_a_level_2(self):
        headings = [("paragraph", rich_text("<p>Intro.</p>"))]
        headings.append(("heading", {"text": "Les défis", "level": "h3"}))
        response = self.post(**nested_form_data({"body": streamfield(headings)}))
        self.assert_refused(
            response,
            "Un titre de niveau 3 ne peut pas être le premier titre du texte : le titre de la "
            "page est le niveau 1.",
        )

    def test_a_box_title_counts_as_a_level_2_heading(self):
        blocks = [
            (
                "callout",
                {"title": "En bref", "text": rich_text("<p>13 défis</p>"), "style": "callout"},
            ),
            ("heading", {"text": "Les défis", "level": "h3"}),
            ("heading", {"text": "Le premier", "level": "h4"}),
        ]
        response = self.post(**nested_form_data({"body": streamfield(blocks)}))
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertTrue(PressReleasePage.objects.get().live)

    def test_a_draft_may_skip_heading_levels(self):
        headings = [("heading", {"text": "Les défis", "level": "h4"})]
        response = self.post(action=None, **nested_form_data({"body": streamfield(headings)}))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(PressReleasePage.objects.get().live)
