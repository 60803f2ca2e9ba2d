"""Pre-publication checks: what blocks publishing, in French, through the real admin views.

A draft may hold anything; publishing (or submitting for validation) is refused while a
placeholder is left, a link has no label, or an internal link points at an unpublished page.
"""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsCategory, NewsIndexPage, PressReleasePage
from tests.factories.news import (
    NewsCategoryFactory,
    PressContactFactory,
    PressReleasePageFactory,
)
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


class PressContactCheckTests(WagtailPageTestCase):
    """A communiqué (category « Communiqué de presse », which requires one) names a
    press contact, its own or its category's, before it is published or submitted."""

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.add_url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", cls.index.pk)
        )
        cls.communiques = NewsCategoryFactory(name="Communiqué de presse")
        cls.contact = PressContactFactory(name="Service de presse Etalab")

    def setUp(self):
        self.login()

    def post(self, action="action-publish", category=None, press_contact=""):
        category = category or self.communiques
        data = {
            "title": "Appel à candidatures EIG 3",
            "slug": "appel-eig-3",
            "date": "09/09/2018 11:18",
            "chapeau": "Un nouvel appel à candidatures est lancé.",
            "categories": [category.pk],
            "press_contact": press_contact,
            "media_on_request": "on",
            **nested_form_data(
                {
                    "hero_images": inline_formset([]),
                    "attachments": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        }
        if action:
            data[action] = action
        return self.client.post(self.add_url, admin_form_data(self.client, self.add_url, data))

    def test_the_site_requires_a_press_contact_for_communiques(self):
        # setup_site made the category, ticked; the factory found it by its name.
        self.assertEqual(self.communiques.slug, "communique-de-presse")
        self.assertTrue(self.communiques.requires_press_contact)

    def test_editors_decide_which_categories_require_one(self):
        other = NewsCategoryFactory(name="Dossier de presse")
        self.assertEqual(self.post(category=other).status_code, 302)
        PressReleasePage.objects.get().delete()

        url = reverse(NewsCategory.snippet_viewset.get_url_name("edit"), args=(other.pk,))
        response = self.client.post(
            url,
            {"name": other.name, "slug": other.slug, "requires_press_contact": "on"},
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        other.refresh_from_db()
        self.assertTrue(other.requires_press_contact)
        response = self.post(category=other)
        self.assertEqual(response.status_code, 200)
        self.assertIn("« Dossier de presse »", " ".join(form_errors(response)))

    def test_a_communique_without_press_contact_is_not_published_nor_submitted(self):
        for action in ("action-publish", "action-submit"):
            with self.subTest(action=action):
                response = self.post(action=action)
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    "Un communiqué de la catégorie « Communiqué de presse » doit avoir un "
                    "contact presse : choisissez-en un ici, ou donnez un contact par défaut à "
                    "la catégorie, avant de publier.",
                    " ".join(form_errors(response)),
                )
                self.assertFalse(PressReleasePage.objects.exists())

    def test_a_communique_without_press_contact_may_be_saved_as_a_draft(self):
        self.assertEqual(self.post(action=None).status_code, 302)
        self.assertFalse(PressReleasePage.objects.get().live)

    def test_its_own_contact_or_its_categorys_default_is_enough(self):
        self.assertEqual(self.post(press_contact=self.contact.pk).status_code, 302)
        self.assertTrue(PressReleasePage.objects.get().live)
        PressReleasePage.objects.get().delete()

        self.communiques.default_press_contact = self.contact
        self.communiques.save()
        self.assertEqual(self.post().status_code, 302)
        release = PressReleasePage.objects.get()
        self.assertTrue(release.live)
        self.assertEqual(release.effective_press_contact, self.contact)

    def test_other_categories_need_no_press_contact(self):
        other = NewsCategoryFactory(name="Actualité")
        self.assertEqual(self.post(category=other).status_code, 302)
        release = PressReleasePage.objects.get()
        self.assertTrue(release.live)
        # Readers see no empty "Contact presse" box, nor its "on request" note alone.
        response = self.client.get(release.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "press-release__contact")
        self.assertNotContains(response, "Contact presse")
        self.assertNotContains(response, "transmis sur demande")

    def test_a_release_with_a_contact_shows_it(self):
        self.assertEqual(self.post(press_contact=self.contact.pk).status_code, 302)
        response = self.client.get(PressReleasePage.objects.get().url)
        contact = self.get_soup(response.content).select_one(".press-release__contact")
        self.assertIn("Contact presse", contact.get_text())
        self.assertIn("Service de presse Etalab", contact.get_text())
        self.assertIn("transmis sur demande", contact.get_text())
