"""The host site's content: articles with images and documents in their body and fields."""

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page

from tests.factories.media import DocumentFactory, ImageFactory
from tests.host_site.pages.models import ArticlePage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")

    class Meta:
        model = ArticlePage


def home_page():
    """The page Wagtail's migrations make and its default site serves at /."""
    return Page.objects.get(depth=2)


def scheduled_article(title, go_live_at=None):
    """An article going live at ``go_live_at`` (in an hour), scheduled as the editor's
    "Publish" does, with an image and a document in its fields and others in its body."""
    page = ArticlePageFactory(
        parent=home_page(),
        title=title,
        live=False,
        image=ImageFactory(title=f"{title} main image"),
        document=DocumentFactory(title=f"{title} attachment"),
        body=[
            ("paragraph", "<p>Not yet.</p>"),
            (
                "image",
                {
                    "image": ImageFactory(title=f"{title} body image"),
                    "alt_text": "A photo",
                    "decorative": False,
                },
            ),
            ("document", DocumentFactory(title=f"{title} body document")),
        ],
    )
    page = ArticlePage.objects.get(pk=page.pk)
    page.go_live_at = go_live_at or timezone.now() + dt.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live, "scheduled, not published"
    return page


def images_and_documents(page):
    """The article's images and documents: (images, documents)."""
    body = {block.block_type: block.value for block in page.body}
    return [page.image, body["image"]], [page.document, body["document"]]
