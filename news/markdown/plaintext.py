"""Text extracted from a PDF press release, turned into the same blocks as Markdown.

PDF text has no markup: lines are wrapped at a fixed width, paragraphs are separated by blank
lines or end early, and page breaks split sentences. The layout of a French press release is
regular enough to be read back: the title first, short lines as section headings, « … » and the
line after it as a quote and its author, a titled list ("… en bref") as a box.
"""

import html
import re

from django.utils.translation import gettext as _

from news.markdown.kramdown import Block, placeholders

BULLET = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"[.!?…»:;]\s*$")
CALL_TO_ACTION = re.compile(r"^\s*[>→»]\s+")


def paragraphs(text):
    """(text, first line number) of each paragraph, wrapped lines joined."""
    lines = [line.rstrip() for line in text.split("\n")]
    width = max((len(line) for line in lines), default=0)
    # Paragraphs as lists of lines, joined at the end: a paragraph continued after a page break
    # grows its list, rather than joining its text again each time.
    result, current, start = [], [], None

    def close():
        nonlocal current, start
        if current:
            result.append((current, start))
        current, start = [], None

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            close()
            continue
        starts_item = bool(BULLET.match(line) or CALL_TO_ACTION.match(line))
        continues = line[0].islower() and not starts_item
        if starts_item or (not current and not continues):
            close()
        if not current and continues and result:
            # A page break cut the previous paragraph in two.
            current, start = result.pop()
        if start is None:
            start = number
        current.append(line)
        # A line that ends a sentence well before the wrapping width ends its paragraph.
        if SENTENCE_END.search(line) and len(line) < 0.75 * width:
            close()
    close()
    return [(re.sub(r"\s+", " ", " ".join(lines)).strip(), start) for lines, start in result]


def is_heading(text):
    return (
        len(text) <= 100
        and not SENTENCE_END.search(text)
        and not text.endswith(",")
        and text[:1].isupper()
        and not BULLET.match(text)
    )


def convert_plain_text(source):
    """(title, blocks) of a plain text file."""
    items = [(text, line + source.body_line) for text, line in paragraphs(source.body)]
    for match in placeholders(source.body):
        source.warn(
            _("Placeholder left in the text: %(text)s.")
            % {"text": match.group(0).replace("\\", "")}
        )

    title_parts = []
    while items and is_heading(items[0][0]) and len(" ".join(title_parts)) < 120:
        title_parts.append(items.pop(0)[0])
        if len(items) > 1 and not is_heading(items[0][0]):
            break
    title = " ".join(title_parts)

    blocks, rich_text, index = [], [], 0

    def flush():
        if rich_text:
            blocks.append(
                Block("paragraph", "".join(html_ for html_, _line in rich_text), rich_text[0][1])
            )
            rich_text.clear()

    unclosed = False  # an opening « with no closing » after it: none after any later one
    while index < len(items):
        text, line = items[index]
        if not unclosed and text.startswith(("«", "“")) and not text.rstrip().endswith(("»", "”")):
            # A quotation that the PDF spread over several paragraphs: they become its last one,
            # so that each paragraph is looked at once however many quotations there are.
            end = next(
                (
                    i
                    for i in range(index + 1, len(items))
                    if items[i][0].rstrip().endswith(("»", "”"))
                ),
                None,
            )
            if end is not None:
                text = " ".join(item for item, _line in items[index : end + 1])
                items[end] = (text, line)
                index = end
            else:
                unclosed = True
        following = items[index + 1][0] if index + 1 < len(items) else ""
        if text.startswith(("«", "“")) and text.rstrip().endswith(("»", "”")):
            flush()
            quote = re.sub(r"^[«“]\s*|\s*[»”]$", "", text).strip()
            author, role = "", ""
            if following and len(following) <= 160 and not following.startswith(("«", "“")):
                author, _sep, role = following.rstrip(".").partition(", ")
                index += 1
            blocks.append(
                Block(
                    "quote",
                    {"text": quote, "author": author.strip(), "author_role": role.strip()},
                    line,
                )
            )
        elif BULLET.match(following) and is_heading(text):
            flush()
            list_items = []
            while index + 1 < len(items) and BULLET.match(items[index + 1][0]):
                index += 1
                list_items.append(BULLET.sub("", items[index][0]).strip())
            body = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in list_items)
            blocks.append(
                Block(
                    "callout", {"title": text, "text": f"<ul>{body}</ul>", "style": "callout"}, line
                )
            )
        elif BULLET.match(text):
            list_items = [BULLET.sub("", text).strip()]
            while index + 1 < len(items) and BULLET.match(items[index + 1][0]):
                index += 1
                list_items.append(BULLET.sub("", items[index][0]).strip())
            body = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in list_items)
            rich_text.append((f"<ul>{body}</ul>", line))
        elif CALL_TO_ACTION.match(text):
            label = CALL_TO_ACTION.sub("", text).strip()
            source.warn(
                _("Important link without an address: “%(text)s” kept as a paragraph.")
                % {"text": label},
                line,
            )
            rich_text.append((f"<p>{html.escape(label, quote=False)}</p>", line))
        elif is_heading(text) and following and not is_heading(following):
            flush()
            blocks.append(Block("heading", {"text": text, "level": 2}, line))
        else:
            rich_text.append((f"<p>{html.escape(text, quote=False)}</p>", line))
        index += 1
    flush()
    return title, blocks
