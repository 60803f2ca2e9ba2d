"""Frontend cache purges for what shows a page besides the page itself.

Wagtail purges a page's own URLs when it is published or unpublished
(``wagtail.contrib.frontend_cache``) and, with ``WAGTAILAPI_USE_FRONTENDCACHE``, its API
detail. A page also appears in its ancestors' listings (the news index, the home page), in the
pages that link to it, and in the API's page listing: those are purged here, in a background
task too. Listings with query strings (filters, pages) cannot be listed one by one: the API
gives them a short shared-cache lifetime (``PUBLISHING["API_CACHE_MAX_AGE"]``) instead.

A move changes the addresses of the page and its descendants: both the old and the new ones
are purged, with the listings and referrers.

Purges go to the backends of ``WAGTAILFRONTENDCACHE``; with none configured, nothing is sent.
"""

from contextlib import suppress

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from wagtail.api.utils import get_base_url
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, ReferenceIndex


def related_urls(page):
    """URLs other than the page's own that show it: ancestors, referrers, API listings."""
    batch = PurgeBatch()
    batch.add_pages(page.get_ancestors().filter(depth__gt=1).live().specific(defer=True))
    page_type = ContentType.objects.get_for_model(Page)
    referrers = ReferenceIndex.objects.filter(
        base_content_type=page_type, to_content_type=page_type, to_object_id=str(page.pk)
    ).values_list("object_id", flat=True)
    batch.add_pages(
        Page.objects.live()
        .filter(pk__in=[int(pk) for pk in referrers])
        .exclude(pk=page.pk)
        .specific(defer=True)
    )
    base_url = get_base_url()
    if base_url:
        for name in ("wagtailapi_v2:pages:listing", "wagtailapi_v2:pages:find"):
            with suppress(NoReverseMatch):  # the API may not be mounted on this site
                batch.add_url(base_url + reverse(name))
    return batch


def purge_related(page):
    if get_backends():  # skip the queries when no cache is configured
        related_urls(page).purge()


def purge_moved(page, url_path_before, url_path_after):
    """A live page moved: its old and new addresses, and those of its descendants, are purged
    with the listings and referrers that show it."""
    if not page.live or url_path_before == url_path_after or not get_backends():
        return
    batch = related_urls(page)
    moved = Page.objects.live().descendant_of(page, inclusive=True).specific(defer=True)
    site = page.get_site()
    root = site.root_page.url_path if site else "/"
    before, after = url_path_before[len(root) - 1 :], url_path_after[len(root) - 1 :]
    for url in (page.get_full_url() for page in moved):
        if url:
            batch.add_url(url)
            batch.add_url(url.replace(after, before, 1))
    batch.purge()
