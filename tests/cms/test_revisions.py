"""Revisions, comparison and rollback work for every page type, through the admin views."""

from django.urls import reverse
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.blocks.base import BlockField
from wagtail.models import get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import ContentPage, HomePage, SitemapPage
from news.models import NewsIndexPage
from tests.factories.news import PressReleasePageFactory
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import admin_form_data, setup_site


def page_of_every_type():
    home = HomePage.objects.get()
    index = NewsIndexPage.objects.get()
    content = home.add_child(instance=ContentPage(title="Mentions légales", slug="mentions"))
    programme = ProgrammePageFactory(parent=home)
    promotion = PromotionPageFactory(parent=programme)
    return [
        home,
        content,
        SitemapPage.objects.get(),  # made by setup_site
        index,
        PressReleasePageFactory(parent=index),
        programme,
        promotion,
        ChallengePageFactory(parent=promotion),
        CallPageFactory(parent=programme, promotion=promotion),
    ]


class RevisionTests(WagtailPageTestCase):
    def setUp(self):
        setup_site()
        self.login()

    def empty_streams(self, url):
        """Stream fields are drawn by JavaScript: post them empty, as the browser would."""
        form = self.client.get(url).context["form"]
        assert isinstance(form, WagtailAdminPageForm)
        names = [name for name, field in form.fields.items() if isinstance(field, BlockField)]
        return nested_form_data({name: streamfield([]) for name in names})

    def test_compare_and_roll_back_each_page_type(self):
        pages = page_of_every_type()
        self.assertEqual(
            {type(page) for page in pages},
            {m for m in get_page_models() if m._meta.app_label in ("cms", "news", "programme")},
        )
        for page in pages:
            with self.subTest(type=type(page).__name__):
                page = page.specific_class.objects.get(pk=page.pk)
                page.title = "Version A"
                first = page.save_revision()
                first.publish()
                page.refresh_from_db()
                page.title = "Version B"
                page.save_revision().publish()
                page.refresh_from_db()
                second = page.latest_revision

                history = self.client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
                self.assertEqual(history.status_code, 200)
                compare = self.client.get(
                    reverse(
                        "wagtailadmin_pages:revisions_compare",
                        args=(page.pk, first.pk, second.pk),
                    )
                )
                self.assertContains(
                    compare, '<span class="deletion">A</span><span class="addition">B</span>'
                )
                view = self.client.get(
                    reverse("wagtailadmin_pages:revisions_view", args=(page.pk, first.pk))
                )
                self.assertEqual(view.status_code, 200)

                revert_url = reverse(
                    "wagtailadmin_pages:revisions_revert", args=(page.pk, first.pk)
                )
                data = admin_form_data(
                    self.client,
                    revert_url,
                    {"action-publish": "action-publish", **self.empty_streams(revert_url)},
                )
                self.assertEqual(data["title"], "Version A")
                revisions = page.revisions.count()
                response = self.client.post(
                    reverse("wagtailadmin_pages:edit", args=(page.pk,)), data
                )
                if response.status_code != 302:
                    self.fail(response.context["form"].errors)
                page.refresh_from_db()
                self.assertEqual(page.title, "Version A")
                self.assertEqual(page.revisions.count(), revisions + 1)
                self.assertEqual(page.live_revision, page.latest_revision)


class AutosaveHistoryTests(WagtailPageTestCase):
    """Wagtail 8 autosaves the editor's form; the page's history shows what changed.

    The first autosave of each editing session made a revision and an "Edited" history entry
    even when nothing had changed: a release's history filled with edits whose comparison
    said "no differences".
    """

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.release = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="Avant")
        cls.release.save_revision().publish()
        cls.edit_url = reverse("wagtailadmin_pages:edit", args=(cls.release.pk,))
        cls.history_url = reverse("wagtailadmin_pages:history", args=(cls.release.pk,))

    def setUp(self):
        self.user = self.login()

    def autosave(self, overwrite_revision_id=None, **fields):
        """What the editor's page posts in the background, a session's first or next save."""
        data = admin_form_data(
            self.client,
            self.edit_url,
            {**nested_form_data({"body": streamfield([])}), "media_on_request": "on", **fields},
        )
        if overwrite_revision_id:
            data["overwrite_revision_id"] = str(overwrite_revision_id)
        response = self.client.post(self.edit_url, data, HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        self.assertTrue(answer["success"], answer)
        return answer["revision_id"]

    def history(self):
        """The history view's entries, newest first, as (action, revision id)."""
        response = self.client.get(self.history_url)
        self.assertEqual(response.status_code, 200)
        return [(entry.action, entry.revision_id) for entry in response.context["object_list"]]

    def test_an_editing_session_that_changes_nothing_adds_no_revision_nor_entry(self):
        latest = self.autosave(title="Après")
        revisions, history = self.release.revisions.count(), self.history()
        for _session in range(3):  # the editor opens the page three times
            self.assertEqual(self.autosave(title="Après"), latest)
        self.assertEqual(self.release.revisions.count(), revisions)
        self.assertEqual(self.history(), history)

    def test_a_change_is_one_entry_however_many_autosaves(self):
        history = self.history()
        revision = self.autosave(title="Après")
        self.assertEqual(
            self.autosave(overwrite_revision_id=revision, title="Après tout"), revision
        )
        self.assertEqual(self.history(), [("wagtail.edit", revision), *history])
        # Opening the page again without changing it adds nothing.
        self.autosave(title="Après tout")
        self.assertEqual(self.history(), [("wagtail.edit", revision), *history])
        self.release.refresh_from_db()
        self.assertEqual(self.release.get_latest_revision_as_object().title, "Après tout")

    def test_another_editor_saving_the_same_content_adds_nothing_then_her_change_is_hers(self):
        revision = self.autosave(title="Après")
        other = self.create_superuser("relecteur", password="y" * 20)  # noqa: S106
        self.client.force_login(other)
        self.assertEqual(self.autosave(title="Après"), revision)
        # Her next autosave, which names the revision she was given, makes one of her own.
        mine = self.autosave(overwrite_revision_id=revision, title="Après relecture")
        self.assertNotEqual(mine, revision)
        self.assertEqual(self.release.revisions.get(pk=mine).user, other)
        self.assertEqual(self.release.revisions.get(pk=revision).user, self.user)
