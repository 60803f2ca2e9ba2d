"""Revisions, comparison and rollback work for every page type, through the admin views."""

from django.urls import reverse
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.blocks.base import BlockField
from wagtail.models import get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import ContentPage, HomePage
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
