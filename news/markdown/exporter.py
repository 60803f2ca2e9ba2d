"""Write press releases back as Jekyll front matter and Markdown, in the importer's conventions.

The output imports back to the same pages: exporting, importing the export into an empty
database and exporting again gives identical files. Media files are copied to ``uploads/``
beside the Markdown files and referenced as ``/uploads/<name>``.
"""

import re
from pathlib import Path, PurePosixPath

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.publishing.models import ImportRecord
from news.markdown.adapters import MEDIA_ON_REQUEST_SENTENCE
from news.markdown.source import DECORATIVE_ALT_TEXT
from news.models import PressReleasePage

MEDIA_FOLDER = "uploads"


class FrontMatterDumper(yaml.SafeDumper):
    """YAML as Jekyll writes it: dates unquoted, unicode as is, lists indented under keys."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, indentless=False)


class JekyllDate(str):
    pass


FrontMatterDumper.add_representer(
    JekyllDate, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
)


def jekyll_date(moment):
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return JekyllDate(f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}")


# -- Markdown text -----------------------------------------------------------------------------
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|])")
LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")


def escape(text):
    """Plain text as Markdown that reads back as the same text."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return text


def escape_line_start(text):
    return LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


class MarkdownWriter:
    """Turns a page's blocks and rich text into Markdown; collects the media to copy."""

    def __init__(self, exporter):
        self.exporter = exporter

    # -- rich text ---------------------------------------------------------------------------
    def rich_text(self, html):
        soup = BeautifulSoup(str(html), "html.parser")
        parts = []
        list_marker = 0
        for element in soup.contents:
            if isinstance(element, NavigableString):
                text = self.inline(element).strip()
                if text:
                    parts.append(escape_line_start(text))
                continue
            if element.name in ("ul", "ol"):
                # Two lists in a row would merge in Markdown unless their markers differ.
                parts.append(self.list(element, marker="*-"[list_marker]))
                list_marker ^= 1
                continue
            list_marker = 0
            text = self.inline(element).strip()
            if text:
                parts.append(escape_line_start(text))
        return "\n\n".join(parts)

    def list(self, element, marker="*", indent=""):
        lines = []
        for number, item in enumerate(element.find_all("li", recursive=False), start=1):
            bullet = f"{number}." if element.name == "ol" else marker
            pad = indent + " " * (len(bullet) + 1)
            nested = [
                child
                for child in item.children
                if isinstance(child, Tag) and child.name in ("ul", "ol")
            ]
            text = "".join(
                self.inline(child)
                for child in item.children
                if not (isinstance(child, Tag) and child.name in ("ul", "ol"))
            ).strip()
            text = text.replace("\\\n", "\\\n" + pad)
            lines.append(f"{indent}{bullet} {escape_line_start(text)}".rstrip())
            for child in nested:
                lines.append(self.list(child, marker="*" if marker == "-" else "-", indent=pad))
        return "\n".join(lines)

    def inline(self, node):
        if isinstance(node, NavigableString):
            return escape(re.sub(r"\s+", " ", str(node)))
        name = node.name
        content = "".join(self.inline(child) for child in node.children)
        if name in ("b", "strong"):
            return self.wrap(content, "**")
        if name in ("i", "em"):
            return self.wrap(content, "*")
        if name in ("s", "del", "strike"):
            return self.wrap(content, "~~")
        if name == "br":
            return "\\\n"
        if name in ("sup", "sub"):
            return f"<{name}>{content}</{name}>"
        if name == "a":
            href = self.link_href(node)
            if not href:
                return content
            return f"[{content}]({self.destination(href)})"
        if name in ("p", "div", "h2", "h3", "h4", "h5", "h6"):
            return content
        return content

    @staticmethod
    def wrap(content, marker):
        stripped = content.strip()
        if not stripped:
            return content
        # Emphasis must not start or end with a space in Markdown: keep those outside.
        leading = content[: len(content) - len(content.lstrip())]
        trailing = content[len(content.rstrip()) :]
        return f"{leading}{marker}{stripped}{marker}{trailing}"

    def link_href(self, node):
        linktype = node.get("linktype")
        if linktype == "page":
            page = Page.objects.filter(pk=node.get("id")).first()
            return self.exporter.page_path(page) if page else ""
        if linktype == "document":
            document = get_document_model().objects.filter(pk=node.get("id")).first()
            return self.exporter.media_path(document) if document else ""
        return node.get("href", "")

    @staticmethod
    def destination(href):
        return f"<{href}>" if re.search(r"[\s()<>]", href) else href

    # -- blocks ------------------------------------------------------------------------------
    def body(self, page):
        parts = []
        for block in page.body:
            text = self.block(block.block_type, block.value)
            if text:
                parts.append(text)
        if page.media_on_request:
            parts.append(f"*{MEDIA_ON_REQUEST_SENTENCE}*")
        return "\n\n".join(parts)

    def block(self, kind, value):
        method = getattr(self, f"block_{kind}", None)
        return method(value) if method else ""

    def block_paragraph(self, value):
        return self.rich_text(value.source)

    def block_heading(self, value):
        level = {"h2": 2, "h3": 3, "h4": 4}.get(value["level"], 2)
        return "#" * level + " " + escape(value["text"].strip())

    def block_callout(self, value):
        lines = []
        if value["title"]:
            lines += [f"### {escape(value['title'].strip())}", ""]
        lines += self.rich_text(value["text"].source).split("\n")
        classes = ".encadre .exergue" if value["style"] == "highlight" else ".encadre"
        return quote_lines(lines) + "\n{: " + classes + "}"

    def block_quote(self, value):
        quote = quote_lines(self.multiline(value["text"]))
        text = quote + "\n{: .citation}"
        author = ", ".join(
            part.strip() for part in (value["author"], value["author_role"]) if part.strip()
        )
        if author:
            text += "\n\n" + quote_lines([escape(author)]) + "\n{: .auteur-citation}"
        return text

    def multiline(self, text):
        lines = []
        for paragraph in re.split(r"\n\s*\n", text.strip()):
            if lines:
                lines.append("")
            rows = [escape_line_start(escape(row.strip())) for row in paragraph.split("\n")]
            lines.append("\\\n".join(rows))
        return "\n".join(lines).split("\n")

    def block_important_link(self, value):
        page = value.get("page")
        href = self.exporter.page_path(page) if page else value.get("url") or ""
        if not href:
            return ""
        link = f"[{escape(value['label'].strip())}]({self.destination(href)})"
        if value.get("new_tab"):
            link += '{: target="_blank"}'
        return quote_lines([link]) + "\n{: .lien-important}"

    def block_image(self, value):
        image = value["image"]
        if image is None:
            return ""
        alt = (
            ""
            if getattr(image, "decorative", False)
            else getattr(image, "contextual_alt_text", "") or ""
        )
        path = self.exporter.media_path(image)
        caption = value.get("caption") or ""
        title = ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"' if caption else ""
        return f"![{escape(alt)}]({self.destination(path)}{title})"

    def block_document(self, value):
        document = value["document"]
        if document is None:
            return ""
        label = value.get("label") or document.title
        destination = self.destination(self.exporter.media_path(document))
        return f"[{escape(label)}]({destination})\n{{: .telechargement}}"

    def block_embed(self, value):
        if not value.get("video"):
            return ""
        parts = [
            f"[{escape(value['title'])}]({self.destination(value['video'].url)})\n{{: .video}}"
        ]
        if value.get("caption"):
            parts.append(escape_line_start(escape(value["caption"])) + "\n{: .legende}")
        if value.get("transcript"):
            transcript = "\\\n".join(
                escape_line_start(escape(row))
                for row in value["transcript"].splitlines()
                if row.strip()
            )
            parts.append(transcript + "\n{: .transcription}")
        return "\n\n".join(parts)

    def block_key_figures(self, value):
        lines = [
            f"* **{escape(item['figure'].strip())}** {escape(item['label'].strip())}".rstrip()
            for item in value["figures"]
        ]
        attributes = ".chiffres-cles"
        if value.get("title"):
            attributes += f' title="{value["title"].replace(chr(34), chr(39))}"'
        return "\n".join(lines) + "\n{: " + attributes + "}"

    def block_table(self, value):
        rows = [
            [escape(str(cell or "")).replace("\n", " ") for cell in row]
            for row in value.get("data") or []
        ]
        if not rows or not rows[0]:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        choice = value.get("table_header_choice") or (
            "row" if value.get("first_row_is_table_header") else "neither"
        )
        attributes = []
        if choice in ("neither", "column", "col"):
            attributes.append(".sans-entete")
        if choice in ("column", "col", "both"):
            attributes.append(".entete-colonne")
        if value.get("table_caption"):
            caption = value["table_caption"].replace('"', "'")
            attributes.append(f'caption="{caption}"')
        if attributes:
            lines.append("{: " + " ".join(attributes) + "}")
        return "\n".join(lines)

    def block_html(self, value):
        return str(value).strip()


def redirect_key(page):
    """The front matter key of a redirect item: the one it was imported with, else the
    former site's for its kind of target."""
    key = (page.import_metadata or {}).get("redirect_key")
    if key:
        return key
    return "redirection-interne" if page.link_url.startswith("/") else "redirection"


def quote_lines(lines):
    return "\n".join(f"> {line}".rstrip() for line in lines)


class MarkdownExporter:
    """Writes press releases into a folder, media in its ``uploads/`` subfolder."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.media_names = {}  # (model, pk) -> file name
        self.taken = {}  # file name -> file hash

    def pages(self):
        return (
            PressReleasePage.objects.all()
            .order_by("date", "title", "slug")
            .prefetch_related("tags", "categories", "hero_images__image", "attachments__document")
        )

    def export(self, pages=None):
        written = []
        self.directory.mkdir(parents=True, exist_ok=True)
        for page in pages if pages is not None else self.pages():
            name, text = self.render(
                page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            )
            path = self.directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return written

    def file_name(self, page):
        record = ImportRecord.objects.filter(page_id=page.pk).order_by("pk").first()
        if record is not None:
            return str(PurePosixPath(record.source).with_suffix(".md"))
        if page.date is None:
            return f"{page.slug}.md"
        return f"{timezone.localtime(page.date):%Y-%m-%d}-{page.slug}.md"

    def render(self, page):
        name = self.file_name(page)
        writer = MarkdownWriter(self)
        front = {"title": page.title}
        if page.date is not None:  # a draft may have none yet
            front["date"] = jekyll_date(page.date)
        stem_slug = slugify(re.sub(r"^\d{4}-\d{2}-\d{2}-", "", PurePosixPath(name).stem))
        if page.slug != stem_slug:
            front["slug"] = page.slug
        categories = sorted(category.name for category in page.categories.all())
        if categories:
            front["categories"] = categories
        tags = sorted((tag.name for tag in page.tags.all()), key=str.lower)
        if tags:
            front["tags"] = tags
        if page.chapeau:
            front["chapeau-text"] = page.chapeau
        hero = []
        for item in page.hero_images.all():
            entry = {"image": self.media_path(item.image)}
            if item.decorative:
                entry["alternative-textuelle"] = DECORATIVE_ALT_TEXT
            elif item.alt_text:
                entry["alternative-textuelle"] = item.alt_text
            if item.caption:
                entry["legende"] = item.caption
            hero.append(entry)
        if hero:
            front["une-ou-diaporama"] = hero
        files = []
        for attachment in page.attachments.all():
            entry = (
                {"file": self.media_path(attachment.document)}
                if attachment.document_id
                else {"lien": attachment.url}
            )
            if attachment.label:
                entry["nom"] = attachment.label
            files.append(entry)
        if files:
            front["files"] = files
        contact = page.press_contact
        if contact is not None:
            entry = {"name": contact.name}
            if contact.phone_numbers:
                entry["tel"] = contact.phone_numbers
            if contact.email:
                entry["email"] = contact.email
            front["contact-presse"] = entry
        if page.author:
            front["auteur"] = page.author
        if page.link_url:
            front[redirect_key(page)] = page.link_url
        if not page.live and not page.go_live_at:
            front["published"] = False
        for key, value in (page.import_metadata or {}).get("unknown", {}).items():
            front.setdefault(key, value)
        yaml_text = yaml.dump(
            front, Dumper=FrontMatterDumper, allow_unicode=True, sort_keys=False, width=10**6
        )
        body = writer.body(page)
        return name, f"---\n{yaml_text}---\n\n{body}\n" if body else f"---\n{yaml_text}---\n"

    def page_path(self, page):
        if isinstance(page, int):
            page = Page.objects.filter(pk=page).first()
        if page is None:
            return ""
        site = page.get_site()
        if site is None:
            return page.url_path
        return "/" + page.url_path[len(site.root_page.url_path) :]

    def media_path(self, media):
        key = (type(media)._meta.label, media.pk)
        if key not in self.media_names:
            extension = PurePosixPath(media.file.name).suffix.lower()
            stem = slugify(media.title) or (
                "image" if isinstance(media, get_image_model()) else "document"
            )
            digest = media.file_hash or str(media.pk)
            name = f"{stem}{extension}"
            if self.taken.get(name, digest) != digest:
                name = f"{stem}-{digest[:8]}{extension}"
            self.taken[name] = digest
            self.media_names[key] = name
            target = self.directory / MEDIA_FOLDER / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with media.file.open("rb") as source:
                target.write_bytes(source.read())
        return f"/{MEDIA_FOLDER}/{self.media_names[key]}"
