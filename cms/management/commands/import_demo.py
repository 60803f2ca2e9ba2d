"""Import the demo content of demo/ the way the programme's real corpus is imported.

The one list of what the demo is: `make demo` (hence `make run`), `make fuzz` and the test that
crawls the demo site all run this command, so that none of them drifts from the others. Each
import keeps its own guarantees: run again, unchanged files are left alone.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO = Path(settings.BASE_DIR) / "demo"


def demo_imports():
    """(command, arguments) of each import, in order: pages link to what comes before."""
    return [
        (
            "import_markdown",
            [str(DEMO / "seeds" / "actualites"), "--media-root", str(DEMO / "media-root")],
        ),
        (
            "import_markdown",
            [
                str(DEMO / "seeds" / "pages"),
                "--parent",
                "/",
                "--media-root",
                str(DEMO / "media-root"),
            ],
        ),
        (
            "import_programme",
            [
                str(DEMO / "programme.yml"),
                str(DEMO / "eig-data" / "promos.yml"),
                str(DEMO / "eig-data" / "defis.yml"),
                "--media-root",
                str(DEMO / "media-root"),
            ],
        ),
    ]


class Command(BaseCommand):
    help = "Imports the demo content (demo/): press releases, pages and the programme."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args, dry_run=False, **options):
        for name, arguments in demo_imports():
            if dry_run:
                arguments = [*arguments, "--dry-run"]
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name} {' '.join(arguments)}"))
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
