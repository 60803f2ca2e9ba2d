"""Write pages from source files: one transaction per file, a report line for each.

A page is keyed by its source path (relative to the folder given): importing again updates the
same page with one new revision when the file changed, and leaves it alone otherwise.
"""

import hashlib
import logging
import re
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import ReferenceIndex

from cms.publishing.importing.media import MediaResolver
from cms.publishing.importing.records import FileResult, Report, publish_revision
from cms.publishing.models import ImportedPageMixin, ImportRecord
from news.markdown.adapters import ImportContext, adapter_for
from news.markdown.kramdown import BodyConverter
from news.markdown.old_addresses import keep_old_address, old_address
from news.markdown.plaintext import convert_plain_text
from news.markdown.source import SourceError, check_size, read_source
from news.models import PressReleasePage

logger = logging.getLogger(__name__)

# Bump when the mapping changes, so that files imported before are imported again.
IMPORTER_VERSION = b"eig-markdown-import/2"
EXTENSIONS = {".md", ".markdown", ".txt"}
SKIPPED_STEMS = {"readme", "license", "licence", "changelog", "contributing"}


def collect(paths):
    """(key, path) of each file to import, keys relative to the folder given; and errors."""
    files, missing = {}, []
    for argument in paths:
        root = Path(argument)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if (
                    path.is_file()
                    and path.suffix.lower() in EXTENSIONS
                    and path.stem.lower() not in SKIPPED_STEMS
                    and not any(part.startswith((".", "_site")) for part in relative.parts)
                ):
                    files.setdefault(relative.as_posix(), path)
        elif root.is_file():
            files.setdefault(root.name, root)
        else:
            missing.append(argument)
    return list(files.items()), missing


def importable_models(parent):
    """The page types that may be created under ``parent`` and can hold an import."""
    return [
        model
        for model in parent.specific_class.allowed_subpage_models()
        if issubclass(model, ImportedPageMixin) and hasattr(model, "body")
    ]


def humanize(stem):
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)
    return re.sub(r"[-_]+", " ", stem).strip().capitalize()


class MarkdownImporter:
    """Imports files under a parent page; see the import_markdown command for the options."""

    def __init__(self, parent, media_root=None, draft=False, dry_run=False, force=False):
        self.parent = parent.specific
        self.models = importable_models(self.parent)
        if not self.models:
            raise ValueError(
                _("No imported page can be created under “%(title)s” (%(type)s).")
                % {"title": self.parent.title, "type": self.parent._meta.verbose_name}
            )
        self.draft, self.dry_run, self.force = draft, dry_run, force
        self.cache = {}  # categories and press contacts met so far in this run
        self.resolver = MediaResolver(media_root, dry_run=dry_run)
        site = self.parent.get_site()
        self.site = site
        self.site_root = site.root_page if site else None
        self.root_url = site.root_url if site else ""

    def run(self, paths, on_result=None):
        report = Report()
        files, missing = collect(paths)
        for argument in missing:
            result = FileResult(
                argument,
                "failed",
                error=_("%(path)s: no such file or folder.") % {"path": argument},
            )
            report.results.append(result)
            if on_result:
                on_result(result)
        for key, path in files:
            result = self.import_file(key, path)
            report.results.append(result)
            if on_result:
                on_result(result)
        return report

    def model_for(self, source):
        if source.layout == "page":
            generic = [model for model in self.models if model is not PressReleasePage]
            if generic:
                return generic[0]
        return self.models[0] if PressReleasePage not in self.models else PressReleasePage

    def import_file(self, key, path):
        try:
            check_size(path.stat().st_size, key)  # before reading it whole
            raw = path.read_bytes()
        except SourceError as error:
            return FileResult(key, "failed", error=error.message)
        except OSError as error:
            return FileResult(
                key,
                "failed",
                error=_("%(file)s cannot be read: %(error)s.") % {"file": key, "error": error},
            )
        checksum = hashlib.sha256(IMPORTER_VERSION + b"\0" + raw).hexdigest()
        record = ImportRecord.objects.filter(source=key).select_related("page").first()
        if record is not None and record.checksum == checksum and not self.force:
            return FileResult(key, "unchanged", page=record.page)

        self.resolver.begin()
        try:
            with transaction.atomic():
                result = self.write(key, raw, checksum, record, path)
                if self.dry_run:
                    transaction.set_rollback(True)
                    self.cache.clear()
        except SourceError as error:
            self.forget_rolled_back()
            return FileResult(key, "failed", error=error.message)
        except Exception as error:
            # One broken file must not stop the others; its transaction is rolled back.
            logger.exception("Import of %s failed", key)
            self.forget_rolled_back()
            return FileResult(
                key,
                "failed",
                error=_("%(file)s: unexpected error (%(error)s).") % {"file": key, "error": error},
            )
        return result

    def write(self, key, raw, checksum, record, path):
        source = read_source(key, raw, checksum)
        if key.lower().endswith(".txt"):
            title, blocks = convert_plain_text(source)
            source.title = source.title or title
        else:
            blocks = BodyConverter(source).convert(source.body)
        blocks = self.take_title(source, blocks)
        normalise_headings(blocks)

        status = "updated" if record is not None else "imported"
        if record is not None:
            page = record.page.specific
            if page.latest_revision_id != record.revision_id:
                source.warn(_("The page was edited in the admin since its last import: replaced."))
            page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        else:
            page = self.model_for(source)(title=source.title[:255], live=False)
            if not self.dry_run:
                # A shell first: its content is written once, with its revision.
                page.slug = self.free_slug(source.slug or slugify(source.title) or "page", source)
                self.parent.add_child(instance=page)
        context = ImportContext(self, source)
        adapter_for(type(page)).apply(page, source, blocks, context)
        if self.dry_run:
            return FileResult(key, status, notices=source.notices)

        address = old_address(source, path) if source.published else ""
        publish = self.should_publish(page, source)
        page.import_metadata = {
            "source": key,
            "unknown": source.metadata,
            "kept": source.leftovers,
            "warnings": [self.describe(notice) for notice in source.notices],
            "missing_media": context.missing_media,
        }
        if address:
            page.import_metadata["old_address"] = address
        if source.redirect_key and getattr(page, "link_url", ""):
            page.import_metadata["redirect_key"] = source.redirect_key
        to_complete = self.to_complete(page, context)
        if to_complete:
            page.import_metadata["to_complete"] = to_complete
        # Published with its historical date; a date to come schedules the page instead.
        if publish and source.date and source.date > timezone.now():
            page.go_live_at = source.date
        elif publish and page.first_published_at is None and source.date:
            page.first_published_at = source.date
        # A new page's history reads "created", then "published", as from the admin.
        revision = page.save_revision(clean=False, log_action=record is not None)
        if publish:
            publish_revision(revision, page)
        elif record is None:
            page.save(clean=False)  # a draft's row holds its content too, as the admin saves it
        if record is None:
            ImportRecord.objects.create(source=key, page=page, checksum=checksum, revision=revision)
        else:
            record.checksum, record.revision = checksum, revision
            record.save(update_fields=["checksum", "revision", "imported_at"])
        # deferred_indexing() turned the reference index's updates off: one per object, now,
        # since whether a medium is under embargo depends on it.
        for instance in [page, *self.resolver.new_objects()]:
            ReferenceIndex.create_or_update_for_object(instance)
        details = []
        if address:
            done, message = keep_old_address(page, address, self.site)
            (source.warn if done == "taken" else details.append)(message)
        return FileResult(key, status, page=page, notices=source.notices, details=details)

    @staticmethod
    def to_complete(page, context):
        """What the report of imported pages lists for editors to complete or check."""
        kept_html = sum(1 for block in page.body.raw_data if block["type"] == "html")
        items = {
            **context.to_complete,
            "kept_html": kept_html,
            "missing_media": list(context.missing_media),
        }
        return {name: value for name, value in items.items() if value}

    def forget_rolled_back(self):
        """A file's transaction rolled back: what it created must not be reused."""
        self.resolver.rollback()
        self.cache.clear()

    def take_title(self, source, blocks):
        if source.title:
            return blocks
        for index, block in enumerate(blocks):
            if block.type == "heading" and block.value["text"].strip():
                source.title = block.value["text"]
                return blocks[:index] + blocks[index + 1 :]
        source.title = humanize(PurePosixPath(source.key).stem) or _("Untitled")
        source.warn(_("No title and no heading: the title was made from the file name."))
        return blocks

    def should_publish(self, page, source):
        if self.draft:
            return False
        if not source.published:
            source.warn(_("The file says “published: false”: imported as a draft."))
            return False
        # The content is what may be wrong: foreign keys, tree and slug were just set by the
        # importer, and publishing checks everything again anyway.
        relations = [field.name for field in page._meta.concrete_fields if field.is_relation]
        try:
            page.clean_fields(exclude=relations)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = page._meta.get_field(name).verbose_name if name != "__all__" else ""
                for message in messages:
                    source.warn(
                        _("Not published: %(field)s: %(message)s")
                        % {"field": label, "message": message}
                    )
            return False
        return True

    def free_slug(self, slug, source):
        candidate, number = slug[:240], 1
        taken = set(self.parent.get_children().values_list("slug", flat=True))
        while candidate in taken:
            number += 1
            candidate = f"{slug[:240]}-{number}"
        if number > 1:
            source.warn(
                _("Another page already uses the address “%(slug)s”: this one is “%(new)s”.")
                % {"slug": slug, "new": candidate}
            )
        return candidate

    @staticmethod
    def describe(notice):
        if notice.line:
            return _("line %(line)d: %(message)s") % {
                "line": notice.line,
                "message": notice.message,
            }
        return notice.message


def normalise_headings(blocks):
    """Fit the body's headings into the page's outline, under its title (the level 1).

    A heading's level is its depth among the sections open above it, whatever its number of
    hashes: the highest becomes a level 2, and none is ever more than one level below the one
    before it (``## A``, ``#### B``: a 2 and a 3), which HTML forbids. A box or key figures
    with a title show it as a level 2, so they close the sections open before them. Levels
    stop at 4, the deepest a heading block offers.
    """
    open_levels = []  # the source levels of the sections the next heading is in
    for block in blocks:
        if block.type == "heading":
            level = block.value["level"]
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
            block.value["level"] = min(len(open_levels) + 2, 4)
            open_levels.append(level)
        elif shows_level_2_title(block):
            open_levels = []


def shows_level_2_title(block):
    """Whether the block's template shows its title as a level 2 heading."""
    if block.type == "callout":
        return bool(block.value.get("title")) and block.value.get("style") == "callout"
    return block.type == "key_figures" and bool(block.value.get("title"))
