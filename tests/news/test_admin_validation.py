"""What editors are told, in French, when a press release or a snippet is not right."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import NewsIndexPage, PressContact, PressReleasePage
from tests.factories.media import ImageFactory
from tests.factories.news import PressContactFactory, PressReleasePageFactory
from tests.utils import admin_form_data, form_errors, setup_site


class PressReleaseValidationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.add_url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", cls.index.pk)
        )

    def setUp(self):
        self.login()

    def post(self, publish=True, **fields):
        data = {
            "title": "L’État recrute 32 talents du numérique",
            "slug": "etat-recrute",
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
        if publish:
            data["action-publish"] = "action-publish"
        return self.client.post(self.add_url, admin_form_data(self.client, self.add_url, data))

    def test_attachment_without_document_or_address_is_refused(self):
        response = self.post(
            **nested_form_data(
                {"attachments": inline_formset([{"document": "", "url": "", "label": "CP"}])}
            )
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Choisissez un document ou saisissez une adresse.", form_errors(response))
        self.assertFalse(PressReleasePage.objects.exists())

    def test_attachment_address_must_be_a_web_address_or_a_path(self):
        response = self.post(
            **nested_form_data(
                {
                    "attachments": inline_formset(
                        [{"document": "", "url": "javascript:alert(1)", "label": "CP"}]
                    )
                }
            )
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Saisissez une adresse commençant par https://, http:// ou / (un chemin de ce site).",
            form_errors(response),
        )

    def test_hero_image_needs_its_alternative_text_unless_decorative(self):
        image = ImageFactory()
        hero = nested_form_data(
            {"hero_images": inline_formset([{"image": image.pk, "alt_text": "", "caption": ""}])}
        )
        response = self.post(**hero)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Décrivez l’image, ou marquez-la comme décorative si elle n’apporte rien au texte.",
            form_errors(response),
        )
        self.assertFalse(PressReleasePage.objects.exists())

        decorative = nested_form_data(
            {
                "hero_images": inline_formset(
                    [{"image": image.pk, "alt_text": "", "decorative": "on", "caption": ""}]
                )
            }
        )
        response = self.post(**decorative)
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertTrue(PressReleasePage.objects.get().hero_images.get().decorative)

    def test_draft_may_lack_its_chapeau_but_publishing_needs_it(self):
        response = self.post(publish=False, chapeau="")
        self.assertEqual(response.status_code, 302)
        page = PressReleasePage.objects.get()
        self.assertFalse(page.live)

        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        publish = {
            "action-publish": "action-publish",
            **nested_form_data({"body": streamfield([])}),
        }
        response = self.client.post(edit_url, admin_form_data(self.client, edit_url, publish))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Champ requis.", form_errors(response))
        page.refresh_from_db()
        self.assertFalse(page.live)

    def test_important_link_without_target_is_refused_in_french(self):
        body = nested_form_data(
            {
                "body": streamfield(
                    [
                        (
                            "important_link",
                            {"label": "Je candidate", "page": "", "url": "", "new_tab": "false"},
                        )
                    ]
                )
            }
        )
        response = self.post(**body)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PressReleasePage.objects.exists())
        # StreamField errors reach the block editor as JSON, block by block.
        error = response.context["form"].errors["body"].as_data()[0]
        self.assertEqual(
            error.as_json_data(),
            {
                "blockErrors": {
                    0: {
                        "blockErrors": {
                            "url": {
                                "messages": [
                                    "Choisissez une page de ce site ou saisissez une adresse "
                                    "externe."
                                ]
                            }
                        }
                    }
                }
            },
        )


class PressContactAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def test_phone_number_is_checked_in_french(self):
        data = nested_form_data(
            {
                "name": "Service de presse",
                "email": "presse@example.gouv.fr",
                "phones": inline_formset([{"number": "appelez-nous"}]),
            }
        )
        response = self.client.post(reverse("wagtailsnippets_news_presscontact:add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Saisissez un numéro de téléphone, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89.",
            form_errors(response),
        )
        self.assertFalse(PressContact.objects.exists())

    def test_contact_with_several_phone_numbers(self):
        data = nested_form_data(
            {
                "name": "Service de presse",
                "email": "presse@example.gouv.fr",
                "phones": inline_formset(
                    [{"number": "01 23 45 67 89"}, {"number": "06 12 34 56 78"}]
                ),
            }
        )
        response = self.client.post(reverse("wagtailsnippets_news_presscontact:add"), data)
        self.assertEqual(response.status_code, 302)
        contact = PressContact.objects.get()
        self.assertEqual(contact.phone_numbers, ["01 23 45 67 89", "06 12 34 56 78"])

    def test_contact_named_on_a_release_cannot_be_deleted(self):
        setup_site()
        contact = PressContactFactory()
        PressReleasePageFactory(parent=NewsIndexPage.objects.get(), press_contact=contact)
        url = reverse("wagtailsnippets_news_presscontact:delete", args=(contact.pk,))
        response = self.client.get(url)
        self.assertIn(
            "empêchent de le supprimer",
            self.get_soup(response.content).select_one("main").get_text(" ", strip=True),
        )
        self.client.post(url)
        self.assertTrue(PressContact.objects.filter(pk=contact.pk).exists())
