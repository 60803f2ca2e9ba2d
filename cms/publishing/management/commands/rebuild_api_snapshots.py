"""Build the API snapshots of live pages that have none for their live revision.

Publishing builds them in the background; this command catches up after a deployment that
changed what the API shows (the snapshots' signature), or on a database imported from
elsewhere. It is idempotent: a page whose snapshot is current is left alone.
"""

from django.core.management.base import BaseCommand
from django.db.models import F
from wagtail.models import Page

from cms.publishing.models import APISnapshot
from cms.publishing.snapshots.build import build
from cms.publishing.snapshots.store import signature


class Command(BaseCommand):
    help = "Build the API snapshots of live pages that lack a current one."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every live page's.")
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, all=False, dry_run=False, **options):
        current = APISnapshot.objects.filter(
            signature=signature(), revision_id=F("page__live_revision_id")
        ).values("page_id")
        pages = Page.objects.live().exclude(live_revision=None).exclude(depth=1)
        if not all:
            pages = pages.exclude(pk__in=current)
        page_ids = list(pages.values_list("pk", flat=True))
        if not dry_run:
            for page_id in page_ids:
                build(page_id)
        verb = "would build" if dry_run else "built"
        self.stdout.write(self.style.SUCCESS(f"API snapshots: {verb} {len(page_ids)}"))
