"""Import the former site's Markdown files (Jekyll front matter, kramdown) as pages.

Each file is imported in its own transaction and keyed by its path, so the command can be run
again and again: unchanged files are left alone, changed ones update their page with one new
revision. A broken file fails alone, with its name and line; the others go on.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.publishing.importing.command import ImportCommand
from cms.publishing.importing.indexing import deferred_indexing
from news.markdown.importer import MarkdownImporter
from news.models import NewsIndexPage


class Command(ImportCommand):
    help = "Imports Markdown and text files (or folders of them) as pages, publishing them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders, read recursively.")
        parser.add_argument(
            "--parent",
            help="The page to import under, by id or URL path (default: the news index).",
        )
        parser.add_argument(
            "--media-root", help="The folder where /uploads/... paths of the files are found."
        )
        parser.add_argument("--draft", action="store_true", help="Import without publishing.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--force", action="store_true", help="Import files again even when unchanged."
        )

    def handle(
        self,
        *args,
        paths,
        parent=None,
        media_root=None,
        draft=False,
        dry_run=False,
        force=False,
        **options,
    ):
        parent_page = self.find_parent(parent)
        try:
            importer = MarkdownImporter(
                parent_page, media_root=media_root, draft=draft, dry_run=dry_run, force=force
            )
        except ValueError as error:
            raise CommandError(str(error)) from error

        with deferred_indexing():
            report = importer.run(paths, on_result=self.show)
        self.finish(report)

    def find_parent(self, parent):
        if parent is None:
            index = NewsIndexPage.objects.order_by("path").first()
            if index is None:
                raise CommandError(_("No news index page: run setup_site or give --parent."))
            return index
        if parent.isdigit():
            page = Page.objects.filter(pk=int(parent)).first()
        else:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            if site is None:
                raise CommandError(_("No default site to find “%(path)s” in.") % {"path": parent})
            path = parent.strip("/")
            url_path = site.root_page.url_path + (path + "/" if path else "")
            page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise CommandError(_("No page “%(parent)s” to import under.") % {"parent": parent})
        return page
