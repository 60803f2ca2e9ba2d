"""The sitemap lists what the public may see (``visibility``): no expired page either."""

from wagtail.contrib.sitemaps import Sitemap

from cms.publishing.visibility import exclude_expired


class PublicSitemap(Sitemap):
    def items(self):
        return exclude_expired(super().items())
