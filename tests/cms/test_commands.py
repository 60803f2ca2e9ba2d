"""The set-up commands that `make run` calls on a fresh database, and again on every start."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from dsfr.models import DsfrConfig
from wagtail.models import Page, Site

from cms.models import ContentPage, FooterSettings, HomePage, SitemapPage
from news.models import NewsCategory, NewsIndexPage


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class SetupSiteTests(TestCase):
    def test_creates_the_communique_category_requiring_a_press_contact_once(self):
        run("setup_site")
        run("setup_site")
        category = NewsCategory.objects.get()
        self.assertEqual(
            (category.name, category.slug), ("Communiqué de presse", "communique-de-presse")
        )
        self.assertTrue(category.requires_press_contact)

    def test_leaves_an_editors_communique_category_alone(self):
        NewsCategory.objects.create(name="Communiqué de presse", slug="cp")
        run("setup_site")
        category = NewsCategory.objects.get()
        self.assertEqual(category.slug, "cp")
        self.assertFalse(category.requires_press_contact)

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
        home.add_child(instance=ContentPage(title="Qui sommes-nous"))
        legal = ContentPage.objects.get(slug="mentions-legales")
        legal.title = "Informations légales"
        legal.save_revision().publish()
        run("setup_site")
        self.assertEqual(NewsIndexPage.objects.get().title, "Presse")
        self.assertTrue(ContentPage.objects.filter(title="Qui sommes-nous").exists())
        self.assertEqual(ContentPage.objects.get(slug="mentions-legales").title, legal.title)

    def test_creates_the_pages_the_footer_links_to(self):
        output = run("setup_site", "--hostname", "eig.example.gouv.fr", "--port", "443")
        home = HomePage.objects.get()
        footer = FooterSettings.for_site(home.get_site())
        pages = {
            link: getattr(footer, f"{link}_page").specific
            for link in ("sitemap", "accessibility", "legal_notice", "personal_data", "cookies")
        }
        self.assertEqual(
            {link: (page.title, page.url) for link, page in pages.items()},
            {
                "sitemap": ("Plan du site", "/plan-du-site/"),
                "accessibility": ("Déclaration d’accessibilité", "/accessibilite/"),
                "legal_notice": ("Mentions légales", "/mentions-legales/"),
                "personal_data": ("Données personnelles", "/donnees-personnelles/"),
                "cookies": ("Gestion des cookies", "/gestion-des-cookies/"),
            },
        )
        for page in pages.values():
            self.assertTrue(page.live and not page.show_in_menus)
            self.assertEqual(page.get_parent().pk, home.pk)
        self.assertIsInstance(pages["sitemap"], SitemapPage)
        self.assertIn("Page « Mentions légales » créée.", output)
        self.assertEqual(DsfrConfig.objects.get().get_accessibility_status_display(), "non")

        # Real starting texts, editable as any content page: the RGAA model statement.
        statement = " ".join(str(block.value) for block in pages["accessibility"].body)
        headings = [
            block.value["text"]
            for block in pages["accessibility"].body
            if block.block_type == "heading"
        ]
        self.assertEqual(
            headings,
            [
                "État de conformité",
                "Résultats des tests",
                "Contenus non accessibles",
                "Établissement de cette déclaration d’accessibilité",
                "Amélioration et contact",
                "Voie de recours",
            ],
        )
        self.assertIn("(eig.example.gouv.fr)", statement)
        self.assertIn("<b>non conforme</b>", statement)
        self.assertIn("Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07", statement)
        legal = " ".join(str(block.value) for block in pages["legal_notice"].body)
        for fact in ("20 avenue de Ségur", "Directeur de la publication", "Hébergement"):
            self.assertIn(fact, legal)
        self.assertIn("aucun cookie", str(pages["cookies"].body[0].value))

    def test_footer_pages_are_found_again_not_duplicated(self):
        """A page already at the address (made by an editor, or before the footer settings
        existed) is used; a link an editor set is kept."""
        run("setup_site")
        footer = FooterSettings.for_site(HomePage.objects.get().get_site())
        chosen = footer.legal_notice_page
        footer.legal_notice_page = None
        footer.cookies_page = NewsIndexPage.objects.get()
        footer.save()
        count = Page.objects.count()
        run("setup_site")
        footer = FooterSettings.for_site(HomePage.objects.get().get_site())
        self.assertEqual(Page.objects.count(), count)
        self.assertEqual(footer.legal_notice_page, chosen)
        self.assertEqual(footer.cookies_page.slug, "actualites")

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
