"""Load the programme's history (défis, promotions) and facts (programme page, calls).

Reads the earlier site's `defis.yml` and `promos.yml` and this project's file of facts
(`demo/programme.yml`), in any order. Each entry is imported in its own transaction and keyed,
so a second run changes nothing; broken entries fail alone and are reported.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.publishing.importing.command import ImportCommand
from cms.publishing.importing.indexing import deferred_indexing
from programme.importer import ProgrammeImporter


class Command(ImportCommand):
    help = "Imports the programme's défis, promotions and calls from YAML data files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="defis.yml, promos.yml, a file of facts.")
        parser.add_argument("--media-root", help="Where the files' /img/... pictures are found.")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")
        parser.add_argument("--force", action="store_true", help="Import unchanged entries again.")

    def handle(self, *args, files, media_root=None, dry_run=False, force=False, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError(_("No default site: run setup_site first."))
        importer = ProgrammeImporter(
            site.root_page.specific, media_root=media_root, dry_run=dry_run, force=force
        )
        with deferred_indexing():
            report = importer.run(files, on_result=self.show)
        self.finish(report)
