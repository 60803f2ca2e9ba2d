"""RSS 2.0 and Atom feeds of a news index's press releases (Django's syndication framework).

``NewsIndexPage`` serves them at ``flux/rss/`` and ``flux/atom/`` below itself; ``?tag=`` and
``?category=`` (slugs) narrow them as they narrow the list. Every address in them is absolute,
pages' from their Wagtail site (as their canonical URLs), images' from the request.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from news.filters import ReleaseFilters


class FeedSource:
    """A news index with the filters of one request."""

    def __init__(self, request, index):
        self.request = request
        self.index = index
        self.filters = ReleaseFilters.from_query(index, request.GET)
        self.filters.year = None  # feeds are the latest news: no year
        # Unknown: used by none of the index's public releases (an embargoed one's is too).
        if (self.filters.tag and self.filters.tag_object is None) or (
            self.filters.category and self.filters.category_object is None
        ):
            raise Http404(_("No such tag or category."))

    def absolute(self, url):
        return self.request.build_absolute_uri(url)


class PressReleaseRSSFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def __call__(self, request, index):
        return super().__call__(request, index=index)

    def get_object(self, request, index):
        return FeedSource(request, index)

    def title(self, source):
        labels = source.filters.labels()
        if labels:
            return f"{source.index.title} — {', '.join(labels)}"
        return source.index.title

    def link(self, source):
        query = source.filters.query_string()
        return source.index.get_full_url(source.request) + (f"?{query}" if query else "")

    def feed_url(self, source):
        return source.request.build_absolute_uri()

    def description(self, source):
        return _("The latest press releases of %(site)s.") % {
            "site": source.index.get_site().site_name
        }

    subtitle = description

    def items(self, source):
        # Item methods receive the item alone: keep the request's source at hand. A feed
        # object serves one request (see NewsIndexPage's routes).
        self.source = source
        releases = source.filters.apply(source.index.published_releases()).for_listing()
        return releases[: source.index.feed_size]

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        return release.chapeau

    def item_link(self, release):
        # A redirect item links where its card linked; its guid stays its own address.
        if release.link_url:
            return self.source.absolute(release.link_url)
        return release.get_full_url(self.source.request)

    def item_guid(self, release):
        return release.get_full_url(self.source.request)

    def item_guid_is_permalink(self, release):
        return not release.link_url

    def item_pubdate(self, release):
        return release.date

    def item_updateddate(self, release):
        return release.last_published_at or release.date

    def item_author_name(self, release):
        return release.author or None

    def item_categories(self, release):
        return [category.name for category in release.categories.all()] + [
            tag.name for tag in release.tags.all()
        ]

    def item_enclosures(self, release):
        rendition = release.social_image()
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:  # storage unreachable: the length is optional to readers
            length = 0
        mime_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
        return [Enclosure(self.source.absolute(rendition.url), str(length), mime_type)]


class PressReleaseAtomFeed(PressReleaseRSSFeed):
    feed_type = Atom1Feed
