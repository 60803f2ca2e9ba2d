"""kramdown's attribute lists as a markdown-it plugin, and raw HTML divs that carry its classes.

kramdown decorates the block before it with a line such as ``{: .encadre}`` or
``{: .chiffres-cles title="…"}``, and a link with ``{: target="_blank"}`` right after it. The
same classes were also written as raw HTML: ``<div class="encadre noir" style="…">…</div>``.
mdit-py-plugins' ``attrs`` plugins read the Djot form (``{.a}``, applied to the block *below*),
not kramdown's leading colon nor its "block above" rule, so this module adds rules of its own:

- a block rule turns an attribute-list line into a ``kramdown_ial`` token; it interrupts a
  paragraph, a quote and a table, as kramdown reads it;
- a core rule then moves each list onto the block before it, at the same depth, in the
  opening token's ``meta["attributes"]`` (onto the block after it when nothing precedes it;
  lists that decorate nothing go to ``env["kramdown_orphans"]``);
- an inline rule turns ``{: …}`` right after an inline element into a ``kramdown_span_ial``
  token (``meta["attributes"]``);
- a block rule reads ``<div class="…">…</div>`` whose class is one of kramdown's classes of
  this corpus (or that wraps such a div), down to its matching ``</div>`` (found with an HTML
  parser), parses what is inside as Markdown and wraps it in ``kramdown_div_open`` and
  ``kramdown_div_close`` tokens whose ``meta["attributes"]`` hold the div's classes and other
  attributes.
"""

import re
import textwrap
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt

# ``{:name: …}`` defines a reusable list (an ALD) rather than decorating a block.
BLOCK_IAL = re.compile(r"\{:(?![\w-]+:)([^}\n]*)\}[ \t]*")
SPAN_IAL = re.compile(r"\{:(?![\w-]+:)([^}\n]*)\}")
IAL_TOKEN = re.compile(r"""\.([\w-]+)|#([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")

# The classes of the corpus's stylesheet that the importer maps to blocks; a raw div carrying
# one of them is read as the same block.
KRAMDOWN_CLASSES = frozenset(
    {
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
)
# kramdown's own instruction to parse a div's content: not an attribute of the content.
DIV_INSTRUCTIONS = frozenset({"markdown"})
# How deep divs of kramdown classes are read inside one another.
MAX_DIV_DEPTH = 8


@dataclass
class Attributes:
    """A parsed kramdown attribute list, or the attributes of a raw HTML div."""

    classes: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    text: str = ""
    line: int | None = None
    markup: str = ""  # as written, for the import data: ``{: .x}`` or ``<div class="x">``
    html: bool = False  # from a raw HTML div

    @property
    def new_tab(self):
        return self.attrs.get("target") == "_blank"


def parse_attributes(text, line=None):
    """The classes, id and key="value" pairs of an attribute list's inside."""
    attributes = Attributes(text=text.strip(), line=line)
    attributes.markup = "{: " + attributes.text + "}"
    for match in IAL_TOKEN.finditer(text):
        cls, ident, key = match.group(1), match.group(2), match.group(3)
        if cls:
            attributes.classes.append(cls)
        elif ident:
            attributes.attrs["id"] = ident
        elif key:
            attributes.attrs[key] = next(v for v in match.groups()[3:] if v is not None)
    return attributes


def merge(attributes, more):
    attributes.classes.extend(more.classes)
    attributes.attrs.update(more.attrs)
    attributes.text = f"{attributes.text} {more.text}".strip()
    attributes.markup = f"{attributes.markup} {more.markup}".strip()


# -- block attribute lists ---------------------------------------------------------------------
def ial_block(state, start_line, end_line, silent):
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    match = BLOCK_IAL.fullmatch(state.src[start : state.eMarks[start_line]])
    if match is None:
        return False
    if silent:
        return True
    token = state.push("kramdown_ial", "", 0)
    token.map = [start_line, start_line + 1]
    token.content = match.group(0).strip()
    token.meta["attributes"] = parse_attributes(match.group(1))
    state.line = start_line + 1
    return True


def attach_ials(state):
    """Each block attribute list decorates the block before it at its depth (kramdown's rule)."""
    offset = state.env.get("line_offset", 0)
    orphans = state.env.setdefault("kramdown_orphans", [])
    kept, last, pending = [], {}, {}
    for token in state.tokens:
        level = token.level
        if token.type == "kramdown_div_open":
            token.meta["attributes"].line = offset + token.map[0] + 1
        if token.type == "kramdown_ial":
            attributes = token.meta["attributes"]
            attributes.line = offset + token.map[0] + 1
            if level in last:
                decorate(last[level], attributes)
            elif level in pending:
                merge(pending[level], attributes)
            else:
                pending[level] = attributes  # nothing before it: it decorates what follows
            continue
        kept.append(token)
        if token.nesting == -1:
            # The container closes: what was inside it is done with.
            if level + 1 in pending:
                orphans.append(pending.pop(level + 1))
            last.pop(level + 1, None)
            continue
        if token.nesting == 1:
            last.pop(level + 1, None)
        if level in pending:
            decorate(token, pending.pop(level))
        last[level] = token
    orphans.extend(pending.values())
    state.tokens[:] = kept


def decorate(token, attributes):
    if token.meta.get("attributes") is None:
        token.meta["attributes"] = attributes
    else:
        merge(token.meta["attributes"], attributes)


# -- span attribute lists ----------------------------------------------------------------------
def ial_span(state, silent):
    """``{: …}`` right after an inline element (a link, emphasis, a tag) decorates it."""
    if state.src[state.pos] != "{" or not state.tokens or state.pending:
        return False
    match = SPAN_IAL.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("kramdown_span_ial", "", 0)
        token.content = match.group(0)
        token.meta["attributes"] = parse_attributes(match.group(1))
    state.pos = match.end()
    return True


# -- raw HTML divs with kramdown's classes -----------------------------------------------------
class DivPairs(HTMLParser):
    """Every div of a text: where its opening tag starts, where its closing tag starts."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.unclosed = []
        self.pairs = {}  # opening offset -> (closing offset, opening tag, attributes)
        self.classed = []  # opening offsets of the divs with a kramdown class, in order
        self.feed(text)
        self.close()

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self.unclosed.append((self.position(), self.get_starttag_text(), attrs))
            classes = set((dict(attrs).get("class") or "").split())
            if classes & KRAMDOWN_CLASSES:
                self.classed.append(self.position())

    def handle_startendtag(self, tag, attrs):
        pass  # ``<div/>`` opens nothing

    def handle_endtag(self, tag):
        if tag == "div" and self.unclosed:
            start, tag_text, attrs = self.unclosed.pop()
            self.pairs[start] = (self.position(), tag_text, attrs)

    def holds_classed(self, start, end):
        """Whether a div with a kramdown class opens between two offsets."""
        index = bisect_right(self.classed, start)
        return index < len(self.classed) and self.classed[index] < end


def div_pairs(state):
    """The divs of the text being parsed, found in one pass (then each div rule is a look-up)."""
    cache = state.env.setdefault("kramdown_div_pairs", {})
    if state.src not in cache:
        cache[state.src] = DivPairs(state.src)
    return cache[state.src]


def div_attributes(tag_text, attrs):
    attributes = Attributes(markup=tag_text, html=True)
    for name, value in attrs:
        if name == "class":
            attributes.classes.extend((value or "").split())
        elif name not in DIV_INSTRUCTIONS:
            attributes.attrs[name] = value or ""
    attributes.text = " ".join(
        [f".{cls}" for cls in attributes.classes]
        + [f'{name}="{value}"' for name, value in attributes.attrs.items()]
    )
    return attributes


def class_div(state, start_line, end_line, silent):
    if state.is_code_block(start_line) or not state.md.options.get("html"):
        return False
    if state.env.get("kramdown_div_depth", 0) >= MAX_DIV_DEPTH:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    head = state.src[start : start + 5].lower()
    if not (head.startswith("<div") and (len(head) == 4 or head[4] in " \t\n>")):
        return False
    divs = div_pairs(state)
    pair = divs.pairs.get(start)
    if pair is None or pair[0] >= state.eMarks[end_line - 1]:
        return False  # never closed, or closed outside the quote or list item it opens in
    close, tag_text, attrs = pair
    attributes = div_attributes(tag_text, attrs)
    # A wrapper (``<div align="center">``) around such a div is read through, its own
    # attributes kept aside.
    if not set(attributes.classes) & KRAMDOWN_CLASSES and not divs.holds_classed(start, close):
        return False
    if silent:
        return True
    close_line = start_line
    while state.eMarks[close_line] < close:
        close_line += 1
    # The div's lines without a quote's ">" markers (bMarks point past them).
    lines = [
        state.src[state.bMarks[line] : state.eMarks[line]] + "\n"
        for line in range(start_line, close_line + 1)
    ]
    source = "".join(lines)
    inner_start = start - state.bMarks[start_line] + len(tag_text)
    inner_end = len(source) - len(lines[-1]) + close - state.bMarks[close_line]
    after = source[source.index(">", inner_end) + 1 :]
    line = close_line + 1

    token = state.push("kramdown_div_open", "div", 1)
    token.map = [start_line, line]
    token.meta["attributes"] = attributes
    token.meta["html"] = source[inner_start:inner_end]
    push_markdown(state, source[inner_start:inner_end], start_line)
    token = state.push("kramdown_div_close", "div", -1)
    if after.strip():
        # What follows the closing tag on its line is the next block.
        push_markdown(state, after, close_line)
    state.line = line
    return True


def push_markdown(state, text, first_line):
    """Parse a piece of text as blocks at the current depth."""
    first, newline, rest = text.partition("\n")
    # HTML inside a div is often indented: four spaces must not make it a code block.
    text = textwrap.dedent(first) + newline + textwrap.dedent(rest)
    tokens = []
    state.env["kramdown_div_depth"] = state.env.get("kramdown_div_depth", 0) + 1
    try:
        state.md.block.parse(text, state.md, state.env, tokens)
    finally:
        state.env["kramdown_div_depth"] -= 1
    for token in tokens:
        token.level += state.level
        if token.map:
            token.map = [token.map[0] + first_line, token.map[1] + first_line]
    state.tokens.extend(tokens)


def kramdown_plugin(md: MarkdownIt):
    """Read kramdown's attribute lists and its classes written as HTML divs."""
    alt = ["paragraph", "reference", "blockquote"]
    md.block.ruler.before("table", "kramdown_ial", ial_block, {"alt": alt})
    md.block.ruler.before("html_block", "kramdown_div", class_div, {"alt": alt})
    md.inline.ruler.push("kramdown_span_ial", ial_span)
    md.core.ruler.after("block", "kramdown_attach_ials", attach_ials)
