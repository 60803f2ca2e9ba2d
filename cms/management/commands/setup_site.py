"""Create the site's page tree and configuration on a fresh database, and leave them alone after.

Wagtail's first migration creates a placeholder "Welcome" page as the site root. This command
replaces it with the site's home page, adds the "Actualités" news index under it, the DSFR
header and footer configuration, and the pages every French public website links to from its
footer (site map, accessibility statement, legal notice, personal data, cookies), with a
starting text that editors then keep up to date. Run it as often as you like: what exists is
kept as it is.
"""

import re
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from dsfr.models import DsfrConfig
from wagtail.models import Page, Site

from cms.models import ContentPage, FooterSettings, HomePage, SitemapPage
from news.models import NewsCategory, NewsIndexPage

# The starting texts of the footer's pages: French content, as editors will go on writing it.
STARTER_PAGES = Path(__file__).resolve().parents[2] / "starter_pages"
HEADING = re.compile(r"<h2>(.*?)</h2>")


def footer_pages():
    """(footer link, slug, title, page type) of each page the footer links to."""
    return [
        ("sitemap", "plan-du-site", _("Site map"), SitemapPage),
        ("accessibility", "accessibilite", _("Accessibility statement"), ContentPage),
        ("legal_notice", "mentions-legales", _("Legal notice"), ContentPage),
        ("personal_data", "donnees-personnelles", _("Personal data"), ContentPage),
        ("cookies", "gestion-des-cookies", _("Cookie management"), ContentPage),
    ]


def starter_body(slug, site):
    """The body blocks of a footer page's starting text (``starter_pages/<slug>.html``): each
    ``<h2>`` a heading block, the text between them a paragraph."""
    text = (STARTER_PAGES / f"{slug}.html").read_text(encoding="utf-8")
    today = timezone.localdate()
    # French writes the first of the month as an ordinal: « 1er décembre 2026 ».
    day = "1er" if today.day == 1 else str(today.day)
    text = text.replace("{site_host}", site.hostname).replace(
        "{date}", f"{day} {formats.date_format(today, 'F Y')}"
    )
    body = []
    for index, part in enumerate(HEADING.split(text)):
        part = part.strip()
        if not part:
            continue
        if index % 2:
            body.append({"type": "heading", "value": {"text": part, "level": "h2"}})
        else:
            body.append({"type": "paragraph", "value": part})
    return body


class Command(BaseCommand):
    help = "Creates the home page, the news index and the site configuration if they are missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be created, write nothing."
        )
        parser.add_argument(
            "--hostname", help="Host name of the default site, used in its full URLs."
        )
        parser.add_argument("--port", type=int, help="Port of the default site (80, 443...).")

    def handle(self, *args, dry_run=False, hostname=None, port=None, **options):
        with transaction.atomic():
            # The address first: the starting texts name the site by it.
            created = self.set_address(hostname, port)
            created += self.setup()
            if dry_run:
                transaction.set_rollback(True)
        if not created:
            self.stdout.write(_("The site is already set up; nothing to do."))
        for line in created:
            prefix = _("[dry run] ") if dry_run else ""
            self.stdout.write(self.style.SUCCESS(prefix + line))

    def setup(self):
        created = []
        home = HomePage.objects.first()
        if home is None:
            home = self.create_home_page()
            created.append(_("Created the home page “%(title)s”.") % {"title": home.title})

        if not NewsIndexPage.objects.descendant_of(home).exists():
            news_index = NewsIndexPage(
                title=_("News"),
                slug="actualites",
                show_in_menus=True,
                intro=_("<p>Press releases and news of the programme.</p>"),
            )
            home.add_child(instance=news_index)
            news_index.save_revision().publish()
            created.append(_("Created the news index “%(title)s”.") % {"title": news_index.title})

        # Press releases proper need a press contact before they go out (news.forms).
        # One an editor made already, under another slug, is left as it is.
        name = "Communiqué de presse"
        category = NewsCategory.objects.filter(
            Q(slug="communique-de-presse") | Q(name__iexact=name)
        ).first()
        if category is None:
            category = NewsCategory.objects.create(name=name, requires_press_contact=True)
            created.append(
                _("Created the news category “%(name)s”, which requires a press contact.")
                % {"name": category.name}
            )

        config, config_created = DsfrConfig.objects.get_or_create(
            language="fr",
            defaults={
                "site_title": "Entrepreneurs d’intérêt général",
                # No audit yet: "Accessibilité : non conforme" until one is done.
                "accessibility_status": "NOT",
                "site_tagline": _("Digital talents solving public-interest challenges"),
                "footer_description": _(
                    "The Entrepreneurs d’intérêt général programme brings digital experts "
                    "into public administrations for ten months."
                ),
            },
        )
        if config_created:
            created.append(_("Created the header and footer configuration."))
        created += self.setup_footer_pages(home)
        return created

    def setup_footer_pages(self, home):
        """Create the pages the footer links to and point the footer's settings at them. A
        link already set is left alone; a page already there (by its slug) is used."""
        created = []
        site = home.get_site()
        footer = FooterSettings.for_site(site)
        changed = []
        for link, slug, title, model in footer_pages():
            if getattr(footer, f"{link}_page_id"):
                continue
            page = home.get_children().filter(slug=slug).first()
            if page is None:
                page = model(title=title, slug=slug)
                if model is ContentPage:
                    page.body = starter_body(slug, site)
                else:
                    page.intro = _("Every public page of the site.")
                home.add_child(instance=page)
                page.save_revision().publish()
                created.append(_("Created the page “%(title)s”.") % {"title": title})
            setattr(footer, f"{link}_page", page)
            changed.append(f"{link}_page")
        if changed:
            footer.save()
            created.append(_("The footer links to its pages."))
        return created

    def set_address(self, hostname, port):
        site = Site.objects.get(is_default_site=True)
        if (hostname or site.hostname, port or site.port) == (site.hostname, site.port):
            return []
        site.hostname = hostname or site.hostname
        site.port = port or site.port
        site.save()  # through save(), so that Wagtail's cached site root paths are cleared
        return [_("The site's address is now %(address)s.") % {"address": site.root_url}]

    def create_home_page(self):
        root = Page.get_first_root_node()
        home = HomePage(
            title="Entrepreneurs d’intérêt général",
            slug="accueil",
            intro=_(
                "The programme opens public administrations to digital talents to solve "
                "public-interest challenges."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        old_root_id = site.root_page_id
        site.root_page = home
        site.site_name = home.title
        site.save()

        # Wagtail's untouched placeholder ("Welcome to your new Wagtail site!") goes away;
        # anything else an editor made is kept.
        placeholder_type = ContentType.objects.get_for_model(Page)
        Page.objects.filter(
            pk=old_root_id, content_type=placeholder_type, numchild=0, depth=2
        ).delete()
        return home
