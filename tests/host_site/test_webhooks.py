"""Webhooks at go-live: an endpoint added in the admin receives the publication of a scheduled
article, sent by the real worker of the default task backend to a real HTTP receiver."""

import datetime as dt
import json
from io import StringIO

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.publishing.webhooks.signing import new_secret
from tests.host_site.factories import scheduled_article
from tests.host_site.pages.models import ArticlePage
from tests.host_site.receiver import Receiver

SECRET = new_secret()


class WebhookTests(TransactionTestCase):
    # Real commits (deliveries are queued on commit); the page tree kept.
    serialized_rollback = True

    def add_endpoint(self, url):
        """As an administrator does, in Settings → Webhooks."""
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
        self.client.force_login(admin)
        response = self.client.post(
            reverse("wagtailsnippets_publishing_webhookendpoint:add"),
            {
                "name": "Partner site",
                "url": url,
                "secret": SECRET,
                "on_published": "on",
                "on_updated": "on",
                "on_unpublished": "on",
                "on_deleted": "on",
                "is_active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        return WebhookEndpoint.objects.get()

    def test_a_scheduled_article_is_announced_when_it_goes_live(self):
        with Receiver() as receiver:
            endpoint = self.add_endpoint(receiver.url)
            page = scheduled_article("Quetzal article")
            self.assertFalse(WebhookDelivery.objects.exists())  # scheduled is not published

            with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
                call_command("run_scheduler", "--once", stdout=StringIO())
                delivery = WebhookDelivery.objects.get()
                self.assertEqual((delivery.status, delivery.event), ("pending", "published"))
                self.assertEqual(receiver.requests, [])  # sent by the worker, not the scheduler
                # The worker of the default backend and queue, as `manage.py db_worker` runs.
                call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
                # What a receiver does with a Standard Webhooks library and the secret.
                headers, body = receiver.requests[0]
                Webhook(SECRET).verify(body, {k.lower(): v for k, v in headers.items()})

        self.assertEqual(len(receiver.requests), 1)
        headers, body = receiver.requests[0]
        self.assertEqual(headers["Content-Type"], "application/json")
        page = ArticlePage.objects.get(pk=page.pk)
        data = json.loads(body)
        self.assertEqual(data["event"], "published")
        self.assertEqual(
            data["page"],
            {
                "id": page.pk,
                "type": "host_pages.ArticlePage",
                "title": "Quetzal article",
                "url": page.get_full_url(),
                "api_url": f"{page.get_site().root_url}/api/v2/pages/{page.pk}/",
            },
        )
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.endpoint, delivery.status), (endpoint, "delivered"))
        self.assertEqual(delivery.attempts.get().status_code, 200)
