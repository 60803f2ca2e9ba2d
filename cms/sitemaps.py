"""The sitemap lists what the public may see (``cms.visibility``): no expired page either."""

from wagtail.contrib.sitemaps import Sitemap

from cms.visibility import exclude_expired


class PublicSitemap(Sitemap):
    def items(self):
        return exclude_expired(super().items())
