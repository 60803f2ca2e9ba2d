"""Webhooks, against a real HTTP receiver on this machine, delivered by the real worker."""

import base64
import datetime as dt
import http.server
import json
import threading
import time

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import SimpleTestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.publishing.webhooks.destinations import check_destination
from news.models import NewsIndexPage, PressReleasePage
from programme.models import CallPage
from tests.factories.news import PressReleasePageFactory
from tests.utils import admin_form_data, publishing_settings, setup_site

# Standard Webhooks secrets: "whsec_" then the key in base64.
SECRET = "whsec_" + base64.b64encode(b"a key for the tests, 32 bytes..!").decode()
ANOTHER_SECRET = "whsec_" + base64.b64encode(b"someone else's key, also 32 long").decode()


class Receiver:
    """An HTTP server on a free local port that records what it receives.

    ``answers`` is the list of status codes to give, in order (the last one repeats);
    ``delay`` makes it hang that many seconds before answering.
    """

    def __init__(self, answers=(200,), delay=0):
        self.answers, self.delay, self.requests = list(answers), delay, []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                time.sleep(receiver.delay)
                status = (
                    receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"merci" if status < 300 else b"erreur")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def run_worker(*args):
    call_command(
        "db_worker",
        "--backend",
        "webhooks",
        "--queue-name",
        "webhooks",
        "--batch",
        "--no-startup-delay",
        *args,
    )


class WebhookTests(TransactionTestCase):
    # Real commits (deliveries are queued on commit) and Wagtail's initial page tree kept.
    serialized_rollback = True

    def setUp(self):
        setup_site()
        self.index = NewsIndexPage.objects.get()

    def endpoint(self, url, **fields):
        return WebhookEndpoint.objects.create(
            name="Site partenaire", url=url, secret=SECRET, **fields
        )

    def release(self, **fields):
        page = PressReleasePageFactory(parent=self.index, live=False, **fields)
        return PressReleasePage.objects.get(pk=page.pk)

    def test_publishing_sends_one_signed_delivery(self):
        with Receiver() as receiver:
            self.endpoint(receiver.url)
            page = self.release(title="Une 2ème promotion")
            page.save_revision().publish()
            self.assertEqual(receiver.requests, [])  # nothing is sent while publishing
            run_worker()

        self.assertEqual(len(receiver.requests), 1)
        headers, body = receiver.requests[0]
        # What a receiver does, with the Standard Webhooks library.
        data = Webhook(SECRET).verify(body, headers)
        with self.assertRaises(WebhookVerificationError):
            Webhook(ANOTHER_SECRET).verify(body, headers)
        with self.assertRaises(WebhookVerificationError):
            Webhook(SECRET).verify(body.replace(b"published", b"deleted"), headers)
        self.assertEqual(json.loads(body), data)
        self.assertEqual(data["event"], "published")
        self.assertEqual(
            data["page"],
            {
                "id": page.pk,
                "type": "news.PressReleasePage",
                "title": "Une 2ème promotion",
                "url": "http://testserver" + page.url,
                "api_url": f"http://testserver/api/v2/pages/{page.pk}/",
            },
        )
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(headers["webhook-id"], str(delivery.pk))
        self.assertEqual(headers["X-Webhook-Event"], "published")
        self.assertNotIn("X-Webhook-Signature", headers)
        self.assertEqual((delivery.status, delivery.attempts_count), ("delivered", 1))
        attempt = delivery.attempts.get()
        self.assertEqual((attempt.status_code, attempt.response_excerpt), (200, "merci"))

    def test_a_failed_attempt_is_retried_then_succeeds(self):
        with Receiver(answers=[500, 200]) as receiver:
            self.endpoint(receiver.url)
            self.release().save_revision().publish()
            run_worker()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(delivery.status, "delivered")
        self.assertEqual(
            [(a.number, a.status_code, a.response_excerpt) for a in delivery.attempts.all()],
            [(1, 500, "erreur"), (2, 200, "merci")],
        )
        self.assertEqual(len(receiver.requests), 2)
        # The same message id on each attempt, so that receivers can drop repeats; each
        # attempt signed anew.
        self.assertEqual(
            [headers["webhook-id"] for headers, _ in receiver.requests], [str(delivery.pk)] * 2
        )
        for headers, body in receiver.requests:
            Webhook(SECRET).verify(body, headers)

    @publishing_settings(WEBHOOKS_MAX_ATTEMPTS=3)
    def test_a_dead_endpoint_is_given_up_after_the_last_attempt(self):
        self.endpoint("http://127.0.0.1:9/nobody-listens")
        self.release().save_revision().publish()
        run_worker()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts_count), ("failed", 3))
        self.assertTrue(all(attempt.error for attempt in delivery.attempts.all()))

    @publishing_settings(WEBHOOKS_MAX_ATTEMPTS=1)
    def test_a_secret_that_is_no_whsec_key_is_logged_not_sent(self):
        """Set outside the admin (which refuses it): the log says why nothing was sent."""
        with Receiver() as receiver:
            WebhookEndpoint.objects.create(name="Partenaire", url=receiver.url, secret="abc")
            self.release().save_revision().publish()
            run_worker()
        self.assertEqual(receiver.requests, [])
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(delivery.status, "failed")
        self.assertIn("whsec_", delivery.attempts.get().error)

    @publishing_settings(WEBHOOKS_TIMEOUT=(1, 1))
    def test_a_hanging_receiver_does_not_delay_publishing(self):
        with Receiver(delay=3) as receiver:
            self.endpoint(receiver.url)
            page = self.release()
            self.client.force_login(self.create_superuser())
            edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
            publish = {
                "action-publish": "action-publish",
                **nested_form_data({"body": streamfield([])}),
            }
            form = admin_form_data(self.client, edit_url, publish)
            started = time.monotonic()
            response = self.client.post(edit_url, form)
            elapsed = time.monotonic() - started
            self.assertEqual(response.status_code, 302)
            # Published, the delivery queued, the receiver not yet called.
            self.assertTrue(PressReleasePage.objects.get(pk=page.pk).live)
            self.assertEqual(receiver.requests, [])
            self.assertEqual(WebhookDelivery.objects.get().status, "pending")
            self.assertLess(elapsed, receiver.delay)
            run_worker("--max-tasks", "1")
        attempt = WebhookDelivery.objects.get().attempts.get()
        self.assertIsNone(attempt.status_code)
        self.assertIn("timed out", attempt.error)
        self.assertEqual(WebhookDelivery.objects.get().status, "pending")  # a retry is queued

    def test_a_scheduled_page_is_announced_when_it_goes_live(self):
        with Receiver() as receiver:
            self.endpoint(receiver.url)
            page = self.release(title="Sous embargo")
            page.go_live_at = timezone.now() + dt.timedelta(hours=1)
            page.save_revision().publish()  # only schedules it: Wagtail fires page_published
            self.assertFalse(PressReleasePage.objects.get(pk=page.pk).live)
            self.assertFalse(WebhookDelivery.objects.exists())

            with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
                call_command("run_scheduler", "--once")
                run_worker()
        self.assertTrue(PressReleasePage.objects.get(pk=page.pk).live)
        self.assertEqual(
            list(WebhookDelivery.objects.values_list("event", flat=True)), ["published"]
        )
        self.assertEqual(len(receiver.requests), 1)

    def test_each_event_once_and_page_type_filters(self):
        with Receiver() as receiver:
            everything = self.endpoint(receiver.url)
            calls_only = self.endpoint(receiver.url)
            calls_only.page_types.set([ContentType.objects.get_for_model(CallPage)])
            page = self.release()
            page.save_revision().publish()
            page = PressReleasePage.objects.get(pk=page.pk)
            page.title = "Titre corrigé"
            page.save_revision().publish()
            PressReleasePage.objects.get(pk=page.pk).unpublish()
            page = PressReleasePage.objects.get(pk=page.pk)
            page.save_revision().publish()
            PressReleasePage.objects.get(pk=page.pk).delete()
            run_worker()
        self.assertEqual(
            list(WebhookDelivery.objects.order_by("pk").values_list("event", "endpoint__pk")),
            [
                (event, everything.pk)
                for event in ("published", "updated", "unpublished", "published", "deleted")
            ],
        )
        self.assertEqual(len(receiver.requests), 5)

    def test_inactive_endpoints_and_unwanted_events_are_skipped(self):
        self.endpoint("http://127.0.0.1:9/", is_active=False)
        self.endpoint("http://127.0.0.1:9/", on_published=False)
        self.release().save_revision().publish()
        self.assertFalse(WebhookDelivery.objects.exists())

    def create_superuser(self):
        return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


class DestinationTests(SimpleTestCase):
    def test_production_refuses_plain_http_loopback_and_private_addresses(self):
        for url, message in [
            ("http://example.org/hook", "Utilisez une adresse https://."),
            ("https://127.0.0.1/hook", "adresse locale ou privée"),
            ("https://localhost/hook", "adresse locale ou privée"),
            ("https://10.0.0.5/hook", "adresse locale ou privée"),
            ("https://[::1]/hook", "adresse locale ou privée"),
        ]:
            with self.subTest(url=url), self.assertRaises(ValidationError) as caught:
                check_destination(url, allow_insecure=False)
            self.assertTrue(
                any(message in text for text in caught.exception.messages),
                caught.exception.messages,
            )

    def test_only_web_addresses(self):
        for url in ("ftp://example.org/", "javascript:alert(1)", "file:///etc/passwd"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                check_destination(url, allow_insecure=True)


class WebhookAdminTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        setup_site()
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        )

    def test_endpoints_are_managed_in_the_admin_in_french(self):
        url = reverse("wagtailsnippets_publishing_webhookendpoint:add")
        page = self.client.get(url).content.decode()
        self.assertIn("Adresse", page)
        self.assertIn("Secret", page)
        data = {
            "name": "Site partenaire",
            "url": "https://partenaire.example.gouv.fr/hook",
            "secret": SECRET,
            "on_published": "on",
            "on_deleted": "on",
            "page_types": [ContentType.objects.get_for_model(CallPage).pk],
            "is_active": "on",
        }
        with publishing_settings(WEBHOOKS_ALLOW_INSECURE=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        endpoint = WebhookEndpoint.objects.get()
        self.assertEqual((endpoint.on_published, endpoint.on_updated), (True, False))

        with publishing_settings(WEBHOOKS_ALLOW_INSECURE=False):
            response = self.client.post(url, {**data, "url": "http://127.0.0.1/hook"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Utilisez une adresse https://.", response.content.decode())

    def test_a_new_endpoint_gets_a_standard_webhooks_secret(self):
        url = reverse("wagtailsnippets_publishing_webhookendpoint:add")
        page = self.client.get(url).content.decode()
        self.assertIn("whsec_", page)
        self.assertIn("bibliothèque Standard Webhooks", page)
        secret = WebhookEndpoint(name="Partenaire", url="https://partenaire.example.org/").secret
        self.assertRegex(secret, r"^whsec_[A-Za-z0-9+/]+={0,2}$")
        self.assertEqual(len(base64.b64decode(secret.removeprefix("whsec_"))), 32)
        self.assertNotEqual(
            secret, WebhookEndpoint(name="Autre", url="https://autre.example.org/").secret
        )

    def test_the_secret_must_be_a_whsec_key_of_24_to_64_bytes(self):
        url = reverse("wagtailsnippets_publishing_webhookendpoint:add")
        data = {"name": "Partenaire", "url": "https://partenaire.example.gouv.fr/hook"}
        short = "whsec_" + base64.b64encode(b"x" * 23).decode()
        long = "whsec_" + base64.b64encode(b"x" * 65).decode()
        for secret, message in [
            ("abc", "Saisissez une clé « whsec_… »"),
            ("whsec_pas du base64!", "Saisissez une clé « whsec_… »"),
            (SECRET.removeprefix("whsec_"), "Saisissez une clé « whsec_… »"),
            (short, "La clé doit compter de 24 à 64 octets"),
            (long, "La clé doit compter de 24 à 64 octets"),
        ]:
            with self.subTest(secret), publishing_settings(WEBHOOKS_ALLOW_INSECURE=True):
                response = self.client.post(url, {**data, "secret": secret})
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.content.decode())
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_a_short_key_carried_over_from_the_former_scheme_may_be_kept(self):
        """A converted secret shorter than the specification's 24 bytes keeps working: an
        edit of the endpoint need not change it (and break its receiver)."""
        converted = "whsec_" + base64.b64encode(b"abc").decode()
        endpoint = WebhookEndpoint.objects.create(
            name="Ancien", url="https://partenaire.example.gouv.fr/hook", secret=converted
        )
        endpoint.name = "Ancien partenaire"
        endpoint.full_clean()
        endpoint.secret = "whsec_" + base64.b64encode(b"abcd").decode()
        with self.assertRaises(ValidationError):
            endpoint.full_clean()

    def test_the_delivery_log_can_be_read_not_written(self):
        endpoint = WebhookEndpoint.objects.create(name="Partenaire", url="http://127.0.0.1:9/")
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="published", page_id=1, page_title="CP", payload={}
        )
        listing = self.client.get(reverse("webhook_deliveries:index"))
        self.assertEqual(listing.status_code, 200)
        self.assertIn("CP", listing.content.decode())
        inspect = self.client.get(reverse("webhook_deliveries:inspect", args=(delivery.pk,)))
        self.assertEqual(inspect.status_code, 200)
        self.assertNotEqual(self.client.get(reverse("webhook_deliveries:add")).status_code, 200)


class FormerSecretTests(TransactionTestCase):
    """Endpoints made before Standard Webhooks keep their key: the migration writes their
    secret as "whsec_" + the base64 of its bytes, the key the former signature used."""

    serialized_rollback = True
    former = [("publishing", "0001_initial")]

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def test_a_migrated_secret_still_verifies(self):
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes("publishing")
        raw = "s3cret-d’avant"  # the former scheme keyed the HMAC with its UTF-8 bytes
        setup_site()
        try:
            apps = self.migrate(self.former)
            apps.get_model("publishing", "WebhookEndpoint").objects.create(
                name="Ancien", url="http://127.0.0.1:9/", secret=raw
            )
        finally:
            self.migrate(latest)
        endpoint = WebhookEndpoint.objects.get()
        self.assertEqual(endpoint.secret, "whsec_" + base64.b64encode(raw.encode()).decode())

        with Receiver() as receiver:
            endpoint.url = receiver.url
            endpoint.save()
            page = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), live=False)
            page.save_revision().publish()
            run_worker()
        ((headers, body),) = receiver.requests
        Webhook(endpoint.secret).verify(body, headers)
        # The same key: a receiver holding the former secret verifies with its bytes.
        Webhook(raw.encode()).verify(body, headers)

        # And back: the former secret again.
        try:
            apps = self.migrate(self.former)
            former = apps.get_model("publishing", "WebhookEndpoint").objects.get()
            self.assertEqual(former.secret, raw)
        finally:
            self.migrate(latest)
