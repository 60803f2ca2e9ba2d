"""Absolute addresses in API answers and webhooks: one rule for every one of them.

With ``WAGTAILAPI_BASE_URL`` configured (production: the site's public address), every
address starts with it. Without it (development), addresses start with the scheme and host
the request came to, so that a site served on any host or port answers addresses that work
there. Outside a request (webhooks), the default site's address stands in for the request's.

That covers ``detail_url``, ``html_url``, ``download_url``, the ``find`` redirect, page
summaries, renditions, files and links inside rich text: Wagtail's own serializers take the
setting, else the site's address, for some and nothing for others, so this site's serializers
(``api.serializers``) use this module. Snapshots (``snapshots``) are built for a
placeholder host that serving replaces with the request's.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def configured_base_url():
    """The scheme and host of ``WAGTAILAPI_BASE_URL``, or "" when it is not set."""
    parts = urlsplit(getattr(settings, "WAGTAILAPI_BASE_URL", None) or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def base_url(request=None):
    """What absolute addresses start with, e.g. ``https://eig.example.gouv.fr``."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/")[:-1]
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(url, request=None):
    """A path of this site (``/…``) made absolute; any other address left as it is."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    return base_url(request) + url


def page_url(page, request=None):
    """A page's public address: the base and its path on this site; on another site of the
    same installation, that site's address (Wagtail's ``get_url``)."""
    return absolute_url(page.get_url(request), request)
