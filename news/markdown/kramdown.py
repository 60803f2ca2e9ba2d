"""Markdown with kramdown attribute lists, turned into body blocks.

markdown-it-py parses CommonMark; kramdown's attribute lists (``{: .encadre}`` on the line
after a block, ``{: target="_blank"}`` after a link) are not CommonMark, so each attribute line
is first replaced by an HTML comment that closes the block before it, then applied to that
block when the syntax tree is walked:

- ``{: .encadre}`` on a blockquote or paragraph: an encadré (``callout``), its first heading as
  title, lists kept (``{: .encadre .exergue}``: the side-line style);
- ``{: .citation}`` then ``{: .auteur-citation}``: one ``quote`` with its author;
- ``{: .lien-important}``: an ``important_link`` (``{: target="_blank"}``: new tab);
- ``{: .chiffres-cles}`` on a list, ``{: .telechargement}`` and ``{: .video}`` on a link: the
  key figures, document and video blocks (what the exporter writes);
- any other attribute list is kept in the import data and reported, never printed.

Blocks come out with their media and links unresolved (``src``, ``href``): the importer
resolves them against the media folder and the site's pages.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from news.markdown.source import SourceError

IAL_LINE = re.compile(r"^((?:[ \t]*>)*)[ \t]*\{:(?![\w-]+:)([^}\n]*)\}[ \t]*$", re.MULTILINE)
IAL_SPAN = re.compile(r"^\{:([^}\n]*)\}")
IAL_MARKER = re.compile(r"^\s*<!--ial (\d+)-->\s*$")
IAL_TOKEN = re.compile(r"""\.([\w-]+)|#([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Placeholders are words in brackets; brackets are found first (with no bracket inside, which
# keeps the search linear however many brackets a line holds), then the words in them.
BRACKETED = re.compile(r"\[[^\[\]\n]*\]")
PLACEHOLDER_WORD = re.compile(
    r"\b(?:AJOUTER|[ÀA] AJOUTER|[ÀA] COMPL[ÉE]TER|TODO|TBD|XXX)\b", re.IGNORECASE
)
VIDEO_HOSTS = re.compile(
    r"^https?://(?:www\.|geo\.)?(?:dailymotion\.com|dai\.ly|youtube\.com|youtu\.be|"
    r"youtube-nocookie\.com|vimeo\.com|player\.vimeo\.com)/",
    re.IGNORECASE,
)
INLINE_HTML_KEPT = {"br", "sup", "sub"}

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass
class Attributes:
    """A parsed kramdown attribute list."""

    classes: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    text: str = ""
    line: int | None = None

    @property
    def new_tab(self):
        return self.attrs.get("target") == "_blank"


def parse_attributes(text, line=None):
    attributes = Attributes(text=text.strip(), line=line)
    for match in IAL_TOKEN.finditer(text):
        cls, ident, key = match.group(1), match.group(2), match.group(3)
        if cls:
            attributes.classes.append(cls)
        elif ident:
            attributes.attrs["id"] = ident
        elif key:
            attributes.attrs[key] = next(v for v in match.groups()[3:] if v is not None)
    return attributes


@dataclass
class Block:
    type: str
    value: object
    line: int | None = None


def escape(text):
    return html.escape(text, quote=False)


class BodyConverter:
    """Converts one Markdown body; collects warnings and unmapped attributes on the source."""

    known_classes = {
        "encadre",
        "exergue",
        "citation",
        "auteur-citation",
        "lien-important",
        "chiffres-cles",
        "telechargement",
        "video",
        "legende",
        "transcription",
        "sans-entete",
    }

    def __init__(self, source):
        self.source = source
        self.ials = []
        self.blocks = []
        self.rich_text = []  # HTML fragments of the paragraph block being built
        self.rich_text_line = None

    # -- helpers ---------------------------------------------------------------------------
    def line_of(self, node):
        if node is None or node.is_root or not node.map:
            return None
        return self.source.body_line + node.map[0] + 1

    def warn(self, message, node=None, line=None):
        self.source.warn(message, line or self.line_of(node))

    def keep_attributes(self, attributes, classes):
        """Attribute lists with no equivalent go to the import data, and are reported."""
        self.source.leftovers.setdefault("kramdown", []).append(
            {"line": attributes.line, "attributes": "{: " + attributes.text + "}"}
        )
        self.warn(
            _("Attribute list “{: %(text)s}” has no equivalent: kept in the import data.")
            % {"text": attributes.text},
            line=attributes.line,
        )

    # -- entry point -------------------------------------------------------------------------
    def convert(self, body):
        self._counted = (0, self.source.body_line + 1)  # see line_at()
        text = IAL_LINE.sub(self._mark_ial, body)
        self.report_placeholders(body)
        tokens = _markdown.parse(text)
        self.check_nesting(tokens)
        tree = SyntaxTreeNode(tokens)
        for node, attributes in self.children(tree):
            self.block(node, attributes)
        self.flush()
        return self.blocks

    def line_at(self, text, position):
        """The file line of ``position`` in the body, for positions met in increasing order:
        counting from the last one keeps a body with thousands of them linear."""
        start, line = self._counted
        if position < start:
            start, line = 0, self.source.body_line + 1
        line += text.count("\n", start, position)
        self._counted = (position, line)
        return line

    def check_nesting(self, tokens):
        """Refuse lists and quotes nested deeper than markdown-it parses them.

        Past its nesting limit (``maxNesting``) markdown-it skips the rest of the text, which
        bounds its work on a hostile file; here the file fails instead of losing that text.
        """
        limit = _markdown.options["maxNesting"]
        for token in tokens:
            # What a quote or a list item holds is parsed one level below it.
            if token.type in ("blockquote_open", "list_item_open") and token.level + 1 >= limit:
                line = self.source.body_line + token.map[0] + 1 if token.map else None
                raise SourceError(
                    _("%(file)s, line %(line)s: lists or quotes are nested too deep to import.")
                    % {"file": self.source.key, "line": line or "?"},
                    line,
                )

    def _mark_ial(self, match):
        line = self.line_at(match.string, match.start())
        self.ials.append(parse_attributes(match.group(2), line))
        # An HTML comment interrupts a paragraph, so the attribute list closes its block.
        return f"{match.group(1)} <!--ial {len(self.ials) - 1}-->"

    def report_placeholders(self, body):
        self._counted = (0, self.source.body_line + 1)
        for match in placeholders(body):
            self.warn(
                _("Placeholder left in the text: %(text)s.")
                % {"text": match.group(0).replace("\\", "")},
                line=self.line_at(body, match.start()),
            )

    def children(self, node):
        """(child, attributes) pairs: each attribute list applies to the block before it."""
        result, pending = [], None
        for child in node.children:
            marker = IAL_MARKER.match(child.content) if child.type == "html_block" else None
            if marker:
                attributes = self.ials[int(marker.group(1))]
                if result and result[-1][1] is None:
                    result[-1] = (result[-1][0], attributes)
                elif result:
                    merge(result[-1][1], attributes)
                else:
                    pending = attributes  # nothing before it: kramdown applies it to what follows
                continue
            result.append((child, pending))
            pending = None
        if pending is not None:
            self.keep_attributes(pending, pending.classes)
        return result

    # -- blocks ------------------------------------------------------------------------------
    def emit(self, block_type, value, node=None):
        self.flush()
        self.blocks.append(Block(block_type, value, self.line_of(node)))

    def flush(self):
        if self.rich_text:
            self.blocks.append(Block("paragraph", "".join(self.rich_text), self.rich_text_line))
            self.rich_text, self.rich_text_line = [], None

    def add_rich_text(self, fragment, node):
        if not fragment:
            return
        if not self.rich_text:
            self.rich_text_line = self.line_of(node)
        self.rich_text.append(fragment)

    def block(self, node, attributes):
        classes = set(attributes.classes) if attributes else set()
        if attributes:
            unknown = [c for c in attributes.classes if c not in self.known_classes]
            extra = {k: v for k, v in attributes.attrs.items() if k != "caption"}
            if unknown or (extra and not classes & self.known_classes):
                self.keep_attributes(attributes, unknown)
        if "encadre" in classes:
            return self.callout(node, "highlight" if "exergue" in classes else "callout")
        if "citation" in classes:
            return self.emit(
                "quote", {"text": quote_text(node), "author": "", "author_role": ""}, node
            )
        if "auteur-citation" in classes:
            return self.quote_author(node)
        if "lien-important" in classes:
            return self.important_link(node)
        if "chiffres-cles" in classes and node.type in ("bullet_list", "ordered_list"):
            return self.key_figures(node, attributes)
        if "telechargement" in classes and (link := only_link(node)):
            return self.emit(
                "document", {"src": link.attrs.get("href", ""), "label": node_text(link)}, node
            )
        if "video" in classes and (link := only_link(node)):
            return self.emit(
                "embed",
                {
                    "video": link.attrs.get("href", ""),
                    "title": node_text(link),
                    "caption": "",
                    "transcript": "",
                },
                node,
            )
        if (
            classes & {"legende", "transcription"}
            and self.blocks
            and self.blocks[-1].type == "embed"
        ):
            key = "caption" if "legende" in classes else "transcript"
            self.blocks[-1].value[key] = node_text(node)
            return None
        handler = getattr(self, f"node_{node.type}", None)
        if handler is None:
            self.warn(
                _("Markdown element “%(type)s” not understood: kept as text.")
                % {"type": node.type},
                node,
            )
            return self.add_rich_text(f"<p>{escape(node_text(node))}</p>", node)
        return handler(node, attributes)

    def node_paragraph(self, node, attributes):
        inline = node.children[0] if node.children else None
        images = [child for child in walk(inline) if child.type == "image"]
        text = self.inline_html(inline).strip()
        if images and not strip_tags(text).strip():
            for image in images:
                self.image(image)
            return
        self.add_rich_text(f"<p>{text}</p>", node)
        if images:
            self.warn(_("Image taken out of its paragraph and placed after it."), node)
            for image in images:
                self.image(image)

    def image(self, image):
        self.emit(
            "image",
            {
                "src": image.attrs.get("src", ""),
                "alt": node_text(image),
                "caption": image.attrs.get("title") or "",
            },
            image,
        )

    def node_heading(self, node, attributes):
        inline = node.children[0] if node.children else None
        link = only_link(node)
        if link is not None:
            return self.emit(
                "important_link",
                {
                    "label": node_text(link),
                    "href": link.attrs.get("href", ""),
                    "new_tab": self.link_new_tab(link),
                },
                node,
            )
        text = re.sub(r"\s+", " ", strip_tags(self.inline_html(inline))).strip()
        if not text:
            # A heading with no text (an image, say) is read as a paragraph.
            return self.node_paragraph(node, attributes)
        self.emit("heading", {"text": text, "level": int(node.tag[1])}, node)
        return None

    def node_bullet_list(self, node, attributes):
        self.add_rich_text(self.list_html(node), node)

    node_ordered_list = node_bullet_list

    def list_html(self, node):
        tag = "ol" if node.type == "ordered_list" else "ul"
        items = []
        for item in node.children:
            parts, nested = [], []
            for child in item.children:
                if child.type == "paragraph":
                    parts.append(self.inline_html(child.children[0] if child.children else None))
                elif child.type in ("bullet_list", "ordered_list"):
                    nested.append(self.list_html(child))
                elif IAL_MARKER.match(child.content or ""):
                    continue
                else:
                    parts.append(escape(node_text(child)))
            items.append(f"<li>{'<br/>'.join(p.strip() for p in parts)}{''.join(nested)}</li>")
        return f"<{tag}>{''.join(items)}</{tag}>"

    def node_blockquote(self, node, attributes):
        children = self.children(node)
        if any(child_attributes for _child, child_attributes in children):
            # The attribute lists are inside the quote: each decorates a block of its own.
            for child, child_attributes in children:
                self.block(child, child_attributes)
            return
        if all(child.type == "paragraph" for child, _attrs in children):
            return self.emit(
                "quote", {"text": quote_text(node), "author": "", "author_role": ""}, node
            )
        return self.callout(node, "callout")

    def callout(self, node, style):
        children = (
            [child for child, _attrs in self.children(node)]
            if node.type == "blockquote"
            else [node]
        )
        title = ""
        if children and children[0].type == "heading":
            title = strip_tags(self.inline_html(children[0].children[0]))
            children = children[1:]
        parts = []
        for child in children:
            if child.type == "paragraph":
                parts.append(f"<p>{self.inline_html(child.children[0]).strip()}</p>")
            elif child.type in ("bullet_list", "ordered_list"):
                parts.append(self.list_html(child))
            elif child.type == "heading":
                parts.append(f"<p><b>{escape(node_text(child))}</b></p>")
            else:
                parts.append(f"<p>{escape(node_text(child))}</p>")
        self.emit("callout", {"title": title, "text": "".join(parts), "style": style}, node)

    def quote_author(self, node):
        text = node_text(node).strip().rstrip(".")
        author, _sep, role = text.partition(", ")
        previous = self.blocks[-1] if self.blocks and not self.rich_text else None
        if previous is not None and previous.type == "quote" and not previous.value["author"]:
            previous.value["author"], previous.value["author_role"] = author.strip(), role.strip()
        else:
            self.warn(_("Quote author without a quote before it: kept as a paragraph."), node)
            self.add_rich_text(f"<p>{escape(text)}</p>", node)

    def important_link(self, node):
        link = first_link(node)
        if link is None:
            self.warn(
                _("Important link without an address: “%(text)s” kept as a paragraph.")
                % {"text": node_text(node)},
                node,
            )
            return self.add_rich_text(f"<p>{escape(node_text(node))}</p>", node)
        label = re.sub(r"\s+", " ", strip_tags(self.inline_html(first_inline(node)))).strip()
        self.emit(
            "important_link",
            {
                "label": label or node_text(link),
                "href": link.attrs.get("href", ""),
                "new_tab": self.link_new_tab(link),
            },
            node,
        )
        return None

    def key_figures(self, node, attributes):
        figures = []
        for item in node.children:
            inline = first_inline(item)
            strong = next(
                (c for c in (inline.children if inline else []) if c.type == "strong"), None
            )
            text = node_text(item).strip()
            if strong is not None:
                figure = node_text(strong).strip()
                label = text.replace(figure, "", 1).strip()
            else:
                figure, _sep, label = text.partition(" ")
            figures.append({"figure": figure, "label": label})
        title = attributes.attrs.get("title", "") if attributes else ""
        self.emit("key_figures", {"title": title, "figures": figures}, node)

    def node_table(self, node, attributes):
        rows = []
        for section in node.children:
            for row in section.children:
                rows.append(
                    [strip_tags(self.inline_html(first_inline(cell))) for cell in row.children]
                )
        header = not (attributes and "sans-entete" in attributes.classes)
        caption = attributes.attrs.get("caption", "") if attributes else ""
        self.emit(
            "table",
            {
                "data": rows,
                "table_header_choice": "row" if header else "neither",
                "table_caption": caption,
            },
            node,
        )

    def node_html_block(self, node, attributes):
        content = node.content.strip()
        iframe = re.search(r"<iframe[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>", content, re.IGNORECASE)
        if iframe and VIDEO_HOSTS.match(iframe.group(1)):
            title = re.search(r"\btitle=[\"']([^\"']*)[\"']", iframe.group(0))
            self.emit(
                "embed",
                {
                    "video": html.unescape(iframe.group(1)),
                    "title": html.unescape(title.group(1)) if title else self.source.title,
                    "caption": "",
                    "transcript": "",
                },
                node,
            )
            if not title:
                self.warn(_("Video without a title: the page title was used."), node)
            return
        image = re.fullmatch(
            r"<figure[^>]*>\s*<img([^>]*)>\s*(?:<figcaption[^>]*>(.*?)</figcaption>\s*)?</figure>",
            content,
            re.IGNORECASE | re.DOTALL,
        )
        if image:
            src = re.search(r"\bsrc=[\"']([^\"']+)[\"']", image.group(1))
            alt = re.search(r"\balt=[\"']([^\"']*)[\"']", image.group(1))
            if src:
                self.emit(
                    "image",
                    {
                        "src": html.unescape(src.group(1)),
                        "alt": html.unescape(alt.group(1)) if alt else "",
                        "caption": html.unescape(strip_tags(image.group(2) or "")).strip(),
                    },
                    node,
                )
                return
        self.warn(_("Raw HTML kept as is in an “Imported HTML” block."), node)
        self.emit("html", content, node)

    def node_hr(self, node, attributes):
        self.warn(_("Horizontal rule left out: the site separates sections with headings."), node)

    def node_code_block(self, node, attributes):
        self.warn(_("Code block kept in an “Imported HTML” block."), node)
        self.emit("html", f"<pre><code>{escape(node.content)}</code></pre>", node)

    node_fence = node_code_block

    # -- inline ------------------------------------------------------------------------------
    def link_new_tab(self, link):
        following = next_sibling(link)
        if following is not None and following.type == "text":
            match = IAL_SPAN.match(following.content)
            if match:
                return parse_attributes(match.group(1)).new_tab
        return False

    def inline_html(self, node):
        if node is None:
            return ""
        out = []
        children = node.children
        for index, child in enumerate(children):
            kind = child.type
            if kind == "text":
                content = child.content
                match = IAL_SPAN.match(content)
                if match and index > 0:
                    attributes = parse_attributes(match.group(1), self.line_of(node))
                    if not (attributes.new_tab and children[index - 1].type == "link"):
                        self.keep_attributes(attributes, attributes.classes)
                    content = content[match.end() :]
                out.append(escape(content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("<br/>")
            elif kind == "strong":
                out.append(f"<b>{self.inline_html(child)}</b>")
            elif kind == "em":
                out.append(f"<i>{self.inline_html(child)}</i>")
            elif kind == "s":
                out.append(f"<s>{self.inline_html(child)}</s>")
            elif kind == "code_inline":
                out.append(escape(child.content))
            elif kind == "link":
                href = html.escape(child.attrs.get("href", ""), quote=True)
                out.append(f'<a href="{href}">{self.inline_html(child)}</a>')
            elif kind == "image":
                continue  # taken out by node_paragraph
            elif kind == "html_inline":
                out.append(self.inline_tag(child))
            else:
                out.append(escape(node_text(child)))
        return "".join(out)

    def inline_tag(self, node):
        tag = re.match(r"</?\s*([a-zA-Z0-9]+)", node.content)
        name = tag.group(1).lower() if tag else ""
        if name in INLINE_HTML_KEPT:
            closing = node.content.startswith("</")
            return "<br/>" if name == "br" else f"<{'/' if closing else ''}{name}>"
        self.warn(
            _("Inline HTML “%(tag)s” removed, its text kept.") % {"tag": node.content},
            line=self.line_of(node.parent) if node.parent else None,
        )
        return ""


def placeholders(text):
    """The placeholders left in ``text`` (``[AJOUTER LIEN]``), as matches."""
    return (match for match in BRACKETED.finditer(text) if PLACEHOLDER_WORD.search(match[0]))


def merge(attributes, more):
    attributes.classes.extend(more.classes)
    attributes.attrs.update(more.attrs)
    attributes.text = f"{attributes.text} {more.text}".strip()


def walk(node):
    if node is None:
        return
    for child in node.children:
        yield child
        yield from walk(child)


def node_text(node):
    """The plain text of a node, attribute lists and markers left out."""
    if node is None:
        return ""
    if node.type in ("text", "code_inline"):
        return IAL_SPAN.sub("", node.content) if node.type == "text" else node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "html_block" and IAL_MARKER.match(node.content):
        return ""
    if node.type == "image":
        return "".join(node_text(child) for child in node.children)
    if node.type in ("html_inline", "html_block"):
        return strip_tags(node.content)
    separator = (
        " " if node.type in ("blockquote", "bullet_list", "ordered_list", "list_item") else ""
    )
    return separator.join(node_text(child) for child in node.children)


def strip_tags(text):
    return html.unescape(re.sub(r"<[^>]+>", "", text or ""))


def quote_text(node):
    """A quotation's text: paragraphs apart, hard line breaks kept, quotation marks removed."""
    paragraphs = [child for child in walk(node) if child.type == "paragraph"] or [node]
    texts = []
    for paragraph in paragraphs:
        inline = first_inline(paragraph) or paragraph
        parts = []
        for child in inline.children if inline.type == "inline" else [inline]:
            parts.append("\n" if child.type == "hardbreak" else node_text(child))
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parts).split("\n")]
        texts.append("\n".join(lines).strip())
    text = "\n\n".join(text for text in texts if text)
    # Quotation marks are added on display.
    return re.sub(r"^[«“\"]\s*|\s*[»”\"]$", "", text).strip()


def first_inline(node):
    for child in walk(node):
        if child.type == "inline":
            return child
    return None


def first_link(node):
    return next((child for child in walk(node) if child.type == "link"), None)


def only_link(node):
    """The link when a paragraph or heading holds nothing else (attribute lists aside)."""
    inline = first_inline(node)
    if inline is None:
        return None
    meaningful = [
        child
        for child in inline.children
        if not (child.type == "text" and not IAL_SPAN.sub("", child.content).strip())
    ]
    if len(meaningful) == 1 and meaningful[0].type == "link":
        return meaningful[0]
    return None


def next_sibling(node):
    siblings = node.parent.children if node.parent else []
    index = siblings.index(node)
    return siblings[index + 1] if index + 1 < len(siblings) else None
