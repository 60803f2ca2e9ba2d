"""Back up the database and the media files into one folder (see cms.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Save the database (SQLite backup or pg_dump custom format) and the media files into "
        "a new folder under --output, with a manifest to check a restore against."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="var/backups", help="Where to create the backup folder."
        )

    def handle(self, *args, output, **options):
        folder = f"{output}/eig-{timezone.now():%Y%m%d-%H%M%S}"
        try:
            manifest = backup(folder)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        counts = manifest["fingerprint"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup in {folder}: {counts['pages']} pages, {counts['revisions']} revisions, "
                f"{counts['images']} images, {counts['documents']} documents"
            )
        )
