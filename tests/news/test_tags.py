"""Tags that differ only in case are one tag: typed in the admin, and merged in the data that
predates it (migration news.0005)."""

from importlib import import_module

from django.apps import apps
from django.urls import reverse
from taggit.models import Tag, TaggedItem
from wagtail.models import Revision
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from news.models import NewsIndexPage, PressReleasePage, PressReleaseTag
from programme.models import ChallengeTheme
from tests.factories.media import ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.factories.programme import (
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import admin_form_data, form_errors, setup_site

merge_tags_differing_in_case = import_module(
    "news.migrations.0005_merge_tags_differing_in_case"
).merge_tags_differing_in_case


class AdminTagCaseTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.first = PressReleasePageFactory(parent=cls.index, title="Premier", chapeau="Un.")
        cls.first.tags.add("Données ouvertes", "Écologie")
        cls.first.save_revision().publish()
        cls.second = PressReleasePageFactory(parent=cls.index, title="Second", chapeau="Deux.")

    def setUp(self):
        self.login()

    def publish_second_with_tags(self, tags):
        url = reverse("wagtailadmin_pages:edit", args=[self.second.pk])
        data = {
            "tags": tags,
            "action-publish": "publish",
            **nested_form_data({"body": streamfield([])}),
        }
        form = admin_form_data(self.client, url, data)
        response = self.client.post(url, form)
        self.assertEqual(response.status_code, 302, form_errors(response))
        return PressReleasePage.objects.get(pk=self.second.pk)

    def test_a_tag_typed_in_another_case_is_the_existing_tag(self):
        existing = Tag.objects.get(name="Données ouvertes")
        second = self.publish_second_with_tags('"données ouvertes", "DONNÉES OUVERTES"')

        self.assertEqual(list(second.tags.all()), [existing])
        self.assertFalse(Tag.objects.exclude(pk=existing.pk).filter(slug__startswith="donn"))
        # Both releases are under the one tag in the news index and its feed.
        response = self.client.get(self.index.url, {"tag": existing.slug})
        self.assertContains(response, "Premier")
        self.assertContains(response, "Second")
        feed = self.client.get(self.index.url + "flux/rss/", {"tag": existing.slug})
        self.assertContains(feed, "Second")

    def test_code_adding_a_tag_in_another_case_reuses_it(self):
        self.second.tags.add("données ouvertes")
        self.second.save()
        self.assertEqual(list(self.second.tags.all()), [Tag.objects.get(name="Données ouvertes")])
        self.assertEqual(Tag.objects.filter(name__iexact="données ouvertes").count(), 1)

    def test_an_accented_capital_is_the_same_tag(self):
        existing = Tag.objects.get(name="Écologie")
        second = self.publish_second_with_tags("écologie")
        self.assertEqual(list(second.tags.all()), [existing])


class MergeTagsMigrationTests(WagtailPageTestCase):
    """news.0005 on rows as the admin made them before tags were case-insensitive."""

    @classmethod
    def setUpTestData(cls):
        setup_site()
        index = NewsIndexPage.objects.get()
        # Tag.objects.create does not look for another case: the twins of the old days.
        cls.upper = Tag.objects.create(name="Données ouvertes")
        cls.lower = Tag.objects.create(name="données ouvertes")
        cls.ai = Tag.objects.create(name="IA")
        cls.ai_lower = Tag.objects.create(name="ia")
        cls.other = Tag.objects.create(name="Santé")

        def release(title, *tags):
            page = PressReleasePageFactory(parent=index, title=title, chapeau="Chapeau.")
            for tag in tags:
                PressReleaseTag.objects.create(content_object=page, tag=tag)
            page.save_revision().publish()
            return PressReleasePage.objects.get(pk=page.pk)

        cls.a = release("A", cls.upper, cls.ai)
        cls.b = release("B", cls.lower, cls.ai_lower)
        cls.c = release("C", cls.upper, cls.lower, cls.other)
        cls.d = release("D", cls.upper, cls.ai_lower)
        promotion = PromotionPageFactory(parent=ProgrammePageFactory(parent=index.get_parent()))
        cls.challenge = ChallengePageFactory(parent=promotion)
        ChallengeTheme.objects.create(content_object=cls.challenge, tag=cls.lower)
        cls.image = ImageFactory()
        cls.image.tags.add(cls.upper, cls.lower)

    def merge(self):
        merge_tags_differing_in_case(apps, schema_editor=None)

    def revision_tag_ids(self, page):
        content = Revision.objects.get(pk=page.latest_revision_id).content
        return [item["tag"] for item in content["tagged_items"]]

    def test_twins_become_one_tag_on_every_tagged_object(self):
        self.assertEqual(
            self.revision_tag_ids(self.c), [self.upper.pk, self.lower.pk, self.other.pk]
        )
        self.merge()

        # "Données ouvertes" and "données ouvertes" are used 4 times each: the oldest wins;
        # "ia" is used more than "IA".
        self.assertEqual(
            sorted(Tag.objects.values_list("name", flat=True)),
            ["Données ouvertes", "Santé", "ia"],
        )
        self.assertEqual(Tag.objects.get(name="Données ouvertes").slug, self.upper.slug)
        expected = {
            self.a: {"Données ouvertes", "ia"},
            self.b: {"Données ouvertes", "ia"},
            self.c: {"Données ouvertes", "Santé"},
            self.d: {"Données ouvertes", "ia"},
        }
        for page, names in expected.items():
            with self.subTest(page=page.title):
                page = PressReleasePage.objects.get(pk=page.pk)
                self.assertEqual({tag.name for tag in page.tags.all()}, names)
                # No object holds a tag twice.
                self.assertEqual(page.tagged_items.count(), len(names))
                revision = page.get_latest_revision_as_object()
                self.assertEqual({tag.name for tag in revision.tags.all()}, names)
        self.assertEqual(self.revision_tag_ids(self.c), [self.upper.pk, self.other.pk])
        self.assertEqual(
            list(ChallengeTheme.objects.values_list("tag_id", flat=True)), [self.upper.pk]
        )
        self.assertEqual(
            list(TaggedItem.objects.filter(object_id=self.image.pk).values_list("tag", flat=True)),
            [self.upper.pk],
        )

        # The news index filters and the edit view read the merged tags.
        response = self.client.get(NewsIndexPage.objects.get().url, {"tag": self.upper.slug})
        for title in "ABCD":
            self.assertContains(response, f">{title}<", html=False)
        self.login()
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.b.pk]))
        self.assertContains(edit, "Données ouvertes")

    def test_running_again_changes_nothing(self):
        self.merge()
        tags = list(Tag.objects.order_by("pk").values_list("pk", "name"))
        items = list(PressReleaseTag.objects.order_by("pk").values_list("pk", "tag_id"))
        self.merge()
        self.assertEqual(list(Tag.objects.order_by("pk").values_list("pk", "name")), tags)
        self.assertEqual(
            list(PressReleaseTag.objects.order_by("pk").values_list("pk", "tag_id")), items
        )
