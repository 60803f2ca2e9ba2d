"""StreamField blocks that the content apps (news, programme) and the site share.

Each block mirrors a construct of the programme's existing Markdown content (kramdown classes such
as ``{: .encadre}``, ``{: .citation}`` or ``{: .lien-important}``) and renders as the matching
component of the French State design system (DSFR). Identifiers are English; labels are French
through the translation catalogue.
"""

from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from cms.publishing.api.representations import (
    absolute_links,
    document_representation,
    image_representation,
    page_summary,
)

# Inline features of body text: structure (headings) has its own block so that the page outline
# stays consistent and accessible.
PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
    "strikethrough",
]
CALLOUT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class APIRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API form has absolute links, for consumers on other sites."""

    def get_api_representation(self, value, context=None):
        return absolute_links(super().get_api_representation(value, context), context)


class HeadingBlock(blocks.StructBlock):
    """A section title of level 2 to 4 (the page title is the only level 1)."""

    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        help_text=_("Level 2 for a section, 3 and 4 for its subsections."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"

    def heading_level(self, value):
        """The level of the heading the block shows (see ``skipped_heading``)."""
        return {"h3": 3, "h4": 4}.get(value["level"], 2)  # as the template falls back


class CalloutBlock(blocks.StructBlock):
    """A highlighted box ("encadré"), e.g. "Le programme en bref" and its key facts."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    text = APIRichTextBlock(label=_("Text"), features=CALLOUT_FEATURES)
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[("callout", _("Box (callout)")), ("highlight", _("Side line (highlight)"))],
        default="callout",
        help_text=_("A box stands out from the text; a side line highlights a passage."),
    )

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "blocks/callout_block.html"

    def heading_level(self, value):
        return 2 if value["title"] and value["style"] == "callout" else None


class QuoteBlock(blocks.StructBlock):
    """A quotation and the person who said it, e.g. a minister's words in a press release."""

    text = blocks.TextBlock(
        label=_("Quotation"),
        help_text=_("Without quotation marks: they are added on display."),
    )
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=255)
    author_role = blocks.CharBlock(
        label=_("Author's role"),
        required=False,
        max_length=255,
        help_text=_("E.g. “secrétaire d’État chargé du Numérique”."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class LinkStructValue(blocks.StructValue):
    """Resolves a link block to the URL it points to, internal page or external address."""

    @cached_property
    def href(self):
        page = self.get("page")
        if page:
            return page.specific_deferred.url
        return self.get("url") or ""


class ImportantLinkBlock(blocks.StructBlock):
    """A link to act on ("lien important"): an application form, a call, a report."""

    label = blocks.CharBlock(label=_("Label"), max_length=255)
    page = blocks.PageChooserBlock(
        label=_("Page of this site"),
        required=False,
        help_text=_("Either a page of this site or an external address, not both."),
    )
    url = blocks.URLBlock(label=_("External address"), required=False)
    new_tab = blocks.BooleanBlock(
        label=_("Open in a new tab"),
        required=False,
        default=False,
        help_text=_("Readers are told that the link opens a new window."),
    )

    class Meta:
        icon = "link"
        label = _("Important link")
        template = "blocks/important_link_block.html"
        value_class = LinkStructValue

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {
            "label": value["label"],
            "url": page_summary(page, context)["url"] if page else value.get("url") or "",
            "page": page_summary(page, context),
            "new_tab": bool(value["new_tab"]),
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = (
                _("Choose a page of this site or enter an external address, not both.")
                if value.get("page")
                else _("Choose a page of this site or enter an external address.")
            )
            raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value


class CaptionedImageBlock(blocks.StructBlock):
    """An image in the text, with its alternative text and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        if image is None:
            return {"image": None, "caption": value["caption"]}
        representation = image_representation(image, context, alt_text=image.contextual_alt_text)
        representation["decorative"] = bool(getattr(image, "decorative", False))
        return {"image": representation, "caption": value["caption"]}


class DocumentBlock(blocks.StructBlock):
    """A file to download (PDF, spreadsheet...), shown with its format and size."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Label"),
        required=False,
        max_length=255,
        help_text=_("Defaults to the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        return {
            "document": document_representation(document, context) if document else None,
            "label": value["label"] or (document.title if document else ""),
        }


class VideoBlock(blocks.StructBlock):
    """A video from a hosting service (Dailymotion, YouTube, Vimeo...) with its transcript."""

    video = EmbedBlock(
        label=_("Video address"),
        help_text=_("The address of the video's page, e.g. https://www.dailymotion.com/video/…"),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=255,
        help_text=_("Describes the video for screen reader users."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("The text of the video, for people who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def get_api_representation(self, value, context=None):
        return {
            "url": value["video"].url if value["video"] else "",
            "title": value["title"],
            "caption": value["caption"],
            "transcript": value["transcript"],
        }


class KeyFigureBlock(blocks.StructBlock):
    """One key figure: a number and what it counts."""

    figure = blocks.CharBlock(
        label=_("Figure"), max_length=40, help_text=_("E.g. “13”, “10 mois” or “4 000 €”.")
    )
    label = blocks.CharBlock(
        label=_("Label"), max_length=255, help_text=_("E.g. “défis d’intérêt général”.")
    )

    class Meta:
        icon = "order"
        label = _("Key figure")


class KeyFiguresBlock(blocks.StructBlock):
    """A row of key figures, as in "13 défis, 28 talents, 10 mois"."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "blocks/key_figures_block.html"

    def heading_level(self, value):
        return 2 if value["title"] else None


class DataTableBlock(TableBlock):
    """A table of text cells with optional header row and caption."""

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


# Video players that kept HTML may embed; any other iframe loses its address.
IFRAME_HOSTS = frozenset(
    {
        "www.dailymotion.com",
        "geo.dailymotion.com",
        "www.youtube.com",
        "www.youtube-nocookie.com",
        "player.vimeo.com",
    }
)


def _keep_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        parts = urlsplit(value)
        return value if parts.scheme == "https" and parts.hostname in IFRAME_HOSTS else None
    return value


def sanitize_html(html):
    """Keep the harmless part of an HTML fragment: no script, no event handler, no style."""
    return nh3.clean(
        str(html),
        tags=nh3.ALLOWED_TAGS | {"iframe"},
        attributes={
            **nh3.ALLOWED_ATTRIBUTES,
            "iframe": {"src", "title", "width", "height", "allowfullscreen", "allow"},
        },
        attribute_filter=_keep_attribute,
    )


class LegacyHTMLBlock(blocks.RawHTMLBlock):
    """HTML kept from the former site (figures, embeds) that no other block could express.

    What it shows is always sanitized, so a kept fragment cannot run scripts on the site.
    """

    def render_basic(self, value, context=None):
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitized just above

    def get_api_representation(self, value, context=None):
        return sanitize_html(value)

    class Meta:
        icon = "code"
        label = _("Imported HTML")
        help_text = _(
            "HTML taken over from the former site; best replaced by other blocks. "
            "Scripts and styles are removed on display."
        )


class BodyStreamBlock(blocks.StreamBlock):
    """The body of press releases and programme pages."""

    paragraph = APIRichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    heading = HeadingBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    important_link = ImportantLinkBlock()
    image = CaptionedImageBlock()
    document = DocumentBlock()
    embed = VideoBlock()
    key_figures = KeyFiguresBlock()
    table = DataTableBlock()
    html = LegacyHTMLBlock()
