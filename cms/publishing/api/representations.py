"""How pages, images, documents and rich text appear inside API answers: with absolute
addresses (consumers show them on other sites) and, for images, renditions at several widths.

Used by the serializers and blocks of the content apps (``api_fields``, blocks'
``get_api_representation``), so that every page type's answer follows one shape.
"""

import re

from rest_framework import serializers
from wagtail.api.rich_text import APIRichText

from cms.publishing import absolute_urls

IMAGE_WIDTHS = (400, 800, 1200)


def absolute_url(url, context=None):
    """A site path made absolute, for API consumers that are not on this site."""
    return absolute_urls.absolute_url(url, (context or {}).get("request"))


def absolute_links(text, context=None):
    """Rich text's links and images made absolute: consumers show it on other sites.

    Both forms the API gives: HTML attributes, and Markdown links ``[text](/path)``.
    """
    text = RELATIVE_ATTRIBUTE.sub(
        lambda match: f'{match.group(1)}="{absolute_url(match.group(2), context)}"', str(text)
    )
    return RELATIVE_MARKDOWN_LINK.sub(
        lambda match: f"]({absolute_url(match.group(1), context)}", text
    )


RELATIVE_ATTRIBUTE = re.compile(r'\b(href|src)="(/[^/"][^"]*|/)"')
RELATIVE_MARKDOWN_LINK = re.compile(r"\]\((/(?!/)[^)\s]*)(?=[)\s])")


class AbsoluteRichTextFieldSerializer(serializers.CharField):
    """A ``RichTextField`` in the API as Wagtail gives it (``?rich_text_format=``), with
    absolute links as in rich text blocks."""

    def to_representation(self, value):
        request = self.context.get("request")
        rich_text_format = APIRichText.resolve_format(
            request.GET.get("rich_text_format") if request else None
        )
        text = APIRichText.serialize(super().to_representation(value), format=rich_text_format)
        return absolute_links(text, self.context)


def page_summary(page, context=None):
    """A page as other content points to it: id, title, type and address."""
    if page is None:
        return None
    page = page.specific_deferred
    return {
        "id": page.pk,
        "title": page.title,
        "type": page._meta.label,
        "url": absolute_urls.page_url(page, (context or {}).get("request")),
    }


def image_representation(image, context=None, alt_text=None):
    """An image with its alternative text and renditions at several widths."""
    renditions = image.get_renditions(*(f"width-{width}" for width in IMAGE_WIDTHS))
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text if alt_text is None else alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "width": rendition.width,
                "height": rendition.height,
                "url": absolute_url(rendition.url, context),
            }
            for rendition in renditions.values()
        ],
    }


def document_representation(document, context=None):
    """A document to download: title, address, size in bytes and format."""
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute_url(document.url, context),
        "size": document.get_file_size(),
        "format": document.file_extension.lower(),
    }


class TagSerializer(serializers.Serializer):
    """A tag by name and slug (the slug filters listings: ``?tags=<slug>``)."""

    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)
