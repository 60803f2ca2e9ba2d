"""Rules of the press release model that hold whatever creates the page."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import (
    NewsCategory,
    NewsIndexPage,
    PressReleaseAttachment,
    PressReleasePage,
    phone_validator,
    validate_link,
)
from tests.factories.media import DocumentFactory
from tests.factories.news import (
    NewsCategoryFactory,
    PressContactFactory,
    PressReleasePageFactory,
)
from tests.utils import setup_site


class LinkValidationTests(TestCase):
    def test_accepts_absolute_addresses_and_site_paths(self):
        for value in ("https://www.etalab.gouv.fr/", "http://example.org/a.pdf", "/uploads/cp.pdf"):
            validate_link(value)

    def test_refuses_other_schemes_and_relative_paths(self):
        for value in (
            "javascript:alert(1)",
            "ftp://example.org/",
            "uploads/cp.pdf",
            "//evil.example",
        ):
            with self.subTest(value=value), self.assertRaises(ValidationError) as caught:
                validate_link(value)
            self.assertIn("https://", caught.exception.messages[0])

    def test_phone_numbers(self):
        for value in ("01 23 45 67 89", "+33 1 23 45 67 89", "01.23.45.67.89"):
            phone_validator(value)
        for value in ("appelez-nous", "12", "01 23 45 67 89 <script>"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                phone_validator(value)


class AttachmentTests(TestCase):
    def test_needs_a_document_or_an_address(self):
        with self.assertRaises(ValidationError) as caught:
            PressReleaseAttachment(label="CP").clean()
        self.assertEqual(
            caught.exception.message_dict["document"],
            ["Choisissez un document ou saisissez une adresse."],
        )

    def test_refuses_both(self):
        attachment = PressReleaseAttachment(document=DocumentFactory(), url="/uploads/cp.pdf")
        with self.assertRaises(ValidationError) as caught:
            attachment.clean()
        self.assertIn("pas les deux", caught.exception.message_dict["url"][0])

    def test_document_gives_url_format_size_and_default_label(self):
        document = DocumentFactory(title="Communiqué EIG 3")
        attachment = PressReleaseAttachment(document=document)
        self.assertEqual(attachment.href, document.url)
        self.assertEqual(attachment.display_label, "Communiqué EIG 3")
        self.assertEqual(attachment.file_extension, "pdf")
        self.assertEqual(attachment.file_size, document.get_file_size())

    def test_address_gives_format_from_its_path_and_no_size(self):
        attachment = PressReleaseAttachment(url="/uploads/CP_EIG_16012018.PDF?v=2")
        self.assertEqual(attachment.href, "/uploads/CP_EIG_16012018.PDF?v=2")
        self.assertEqual(attachment.display_label, "CP_EIG_16012018.PDF")
        self.assertEqual(attachment.file_extension, "pdf")
        self.assertIsNone(attachment.file_size)


class CategoryTests(TestCase):
    def test_slug_is_made_from_the_name(self):
        category = NewsCategory.objects.create(name="Communiqué de presse")
        self.assertEqual(category.slug, "communique-de-presse")

    def test_given_slug_is_kept(self):
        category = NewsCategory.objects.create(name="Communiqué de presse", slug="cp")
        self.assertEqual(category.slug, "cp")


class PressReleaseTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()

    def test_effective_press_contact_falls_back_to_the_category_default(self):
        default = PressContactFactory(name="Presse DINUM")
        own = PressContactFactory(name="Presse Etalab")
        category = NewsCategoryFactory(name="Communiqué de presse", default_press_contact=default)
        release = PressReleasePageFactory(parent=self.index)
        self.assertIsNone(release.effective_press_contact)

        release.categories.add(category)
        release.save()
        release = PressReleasePage.objects.get(pk=release.pk)
        self.assertEqual(release.effective_press_contact, default)

        release.press_contact = own
        release.save()
        release = PressReleasePage.objects.get(pk=release.pk)
        self.assertEqual(release.effective_press_contact, own)

    def test_published_lists_live_public_releases_newest_first(self):
        now = timezone.now()
        old = PressReleasePageFactory(parent=self.index, date=now - timedelta(days=30))
        new = PressReleasePageFactory(parent=self.index, date=now)
        draft = PressReleasePageFactory(parent=self.index, date=now, live=False)
        private = PressReleasePageFactory(parent=self.index, date=now)
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

        self.assertEqual(list(self.index.press_releases()), [new, old])
        self.assertNotIn(draft, self.index.press_releases())

    def test_filters_by_tag_and_category(self):
        category = NewsCategoryFactory(name="Communiqué de presse")
        tagged = PressReleasePageFactory(parent=self.index)
        tagged.tags.add("datascience")
        tagged.save()
        in_category = PressReleasePageFactory(parent=self.index)
        in_category.categories.add(category)
        in_category.save()

        self.assertEqual(list(self.index.press_releases(tag="datascience")), [tagged])
        self.assertEqual(
            list(self.index.press_releases(category="communique-de-presse")), [in_category]
        )

    def test_placement_rules(self):
        self.assertEqual(PressReleasePage.allowed_parent_page_models(), [NewsIndexPage])
        self.assertEqual(PressReleasePage.allowed_subpage_models(), [])
        self.assertEqual(NewsIndexPage.allowed_subpage_models(), [PressReleasePage])
