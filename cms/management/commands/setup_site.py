"""Create the site's page tree and configuration on a fresh database, and leave them alone after.

Wagtail's first migration creates a placeholder "Welcome" page as the site root. This command
replaces it with the site's home page, adds the "Actualités" news index under it and the DSFR
header and footer configuration. Run it as often as you like: what exists is kept as it is.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from dsfr.models import DsfrConfig
from wagtail.models import Page, Site

from cms.models import HomePage
from news.models import NewsIndexPage


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
            created = self.setup()
            created += self.set_address(hostname, port)
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

        config, config_created = DsfrConfig.objects.get_or_create(
            language="fr",
            defaults={
                "site_title": "Entrepreneurs d’intérêt général",
                "site_tagline": _("Digital talents solving public-interest challenges"),
                "footer_description": _(
                    "The Entrepreneurs d’intérêt général programme brings digital experts "
                    "into public administrations for ten months."
                ),
            },
        )
        if config_created:
            created.append(_("Created the header and footer configuration."))
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
