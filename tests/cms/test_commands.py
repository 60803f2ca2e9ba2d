"""The set-up commands that `make run` calls on a fresh database, and again on every start."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from dsfr.models import DsfrConfig
from wagtail.models import Page, Site

from cms.models import ContentPage, HomePage
from news.models import NewsIndexPage


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class SetupSiteTests(TestCase):
    def test_replaces_the_placeholder_with_the_site_tree(self):
        placeholder = Site.objects.get(is_default_site=True).root_page
        output = run("setup_site")

        site = Site.objects.get(is_default_site=True)
        home = HomePage.objects.get()
        self.assertEqual(site.root_page.specific, home)
        self.assertFalse(Page.objects.filter(pk=placeholder.pk).exists())
        news = NewsIndexPage.objects.child_of(home).get()
        self.assertEqual(
            (news.title, news.slug, news.url), ("Actualités", "actualites", "/actualites/")
        )
        self.assertTrue(home.live and news.live and news.show_in_menus)
        self.assertEqual(DsfrConfig.objects.get(language="fr").site_title, home.title)
        self.assertIn("Page d’accueil", output)
        self.assertIn("Index des actualités « Actualités » créé.", output)

    def test_second_run_changes_nothing(self):
        run("setup_site")
        pages = list(Page.objects.values_list("pk", "title", "path"))
        output = run("setup_site")
        self.assertEqual(list(Page.objects.values_list("pk", "title", "path")), pages)
        self.assertEqual(output.strip(), "Le site est déjà en place ; rien à faire.")

    def test_keeps_what_editors_made(self):
        run("setup_site")
        home = HomePage.objects.get()
        news = NewsIndexPage.objects.get()
        news.title = "Presse"
        news.save_revision().publish()
        home.add_child(instance=ContentPage(title="Mentions légales"))
        run("setup_site")
        self.assertEqual(NewsIndexPage.objects.get().title, "Presse")
        self.assertTrue(ContentPage.objects.filter(title="Mentions légales").exists())

    def test_keeps_a_root_page_that_is_not_the_placeholder(self):
        root = Site.objects.get(is_default_site=True).root_page
        root.add_child(instance=ContentPage(title="Ancienne page"))
        run("setup_site")
        self.assertTrue(Page.objects.filter(pk=root.pk).exists())

    def test_sets_the_site_address(self):
        output = run("setup_site", "--hostname", "127.0.0.1", "--port", "8000")
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_url, "http://127.0.0.1:8000")
        self.assertIn("http://127.0.0.1:8000", output)
        self.assertEqual(HomePage.objects.get().full_url, "http://127.0.0.1:8000/")

    def test_dry_run_writes_nothing(self):
        output = run("setup_site", "--dry-run")
        self.assertFalse(HomePage.objects.exists())
        self.assertIn("[simulation]", output)


class CreateAdminTests(TestCase):
    def test_creates_a_superuser_and_prints_its_password_once(self):
        output = run("create_admin")
        password = re.search(r"mot de passe : (\S+)", output).group(1)
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.is_superuser and user.is_staff)
        self.assertTrue(self.client.login(username="admin", password=password))

        again = run("create_admin")
        self.assertNotIn(password, again)
        self.assertIn("changepassword admin", again)
        self.assertEqual(get_user_model().objects.count(), 1)

    def test_admin_can_open_the_admin_with_the_printed_password(self):
        output = run("create_admin", "--username", "redaction")
        password = re.search(r"mot de passe : (\S+)", output).group(1)
        response = self.client.post(
            "/admin/login/", {"username": "redaction", "password": password}, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["user"].is_authenticated)
