"""Scheduled publication and expiry of the host site's own page type, by the plugin's scheduler
(``manage.py run_scheduler``: no cron), and scheduling in the admin."""

import datetime as dt
from io import StringIO

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.host_site.factories import ArticlePageFactory, home_page, scheduled_article
from tests.host_site.pages.models import ArticlePage
from tests.utils import admin_form_data


def run_scheduler():
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    return out.getvalue().strip()


class SchedulingTests(TestCase):
    def test_an_article_goes_live_at_the_first_pass_after_its_time(self):
        go_live = timezone.now() + dt.timedelta(hours=1)
        page = scheduled_article("Quetzal article", go_live_at=go_live)
        scheduled = page.get_latest_revision()

        with time_machine.travel(go_live - dt.timedelta(minutes=1)):
            self.assertEqual(run_scheduler(), "0 published, 0 expired")
        self.assertFalse(ArticlePage.objects.get(pk=page.pk).live)

        with time_machine.travel(go_live + dt.timedelta(seconds=1)):
            self.assertEqual(run_scheduler(), "1 published, 0 expired")
            self.assertEqual(run_scheduler(), "0 published, 0 expired")
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.live_revision, scheduled)
        self.assertEqual(
            PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count(), 1
        )

    def test_an_expired_article_is_gone_at_its_time_and_unpublished_by_the_scheduler(self):
        expiry = timezone.now() + dt.timedelta(hours=1)
        page = ArticlePageFactory(parent=home_page(), title="Quetzal article", expire_at=expiry)
        page.save_revision().publish()
        self.assertEqual(self.client.get(page.url).status_code, 200)

        with time_machine.travel(expiry + dt.timedelta(seconds=1)):
            # Gone at that minute, before the scheduler's pass.
            self.assertEqual(self.client.get(page.url).status_code, 404)
            self.assertNotContains(self.client.get("/api/v2/pages/"), "Quetzal")
            self.assertEqual(run_scheduler(), "0 published, 1 expired")
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertFalse(page.live)
        self.assertTrue(page.expired)

    def test_an_editor_schedules_an_article_in_the_admin(self):
        page = ArticlePageFactory(parent=home_page(), title="Quetzal article", live=False)
        editor = get_user_model().objects.create_superuser("editor", "e@example.org", "x")
        self.client.force_login(editor)
        go_live = (timezone.now() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        form = admin_form_data(
            self.client,
            edit_url,
            {
                "action-publish": "action-publish",
                "go_live_at": timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
                **nested_form_data({"body": streamfield([])}),
            },
        )

        response = self.client.post(edit_url, form, follow=True)

        self.assertEqual(response.status_code, 200)
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertFalse(page.live)
        self.assertEqual(page.scheduled_revision.approved_go_live_at, go_live)
        # The plugin's message says when, in place of Wagtail's.
        messages = [str(message) for message in response.context["messages"]]
        self.assertEqual(len(messages), 1)
        self.assertIn("is scheduled: it goes live on", messages[0])
