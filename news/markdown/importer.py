"""Write pages from source files: one transaction per file, a report line for each.

A page is keyed by its source path (relative to the folder given): importing again updates the
same page with one new revision when the file changed, and leaves it alone otherwise.
"""

import hashlib
import html
import logging
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from news.markdown.kramdown import Block, BodyConverter, strip_tags
from news.markdown.media import MediaResolver, is_site_path
from news.markdown.plaintext import convert_plain_text
from news.markdown.source import SourceError, json_safe, read_source
from news.models import (
    ImportedPageMixin,
    ImportRecord,
    NewsCategory,
    PressContact,
    PressContactPhone,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
    phone_validator,
    validate_link,
)

logger = logging.getLogger(__name__)

# Bump when the mapping changes, so that files imported before are imported again.
IMPORTER_VERSION = b"eig-markdown-import/1"
EXTENSIONS = {".md", ".markdown", ".txt"}
SKIPPED_STEMS = {"readme", "license", "licence", "changelog", "contributing"}
# The closing line of the corpus's releases, which the model keeps as a boolean.
MEDIA_ON_REQUEST_SENTENCE = (
    "Des photos et contacts pour témoignages peuvent être transmis sur demande."
)
MEDIA_ON_REQUEST = re.compile(r"photos?\s+et\s+contacts?\b.{0,60}\bsur\s+demande", re.IGNORECASE)
FIRST_PARAGRAPH = re.compile(r"^<p>(.*?)</p>", re.DOTALL)
LAST_PARAGRAPH = re.compile(r"<p>((?:(?!<p>).)*?)</p>$", re.DOTALL)
LINK = re.compile(r'<a href="([^"]*)">')


@dataclass
class FileResult:
    key: str
    status: str  # imported, updated, unchanged, failed
    page: Page | None = None
    notices: list = field(default_factory=list)
    error: str = ""


@dataclass
class Report:
    results: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for result in self.results if result.status == status)

    @property
    def warnings(self):
        return sum(len(result.notices) for result in self.results)

    @property
    def failed(self):
        return self.count("failed")

    def summary(self):
        # A fixed, machine-readable line: scripts and CI parse it.
        return (
            f"imported {self.count('imported')}, updated {self.count('updated')}, "
            f"unchanged {self.count('unchanged')}, failed {self.failed}, "
            f"warnings {self.warnings}"
        )


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


@contextmanager
def deferred_indexing():
    """Index each imported page once, not on each of the dozen saves that make it.

    Disconnects the search index's save handler for the duration: use it in a management
    command, never in a process that serves requests.
    """
    models = [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def publish_revision(revision, page):
    """Publish ``revision`` with Wagtail's own action, given the page it was just made from.

    The action would rebuild the page from the revision's JSON, checking each of its foreign
    keys again (seventeen queries for a press release, a sixth of an import's time); the page
    that was serialized a moment ago is that very object.
    """
    revision.as_object = lambda: page
    revision.publish(log_action=True)


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


class ImportContext:
    """What resolving a file's blocks needs: media, the site's pages, the source's report."""

    def __init__(self, importer, source):
        self.importer = importer
        self.resolver = importer.resolver
        self.source = source
        self.missing_media = []

    def warn(self, message, line=None):
        self.source.warn(message, line)

    def missing(self, target, problem, line=None):
        if target not in self.missing_media:
            self.missing_media.append(target)
        self.warn(
            _("File %(file)s: %(problem)s; the reference is kept.")
            % {"file": target, "problem": problem},
            line,
        )

    def find_page(self, path):
        site_root = self.importer.site_root
        if site_root is None:
            return None
        url_path = (
            site_root.url_path + path.strip("/") + "/" if path.strip("/") else site_root.url_path
        )
        return Page.objects.filter(url_path=url_path).first()

    def absolute(self, href):
        return urljoin(self.importer.root_url + "/", href) if self.importer.root_url else href

    # -- links and rich text ---------------------------------------------------------------
    def resolve_rich_text(self, text, line=None):
        def replace(match):
            href = html.unescape(match.group(1))
            if not is_site_path(href):
                return match.group(0)
            path = urlsplit(href).path
            if PurePosixPath(path).suffix:
                document, problem = self.resolver.document(href)
                if document is not None:
                    return f'<a linktype="document" id="{document.pk}">'
                if problem:
                    self.missing(href, problem, line)
                return match.group(0)
            page = self.find_page(path)
            if page is not None:
                return f'<a linktype="page" id="{page.pk}">'
            return match.group(0)

        return LINK.sub(replace, text)

    def link_target(self, href, line=None):
        """(page id, URL) of an important link."""
        if is_site_path(href):
            page = self.find_page(urlsplit(href).path)
            if page is not None:
                return page.pk, ""
            if PurePosixPath(urlsplit(href).path).suffix:
                document, problem = self.resolver.document(href)
                if document is not None:
                    return None, self.absolute(document.url)
                if problem:
                    self.missing(href, problem, line)
            return None, self.absolute(href)
        return None, href

    # -- blocks ------------------------------------------------------------------------------
    def stream_data(self, blocks):
        data = []
        for block in blocks:
            resolved = self.resolve_block(block)
            if resolved is not None:
                kind, value = resolved
                data.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
        return data

    def resolve_block(self, block):
        value, line = block.value, block.line
        if block.type == "paragraph":
            return "paragraph", self.resolve_rich_text(value, line)
        if block.type == "callout":
            return "callout", {**value, "text": self.resolve_rich_text(value["text"], line)}
        if block.type == "heading":
            return "heading", {"text": value["text"], "level": f"h{value['level']}"}
        if block.type == "important_link":
            page, url = self.link_target(value["href"], line)
            return "important_link", {
                "label": value["label"],
                "page": page,
                "url": url,
                "new_tab": bool(value["new_tab"]),
            }
        if block.type == "image":
            image, problem = self.resolver.image(value["src"])
            if image is None and problem:
                self.missing(value["src"], problem, line)
                alt = html.escape(value["alt"], quote=True)
                src = html.escape(value["src"], quote=True)
                return "html", f'<img src="{src}" alt="{alt}">'
            if not value["alt"]:
                self.warn(
                    _("Image %(file)s has no alternative text: marked as decorative.")
                    % {"file": value["src"]},
                    line,
                )
            return "image", {
                "image": {
                    "image": image.pk if image else None,
                    "alt_text": value["alt"],
                    "decorative": not value["alt"],
                },
                "caption": value["caption"],
            }
        if block.type == "document":
            document, problem = self.resolver.document(value["src"])
            if document is None and problem:
                self.missing(value["src"], problem, line)
                label = html.escape(value["label"] or value["src"], quote=False)
                return (
                    "paragraph",
                    f'<p><a href="{html.escape(value["src"], quote=True)}">{label}</a></p>',
                )
            return "document", {
                "document": document.pk if document else None,
                "label": value["label"],
            }
        return block.type, value


class GenericAdapter:
    """Fills a page that has a title and a body (and maybe an intro) from a source file."""

    def __init__(self, model):
        self.model = model

    def apply(self, page, source, blocks, context):
        page.title = source.title[:255]
        if hasattr(page, "intro") and source.chapeau:
            page.intro = source.chapeau
        elif source.chapeau:
            self.keep(source, "chapeau-text", source.chapeau)
        for name in ("tags", "categories", "hero", "attachments", "author"):
            value = getattr(source, name)
            if value:
                self.keep(source, name, value)
        if source.contact:
            self.keep(source, "contact-presse", source.contact)
        page.body = context.stream_data(blocks)

    def keep(self, source, name, value):
        if not isinstance(value, str | list | dict):
            value = value.__dict__ if hasattr(value, "__dict__") else str(value)
        if isinstance(value, list):
            value = [item.__dict__ if hasattr(item, "__dict__") else item for item in value]
        source.leftovers[name] = json_safe(value)
        source.warn(
            _("“%(key)s” has no field on a %(type)s: kept in the page's import data.")
            % {"key": name, "type": self.model._meta.verbose_name}
        )


class PressReleaseAdapter(GenericAdapter):
    """Fills a press release with every field of the front matter."""

    def apply(self, page, source, blocks, context):
        blocks = list(blocks)
        if not source.chapeau:
            source.chapeau = self.take_first_paragraph(blocks, source)
        page.media_on_request = self.take_media_on_request(blocks)
        page.title = source.title[:255]
        page.chapeau = source.chapeau
        page.author = source.author[:255]
        page.date = source.date or timezone.now()
        if source.date is None:
            source.warn(_("No date: the date of the import was used."))
        page.body = context.stream_data(blocks)
        page.tags.set(source.tags)
        page.categories.set(self.categories(source.categories, context.importer.cache))
        page.hero_images = self.hero_images(source, context)
        page.attachments = self.attachments(source, context)
        page.press_contact = self.press_contact(source, context.importer.cache)

    def take_first_paragraph(self, blocks, source):
        for index, block in enumerate(blocks):
            if block.type == "heading":
                break
            if block.type != "paragraph":
                continue
            match = FIRST_PARAGRAPH.match(block.value)
            if not match:
                break
            rest = block.value[match.end() :]
            if rest:
                blocks[index] = Block("paragraph", rest, block.line)
            else:
                del blocks[index]
            source.warn(_("No chapeau: the first paragraph became the chapeau."), block.line)
            return re.sub(r"\s+", " ", strip_tags(match.group(1))).strip()
        source.warn(_("No chapeau and no first paragraph to make one: the page stays a draft."))
        return ""

    def take_media_on_request(self, blocks):
        """The closing "photos et contacts … sur demande" line is a field of its own."""
        if not blocks or blocks[-1].type != "paragraph":
            return False
        last = blocks[-1]
        match = LAST_PARAGRAPH.search(last.value)
        if not match or not MEDIA_ON_REQUEST.search(strip_tags(match.group(1))):
            return False
        rest = last.value[: match.start()]
        if rest:
            blocks[-1] = Block("paragraph", rest, last.line)
        else:
            blocks.pop()
        return True

    def categories(self, names, cache):
        categories = []
        for name in names:
            key = ("category", name.lower())
            if key not in cache:
                category = NewsCategory.objects.filter(name__iexact=name).first()
                if category is None:
                    category = NewsCategory.objects.filter(slug=slugify(name)).first()
                if category is None:
                    category = NewsCategory.objects.create(name=name[:100])
                cache[key] = category
            categories.append(cache[key])
        return categories

    def hero_images(self, source, context):
        items = []
        for hero in source.hero:
            image, problem = context.resolver.image(hero.path)
            if image is None:
                if problem:
                    context.missing(hero.path, problem, hero.line)
                continue
            if not hero.alt:
                source.warn(
                    _(
                        "Hero image %(file)s has no alternative text: "
                        "add one before publishing it again."
                    )
                    % {"file": hero.path},
                    hero.line,
                )
            items.append(
                PressReleaseHeroImage(
                    image=image, alt_text=hero.alt[:255], caption=hero.caption[:255]
                )
            )
        return items

    def attachments(self, source, context):
        items = []
        for attachment in source.attachments:
            target, label = attachment.target, attachment.label[:255]
            if is_site_path(target):
                document, problem = context.resolver.document(target)
                if document is not None:
                    items.append(PressReleaseAttachment(document=document, label=label))
                    continue
                if problem:
                    context.missing(target, problem, attachment.line)
            elif not urlsplit(target).scheme and not target.startswith("/"):
                source.warn(
                    _("Attachment “%(target)s” read as a path of the former site.")
                    % {"target": target},
                    attachment.line,
                )
                target = "/" + target
            try:
                validate_link(target)
            except ValidationError:
                source.leftovers.setdefault("files", []).append({"target": target, "nom": label})
                source.warn(
                    _("Attachment “%(target)s” is not an address: kept in the import data.")
                    % {"target": target},
                    attachment.line,
                )
                continue
            items.append(PressReleaseAttachment(url=target[:500], label=label))
        return items

    def press_contact(self, source, cache):
        contact = source.contact
        if contact is None:
            return None
        key = ("contact", contact.name.lower(), contact.email.lower())
        if key not in cache:
            cache[key] = PressContact.objects.filter(
                name__iexact=contact.name, email__iexact=contact.email
            ).first() or self.create_press_contact(source)
        return cache[key]

    def create_press_contact(self, source):
        contact = source.contact
        created = PressContact.objects.create(name=contact.name[:255], email=contact.email[:254])
        for number in contact.phones:
            try:
                phone_validator(number)
            except ValidationError:
                source.warn(
                    _("Phone number “%(number)s” not understood: left out.") % {"number": number}
                )
                source.leftovers.setdefault("contact-presse", []).append({"tel": number})
                continue
            PressContactPhone.objects.create(contact=created, number=number)
        return created


ADAPTERS = {PressReleasePage: PressReleaseAdapter}


def adapter_for(model):
    return ADAPTERS.get(model, GenericAdapter)(model)


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
        self.to_index, self.index_batch = [], 100
        self.cache = {}  # categories and press contacts met so far in this run
        self.resolver = MediaResolver(media_root, dry_run=dry_run)
        site = self.parent.get_site()
        self.site_root = site.root_page if site else None
        self.root_url = site.root_url if site else ""

    def run(self, paths, on_result=None):
        report = Report()
        files, missing = collect(paths)
        self.to_index = []
        for argument in missing:
            result = FileResult(
                argument,
                "failed",
                error=_("%(path)s: no such file or folder.") % {"path": argument},
            )
            report.results.append(result)
            if on_result:
                on_result(result)
        for number, (key, path) in enumerate(files, start=1):
            result = self.import_file(key, path)
            report.results.append(result)
            if on_result:
                on_result(result)
            if number % self.index_batch == 0:
                self.update_search_index()
        self.update_search_index()
        return report

    def update_search_index(self):
        """Index what the last files created, in bulk: far cheaper than one by one."""
        by_model = {}
        for instance in self.to_index:
            model = type(instance)
            by_model.setdefault(model, set()).add(instance.pk)
        self.to_index = []
        for model, pks in by_model.items():
            if not search_index.class_is_indexed(model):
                continue
            objects = list(model.get_indexed_objects().filter(pk__in=pks))
            for _name, backend in get_search_backends_with_name(with_auto_update=True):
                backend.add_bulk(model, objects)

    def model_for(self, source):
        if source.layout == "page":
            generic = [model for model in self.models if model is not PressReleasePage]
            if generic:
                return generic[0]
        return self.models[0] if PressReleasePage not in self.models else PressReleasePage

    def import_file(self, key, path):
        try:
            raw = path.read_bytes()
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
                result = self.write(key, raw, checksum, record)
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

    def write(self, key, raw, checksum, record):
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

        page.import_metadata = {
            "source": key,
            "unknown": source.metadata,
            "kept": source.leftovers,
            "warnings": [self.describe(notice) for notice in source.notices],
            "missing_media": context.missing_media,
        }
        publish = self.should_publish(page, source)
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
        # Saves above may have left indexing to deferred_indexing(): index the result once.
        for instance in [page, *self.resolver.new_objects()]:
            ReferenceIndex.create_or_update_for_object(instance)
        self.to_index.append(page)
        self.to_index.extend(self.resolver.new_objects())
        return FileResult(key, status, page=page, notices=source.notices)

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
        while not Page._slug_is_available(candidate, self.parent):
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
    """The body's highest heading becomes a level 2 (the title is the level 1)."""
    levels = [block.value["level"] for block in blocks if block.type == "heading"]
    if not levels:
        return
    shift = 2 - min(levels)
    for block in blocks:
        if block.type == "heading":
            block.value["level"] = max(2, min(4, block.value["level"] + shift))
