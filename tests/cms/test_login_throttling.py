"""The admin's sign-in is throttled against guessing passwords (django-axes)."""

from axes.models import AccessAttempt
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from cms.throttling import client_ip


class LoginThrottlingTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = cls.create_superuser("redaction", password="le-bon-mot-de-passe")
        cls.login_url = reverse("wagtailadmin_login")

    def sign_in(self, password, username="redaction", address="203.0.113.7"):
        return self.client.post(
            self.login_url,
            {"username": username, "password": password},
            REMOTE_ADDR=address,
        )

    def test_wrong_passwords_are_refused_then_the_address_is_locked_out_in_french(self):
        for _ in range(4):
            response = self.sign_in("mauvais")
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "ne correspondent à aucun utilisateur")
        response = self.sign_in("mauvais")
        self.assertEqual(response.status_code, 429)
        self.assertContains(
            response,
            "Trop de tentatives de connexion infructueuses. Par sécurité, la connexion est "
            "bloquée pendant 15 minutes.",
            status_code=429,
        )
        # Even the right password is refused now, and no session is opened.
        response = self.sign_in("le-bon-mot-de-passe")
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)

    def test_the_account_is_locked_out_from_any_address(self):
        for number in range(5):
            self.sign_in("mauvais", address=f"198.51.100.{number}")
        self.assertEqual(self.sign_in("le-bon-mot-de-passe", address="192.0.2.1").status_code, 429)

    def test_other_accounts_and_addresses_still_sign_in(self):
        self.create_superuser("autre", password="autre-mot-de-passe")
        for _ in range(5):
            self.sign_in("mauvais")
        response = self.sign_in("autre-mot-de-passe", username="autre", address="192.0.2.9")
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def test_a_successful_sign_in_forgets_earlier_failures(self):
        for _ in range(4):
            self.sign_in("mauvais")
        self.assertRedirects(self.sign_in("le-bon-mot-de-passe"), reverse("wagtailadmin_home"))
        self.client.logout()
        self.assertEqual(self.sign_in("mauvais").status_code, 200)
        self.assertEqual(AccessAttempt.objects.get(username="redaction").failures_since_start, 1)

    def test_failures_are_counted_by_the_address_the_proxy_saw(self):
        request = self.client.get("/").wsgi_request
        request.META.update(
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
        )
        self.assertEqual(client_ip(request), "10.0.0.2")
        with override_settings(TRUSTED_PROXY_COUNT=2):
            self.assertEqual(client_ip(request), "203.0.113.7")
