from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page


class ArticlePage(Page):
    """The host site's own page type: a body with images and documents, a main image and an
    attached document."""

    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageBlock()),
            ("document", DocumentChooserBlock()),
        ],
        blank=True,
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*Page.content_panels, FieldPanel("body"), "image", "document"]
    api_fields = ["body", "image", "document"]
