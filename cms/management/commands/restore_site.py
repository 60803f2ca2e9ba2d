"""Restore a backup made by backup_site, and check the result against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media files by those of a backup folder, then check "
        "that pages, revisions, images and documents match the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_site.")
        parser.add_argument("--noinput", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, noinput, **options):
        if not noinput:
            answer = input(f"Replace this site's database and media with {folder}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "o", "oui"):
                raise CommandError("Restore cancelled.")
        try:
            expected, found = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if expected != found:
            differences = ", ".join(
                f"{key}: {expected[key]} expected, {found.get(key)} found"
                for key in expected
                if expected[key] != found.get(key)
            )
            raise CommandError(f"The restored site differs from the backup: {differences}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {folder}: {found['pages']} pages, {found['revisions']} revisions, "
                f"{found['images']} images, {found['documents']} documents, contents checked"
            )
        )
