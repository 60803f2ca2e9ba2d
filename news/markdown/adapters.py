"""How a parsed source file fills a page: its blocks resolved, its fields set.

``ImportContext`` resolves what a file refers to (media under ``--media-root``, pages of the
site); an adapter per page type maps the file's front matter and blocks onto the page.
"""

import html
import re
import uuid
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.publishing.importing.media import file_suffix, is_site_path
from cms.publishing.importing.values import json_safe
from news.markdown.kramdown import Block, strip_tags
from news.markdown.source import is_decorative_alt
from news.models import (
    NewsCategory,
    PressContact,
    PressContactPhone,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
    phone_validator,
    validate_link,
)

# The closing line of the corpus's releases, which the model keeps as a boolean.
MEDIA_ON_REQUEST_SENTENCE = (
    "Des photos et contacts pour témoignages peuvent être transmis sur demande."
)
MEDIA_ON_REQUEST = re.compile(r"photos?\s+et\s+contacts?\b.{0,60}\bsur\s+demande", re.IGNORECASE)
FIRST_PARAGRAPH = re.compile(r"^<p>(.*?)</p>", re.DOTALL)
LAST_PARAGRAPH = re.compile(r"<p>((?:(?!<p>).)*?)</p>$", re.DOTALL)
LINK = re.compile(r'<a href="([^"]*)">')
NOT_TEXT = re.compile(r"<(script|style|iframe)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


class ImportContext:
    """What resolving a file's blocks needs: media, the site's pages, the source's report."""

    def __init__(self, importer, source):
        self.importer = importer
        self.resolver = importer.resolver
        self.source = source
        self.missing_media = []
        # What editors should complete, for the report of imported pages ("chapeau",
        # "alt_text"); the importer adds kept HTML and missing files.
        self.to_complete = {}

    def warn(self, message, line=None):
        self.source.warn(message, line)

    def lacks_alt_text(self, path):
        self.to_complete.setdefault("alt_text", []).append(path)

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
            if file_suffix(path):
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
            if file_suffix(urlsplit(href).path):
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
            # "![image décorative](...)" says the image is decorative: an empty alt.
            decorative = is_decorative_alt(value["alt"])
            alt = "" if decorative else value["alt"]
            image, problem = self.resolver.image(value["src"])
            if image is None and problem:
                self.missing(value["src"], problem, line)
                src = html.escape(value["src"], quote=True)
                return "html", f'<img src="{src}" alt="{html.escape(alt, quote=True)}">'
            if not value["alt"].strip():
                self.lacks_alt_text(value["src"])
                self.warn(
                    _("Image %(file)s has no alternative text: marked as decorative.")
                    % {"file": value["src"]},
                    line,
                )
            return "image", {
                "image": {
                    "image": image.pk if image else None,
                    "alt_text": alt,
                    "decorative": decorative,
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
        if source.redirect:
            self.keep(source, source.redirect_key, source.redirect)
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
            source.chapeau = self.make_chapeau(blocks, source, context)
        page.media_on_request = self.take_media_on_request(blocks)
        page.link_url = self.link_url(source)
        page.title = source.title[:255]
        page.chapeau = source.chapeau
        page.author = source.author[:255]
        # A date the file does not give is never made up: such a release would list as the
        # newest one. Without one it cannot be published, and stays a draft until an editor
        # sets it.
        page.date = source.date
        if source.date is None:
            source.warn(_("No date in the file: none was made up."))
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
        return ""

    def make_chapeau(self, blocks, source, context):
        """The former site showed a page without ``chapeau-text``: one is made, so that it
        stays public, and the report of imported pages asks editors to check it."""
        chapeau, origin = self.take_first_paragraph(blocks, source), "paragraph"
        if not chapeau:
            chapeau, origin = lead(first_text(blocks)), "text"
            if chapeau:
                source.warn(_("No chapeau: it was taken from the beginning of the text."))
        if not chapeau:
            chapeau, origin = source.title, "title"
            source.warn(_("No chapeau and no text: the title is the chapeau."))
        context.to_complete["chapeau"] = {"from": origin, "text": chapeau}
        return chapeau

    def link_url(self, source):
        """A news item whose card linked elsewhere: its target (``redirection-interne`` is a
        path of the site; ``redirection`` and ``redirect_to`` are addresses)."""
        target = source.redirect
        if not target:
            return ""
        if not urlsplit(target).scheme and not target.startswith("/"):
            target = "/" + target
        try:
            validate_link(target)
        except ValidationError:
            source.leftovers[source.redirect_key] = target
            source.warn(
                _("“%(key)s: %(target)s” is not an address: kept in the import data.")
                % {"key": source.redirect_key, "target": target}
            )
            return ""
        return target[:500]

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
            if not hero.alt and not hero.decorative:
                context.lacks_alt_text(hero.path)
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
                    image=image,
                    alt_text=hero.alt[:255],
                    decorative=hero.decorative,
                    caption=hero.caption[:255],
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


def first_text(blocks):
    """The text of the first block that has some, whatever its kind, as plain text."""
    for block in blocks:
        value = block.value
        if block.type in ("paragraph", "html"):
            text = strip_tags(NOT_TEXT.sub(" ", str(value)))
        elif block.type == "heading":
            text = value["text"]
        elif block.type == "callout":
            text = f"{value.get('title', '')} {strip_tags(value.get('text', ''))}"
        elif block.type == "quote":
            text = value["text"]
        elif block.type == "important_link":
            text = value["label"]
        elif block.type == "key_figures":
            text = " ".join(f"{item['figure']} {item['label']}" for item in value["figures"])
        else:
            continue
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            return text
    return ""


def lead(text, limit=300):
    """The first sentence of ``text`` if it is not too long, else its first words."""
    match = re.match(rf"(.{{20,{limit - 1}}}?[.!?…])(?:\s|$)", text)
    if match:
        return match.group(1)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


ADAPTERS = {PressReleasePage: PressReleaseAdapter}


def adapter_for(model):
    return ADAPTERS.get(model, GenericAdapter)(model)
