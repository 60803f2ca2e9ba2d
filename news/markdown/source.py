"""Read a source file and turn its front matter into the fields of a page.

Real corpora are messy: keys in another case or spelling, empty values, Markdown in values,
lists where a string is expected. Everything is mapped as an editor would expect; what cannot
be mapped is kept in ``Source.metadata`` and reported, never dropped.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import yaml
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from cms.publishing.importing.records import Notice
from cms.publishing.importing.values import json_safe, parse_date

PARIS = ZoneInfo("Europe/Paris")
JEKYLL_POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")

# Bounds on what one file may cost, so that a hostile or broken file fails fast and alone.
# The corpus's longest page is under 100 kB and its front matters under 5 kB. markdown-it
# reads some 150 kB of text a second, and a text made to be slow (thousands of "[") 30 kB:
# at most 512 kB keeps any file within seconds.
MAX_FILE_SIZE = 512 * 1024  # bytes, checked before the file is read
MAX_FRONT_MATTER_SIZE = 100_000  # characters
# Values of the front matter once its aliases (``*name``) are expanded: a few lines of nested
# aliases ("billion laughs") would otherwise expand to billions of values.
MAX_FRONT_MATTER_VALUES = 10_000
MAX_FRONT_MATTER_DEPTH = 20  # lists and mappings inside one another


class SourceError(Exception):
    """A file that cannot be imported at all: unreadable, broken YAML, invalid date."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class HeroImage:
    path: str
    alt: str = ""
    caption: str = ""
    line: int | None = None
    decorative: bool = False  # an empty alt, by the RGAA: screen readers skip the image


# What the exporter writes for a decorative image, as the corpus's editors did.
DECORATIVE_ALT_TEXT = "image décorative"
# What the corpus writes for "no alternative text, on purpose" (accents, case and punctuation
# aside): an empty ``alt`` by the RGAA, not a sentence for screen readers to read out.
DECORATIVE_ALT_TEXTS = {
    "",
    "decorative",
    "decoratif",
    "image decorative",
    "image decoratif",
    "photo decorative",
    "illustration decorative",
    "visuel decoratif",
    "decoration",
    "image de decoration",
    "aucune",
    "aucun",
    "aucune alternative",
    "aucune alternative textuelle",
    "alt vide",
    "vide",
    "none",
}


def is_decorative_alt(text):
    """Whether an alternative text says that the image is decorative (or is empty)."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split()) in DECORATIVE_ALT_TEXTS


@dataclass
class Attachment:
    target: str  # an address or a /uploads/... path
    label: str = ""
    is_file: bool = False  # front matter said `file:` rather than `lien:`
    line: int | None = None


@dataclass
class Contact:
    name: str
    phones: list = field(default_factory=list)
    email: str = ""


@dataclass
class Source:
    """What a file says, front matter mapped to page fields, body still as text."""

    key: str
    text: str
    checksum: str
    has_front_matter: bool = False
    body: str = ""
    body_line: int = 0  # lines before the body, to report file line numbers
    front_matter: str = ""  # the text before the body, where keys are looked for
    title: str = ""
    slug: str = ""
    date: dt.datetime | None = None
    chapeau: str = ""
    tags: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    hero: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    contact: Contact | None = None
    author: str = ""
    layout: str = ""
    published: bool = True
    front_slug: str = ""  # `slug:` as written: Jekyll's :title, hence the old address
    permalink: str = ""  # the old address, as written
    redirect: str = ""  # a news item whose card linked elsewhere: its target
    redirect_key: str = ""  # the key that gave it, written back by the export
    metadata: dict = field(default_factory=dict)  # unknown front matter keys, verbatim
    leftovers: dict = field(default_factory=dict)  # parts of known keys that could not be mapped
    notices: list = field(default_factory=list)

    def warn(self, message, line=None):
        self.notices.append(Notice(message, line))


def normalise_key(key):
    """`Chapeau_Text`, `chapeau text` and `chapeau-text` are the same key."""
    text = unicodedata.normalize("NFKD", str(key)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_]+", "-", text.strip().lower())


# Front matter keys and the spellings met in the wild, by the field they fill.
KEY_ALIASES = {
    "title": ("title", "titre"),
    "date": ("date", "published-at", "date-de-publication", "publication-date"),
    "tags": ("tags", "tag", "mots-cles", "mot-cle", "keywords"),
    "categories": ("categories", "category", "categorie"),
    "chapeau": ("chapeau-text", "chapeau", "chapo", "chapeau-texte", "lead", "excerpt"),
    "hero": ("une-ou-diaporama", "une", "diaporama", "hero", "image-une"),
    "files": ("files", "fichiers", "attachments", "pieces-jointes"),
    "file": ("file", "fichier"),
    "contact": ("contact-presse", "contact", "press-contact", "contacts-presse"),
    "author": ("auteur", "author", "autrice", "auteurs", "authors"),
    "layout": ("layout",),
    "slug": ("slug",),
    "permalink": ("permalink",),
    "redirect": ("redirection", "redirect-to", "redirection-interne"),
    "published": ("published", "publie"),
    "description": ("description", "resume", "summary"),
}
FIELD_FOR_KEY = {alias: name for name, aliases in KEY_ALIASES.items() for alias in aliases}

_inline_markdown = MarkdownIt("commonmark")


def plain_text(value, separator=" "):
    """A front matter value as plain text: Markdown rendered then its tags removed.

    A list where a string is expected is joined, with ``separator``.
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return separator.join(part for part in (plain_text(item) for item in value) if part)
    if isinstance(value, dict):
        return " ".join(plain_text(item) for item in value.values() if item)
    text = str(value).strip()
    if not re.search(r"[*_`\[\]<>\\]", text):
        return re.sub(r"\s+", " ", text)
    html = _inline_markdown.render(text)
    stripped = re.sub(r"<[^>]+>", "", html)
    stripped = (
        stripped.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
    )
    return re.sub(r"\s+", " ", stripped).strip()


def string_list(value):
    """Tags or categories: a list, or a string separated by commas."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple):
        items = []
        for item in value:
            items.extend(string_list(item) if isinstance(item, list | tuple) else [item])
    else:
        items = [value]
    seen, result = set(), []
    for item in items:
        text = plain_text(item)
        if text and text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    return result


def check_size(size, key):
    """A file too large to be a page fails before it is read."""
    if size > MAX_FILE_SIZE:
        raise SourceError(
            _("%(file)s is too large to be a page (%(size)s, at most %(limit)s).")
            % {"file": key, "size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_SIZE)}
        )


def decode(raw, key):
    """Bytes to text: UTF-8 (with or without BOM); anything else fails with its line."""
    check_size(len(raw), key)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(
            _("%(file)s is not UTF-8 text (byte %(byte)s at line %(line)d).")
            % {"file": key, "byte": hex(raw[error.start]), "line": line},
            line,
        ) from error
    if "\x00" in text:
        # Text never holds NUL characters (and PostgreSQL refuses them): a binary file.
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(
            _("%(file)s is not a text file (NUL character at line %(line)d).")
            % {"file": key, "line": line},
            line,
        )
    # Composed accents ("é" as one character, not "e" and a combining accent, as some editors
    # on macOS save it): what readers type in the search, and what HTML expects.
    return unicodedata.normalize("NFC", text)


def split_front_matter(text, key):
    """(front matter dict or None, body, number of lines before the body)."""
    if not re.match(r"-{3,}[ \t]*\r?\n", text):
        return None, text, 0
    handler = YAMLHandler()
    try:
        front, body = handler.split(text)
    except ValueError as error:
        raise SourceError(
            _("%(file)s: the front matter opened at line 1 is never closed by “---”.")
            % {"file": key},
            1,
        ) from error
    if len(front) > MAX_FRONT_MATTER_SIZE:
        raise SourceError(
            _("%(file)s: the front matter is longer than %(limit)d characters.")
            % {"file": key, "limit": MAX_FRONT_MATTER_SIZE},
            1,
        )
    try:
        # A SafeLoader, bounded.
        data = yaml.load(front, Loader=FrontMatterLoader)  # noqa: S506
    except FrontMatterTooLarge as error:
        line = error.mark.line + 1 if error.mark else 1
        raise SourceError(
            _("%(file)s, line %(line)d: %(problem)s")
            % {"file": key, "line": line, "problem": error},
            line,
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise SourceError(
            _("%(file)s, line %(line)d: invalid front matter (%(problem)s).")
            % {"file": key, "line": line, "problem": problem},
            line,
        ) from error
    body_start = len(text) - len(body)
    return data, body, text[:body_start].count("\n")


class FrontMatterTooLarge(yaml.YAMLError):
    """A front matter past the bounds: nested too deep, or aliases expanding too far."""

    def __init__(self, message, mark=None):
        super().__init__(message)
        self.mark = mark


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, bounded.

    Aliases (``*name``) are kept, as YAML allows them, but a document may not expand to more
    than ``MAX_FRONT_MATTER_VALUES`` values once they are, nor nest deeper than
    ``MAX_FRONT_MATTER_DEPTH``: checked on the composed nodes, where an alias is one shared
    node, before any value is built. (libyaml's loader composes in C, out of reach of both
    checks: the front matter's bounded size keeps this one fast.)
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_FRONT_MATTER_DEPTH:
                raise FrontMatterTooLarge(too_deep_message(), self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            count_values(node)
        return node


def too_deep_message():
    return _("lists and mappings are nested more than %(limit)d levels deep.") % {
        "limit": MAX_FRONT_MATTER_DEPTH
    }


def count_values(root):
    """The number of values ``root`` holds with its aliases expanded, within the bounds.

    Each node is counted once and its total reused wherever an alias repeats it, so the count
    costs what the file's text does, not what its expansion would.
    """
    totals = {}  # id(node): (values, depth) of the node's expansion
    open_nodes = set()

    def visit(node, level):
        if id(node) in totals:
            values, depth = totals[id(node)]
        else:
            if id(node) in open_nodes:
                raise FrontMatterTooLarge(
                    _("an alias refers to the list or mapping that holds it."), node.start_mark
                )
            if level > MAX_FRONT_MATTER_DEPTH:
                raise FrontMatterTooLarge(too_deep_message(), node.start_mark)
            open_nodes.add(id(node))
            values, depth = 1, 1
            if isinstance(node, yaml.SequenceNode):
                children = node.value
            elif isinstance(node, yaml.MappingNode):
                children = [item for pair in node.value for item in pair]
            else:
                children = []
            for child in children:
                child_values, child_depth = visit(child, level + 1)
                values, depth = values + child_values, max(depth, child_depth + 1)
                if values > MAX_FRONT_MATTER_VALUES:
                    raise FrontMatterTooLarge(
                        _(
                            "the front matter's aliases (*name) expand it to more than "
                            "%(limit)d values."
                        )
                        % {"limit": MAX_FRONT_MATTER_VALUES},
                        node.start_mark,
                    )
            open_nodes.discard(id(node))
            totals[id(node)] = values, depth
        if level + depth - 1 > MAX_FRONT_MATTER_DEPTH:
            raise FrontMatterTooLarge(too_deep_message(), node.start_mark)
        return values, depth

    return visit(root, 1)


def front_matter_line(text, name):
    """The line where a front matter key is written, for messages."""
    match = re.search(rf"(?m)^{re.escape(str(name))}\s*:", text)
    return text[: match.start()].count("\n") + 1 if match else None


def read_source(key, raw, checksum):
    """Parse a file's bytes into a Source; raises SourceError when nothing can be imported."""
    text = decode(raw, key).replace("\r\n", "\n")
    source = Source(key=key, text=text, checksum=checksum)
    data, body, body_line = split_front_matter(text, key)
    source.body, source.body_line = body, body_line
    source.front_matter = text[: len(text) - len(body)]
    source.has_front_matter = data is not None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(
            _("%(file)s, line 2: the front matter is not a list of “key: value” lines.")
            % {"file": key},
            2,
        )
    apply_file_name(source, key)
    for name, value in data.items():
        apply_key(source, name, value)
    return source


def apply_file_name(source, key):
    """Jekyll posts carry their date and slug in the file name."""
    stem = PurePosixPath(key).stem
    match = JEKYLL_POST_NAME.match(stem)
    if match:
        year, month, day, slug = match.groups()
        try:
            source.date = dt.datetime(int(year), int(month), int(day), tzinfo=PARIS)
        except ValueError:
            source.warn(
                _("The date in the file name is not a real day: %(name)s.") % {"name": stem}
            )
        source.slug = slugify(slug)
    else:
        source.slug = slugify(stem)


def apply_key(source, name, value):
    field_name = FIELD_FOR_KEY.get(normalise_key(name))
    line = front_matter_line(source.front_matter, name)
    if field_name is None:
        source.metadata[str(name)] = json_safe(value)
        source.warn(
            _("Unknown front matter key “%(key)s”: kept in the page's import data.")
            % {"key": name},
            line,
        )
        return
    if value is None or value == "" or value == [] or value == {}:
        return
    if field_name == "redirect":
        source.redirect_key = str(name)
    handler = globals()[f"_apply_{field_name}"]
    handler(source, value, line)


def _apply_title(source, value, line):
    # `title: [a, b]` is YAML for a list: the comma was part of the title.
    source.title = plain_text(value, separator=", ")


def _apply_slug(source, value, line):
    source.front_slug = str(value).strip()
    _set_slug(source, value)


def _apply_permalink(source, value, line):
    source.permalink = str(value).strip()
    _set_slug(source, value)


def _apply_redirect(source, value, line):
    source.redirect = str(value).strip()


def _set_slug(source, value):
    slug = slugify(str(value).strip("/").rsplit("/", 1)[-1].removesuffix(".html"))
    if slug:
        source.slug = slug


def _apply_date(source, value, line):
    try:
        source.date = parse_date(value)
    except (ValueError, TypeError, OverflowError) as error:
        raise SourceError(
            _(
                "%(file)s, line %(line)s: “%(value)s” is not a date "
                "(expected e.g. 2018-01-15 23:00:00 +01:00)."
            )
            % {"file": source.key, "line": line or "?", "value": value},
            line,
        ) from error


def _apply_tags(source, value, line):
    source.tags = string_list(value)


def _apply_categories(source, value, line):
    source.categories = string_list(value)


def _apply_chapeau(source, value, line):
    text = plain_text(value)
    if isinstance(value, str) and text != re.sub(r"\s+", " ", value.strip()):
        source.warn(_("Formatting removed from the chapeau, which is plain text."), line)
    source.chapeau = text


def _apply_description(source, value, line):
    # A description serves as the chapeau when the file has none of its own.
    if not source.chapeau:
        _apply_chapeau(source, value, line)
    else:
        source.leftovers["description"] = json_safe(value)


def _apply_author(source, value, line):
    source.author = plain_text(value, separator=", ")


def _apply_layout(source, value, line):
    source.layout = plain_text(value).lower()


def _apply_published(source, value, line):
    source.published = str(value).strip().lower() not in ("false", "no", "non", "0")


def _apply_hero(source, value, line):
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            source.hero.append(HeroImage(path=item.strip(), line=line))
            continue
        if not isinstance(item, dict):
            source.warn(_("Hero image entry not understood: %(value)s.") % {"value": item}, line)
            continue
        fields = {normalise_key(k): v for k, v in item.items()}
        path = fields.pop("image", None) or fields.pop("src", None) or fields.pop("url", None)
        if not path:
            source.warn(_("Hero image entry without an image: %(value)s.") % {"value": item}, line)
            continue
        hero = HeroImage(path=str(path).strip(), line=line)
        has_alt = "alternative-textuelle" in fields or "alt" in fields
        hero.alt = plain_text(
            fields.pop("alternative-textuelle", None) or fields.pop("alt", None) or ""
        )
        # Only a key written is a choice: without one, the alternative text is missing.
        if has_alt and is_decorative_alt(hero.alt):
            if not hero.alt:
                source.warn(
                    _("Hero image %(file)s has an empty alternative text: marked as decorative.")
                    % {"file": hero.path},
                    line,
                )
            hero.alt, hero.decorative = "", True
        hero.caption = plain_text(fields.pop("legende", None) or fields.pop("caption", None) or "")
        for extra, extra_value in fields.items():
            source.leftovers.setdefault("une-ou-diaporama", []).append(
                {extra: json_safe(extra_value)}
            )
            source.warn(
                _("Unknown hero image key “%(key)s”: kept in the page's import data.")
                % {"key": extra},
                line,
            )
        source.hero.append(hero)


def _apply_files(source, value, line):
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            source.attachments.append(Attachment(target=item.strip(), line=line))
            continue
        if not isinstance(item, dict):
            source.warn(_("Attachment entry not understood: %(value)s.") % {"value": item}, line)
            continue
        fields = {normalise_key(k): v for k, v in item.items()}
        target = fields.pop("file", None) or fields.pop("fichier", None)
        is_file = bool(target)
        target = target or fields.pop("lien", None) or fields.pop("url", None)
        label = plain_text(fields.pop("nom", None) or fields.pop("name", None) or "")
        fields.pop("lien", None)
        if not target:
            source.warn(
                _("Attachment without a file or an address: %(value)s.") % {"value": item}, line
            )
            continue
        source.attachments.append(
            Attachment(target=str(target).strip(), label=label, is_file=is_file, line=line)
        )
        for extra in fields:
            source.warn(
                _("Unknown attachment key “%(key)s”: kept in the page's import data.")
                % {"key": extra},
                line,
            )
            source.leftovers.setdefault("files", []).append({extra: json_safe(fields[extra])})


def _apply_file(source, value, line):
    # The single `file:` of older releases is one attachment.
    if isinstance(value, str):
        source.attachments.append(Attachment(target=value.strip(), is_file=True, line=line))
    else:
        _apply_files(source, value, line)


def _apply_contact(source, value, line):
    entries = value if isinstance(value, list) else [value]
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            source.warn(_("Press contact not understood: %(value)s.") % {"value": entry}, line)
            continue
        fields = {normalise_key(k): v for k, v in entry.items()}
        name = plain_text(fields.pop("name", None) or fields.pop("nom", None) or "")
        phones = string_list(fields.pop("tel", None) or fields.pop("telephone", None) or [])
        email = plain_text(fields.pop("email", None) or fields.pop("mail", None) or "")
        if not name and not email:
            source.warn(_("Press contact without a name: %(value)s.") % {"value": entry}, line)
            continue
        if index == 0:
            source.contact = Contact(name=name or email, phones=phones, email=email)
        else:
            source.leftovers.setdefault("contact-presse", []).append(json_safe(entry))
            source.warn(
                _("Only one press contact per release: “%(name)s” kept in the import data.")
                % {"name": name or email},
                line,
            )
        for extra in fields:
            source.warn(
                _("Unknown press contact key “%(key)s”: kept in the page's import data.")
                % {"key": extra},
                line,
            )
            source.leftovers.setdefault("contact-presse", []).append(
                {extra: json_safe(fields[extra])}
            )
