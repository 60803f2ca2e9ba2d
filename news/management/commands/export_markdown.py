"""Export press releases as Jekyll front matter and Markdown, media files beside them.

The files follow the importer's conventions (kramdown classes for encadrés, quotes, important
links), so that `import_markdown DIR --media-root DIR` reads them back into the same pages.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from news.markdown.exporter import MarkdownExporter


class Command(BaseCommand):
    help = "Writes every press release as a Markdown file with its front matter into a folder."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder to write into (created if needed).")

    def handle(self, *args, directory, **options):
        written = MarkdownExporter(directory).export()
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d press releases exported.") % {"count": len(written)})
        )
