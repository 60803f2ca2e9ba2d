"""The plugin's settings, with their defaults, read in one place.

A host site sets none of them to get the defaults below; to change some, it sets a
``PUBLISHING`` dictionary in its settings with only those keys, e.g.::

    PUBLISHING = {"RESPONSE_CACHE_ENABLED": True, "WEBHOOKS_MAX_ATTEMPTS": 8}

Unknown keys are reported by ``manage.py check`` (``publishing.E006``), so that a typo is not
silently ignored. Read a value with ``setting("WEBHOOKS_MAX_ATTEMPTS")``: the dictionary is
read on each call, so ``override_settings(PUBLISHING=...)`` works in tests.
"""

from django.conf import settings

DEFAULTS = {
    # The public API (cms.publishing.api).
    # The pages endpoint's viewset: a subclass of PublicPagesAPIViewSet adds a site's filters.
    "PAGES_API_VIEWSET": "cms.publishing.api.views.PublicPagesAPIViewSet",
    # How long shared caches (a CDN) may keep a public API answer, in seconds.
    "API_CACHE_MAX_AGE": 60,
    # Renditions the site's templates show, generated when a page's snapshot is built (at
    # publication, in the background) rather than during a reader's request.
    "SNAPSHOT_RENDITIONS": (),
    # Models whose changes alter what pages show, besides pages, images, documents, tags,
    # snippets and settings (which are always watched): "app_label.ModelName" strings.
    "WATCHED_MODELS": (),
    # Whole answers to anonymous GET requests kept in the cache (caching.responses): only
    # with a cache that every process shares (Redis), which publications purge.
    "RESPONSE_CACHE_ENABLED": False,
    "RESPONSE_CACHE_ALIAS": "default",
    "RESPONSE_CACHE_TIMEOUT": 300,
    # Paths never answered from the cache, besides the admin, the APIs' private parts,
    # documents and media.
    "RESPONSE_CACHE_EXCLUDED_PREFIXES": (),
    # Parts every page repeats (menus, footers), cached per generation (caching.fragments);
    # 0 turns it off.
    "FRAGMENT_CACHE_TIMEOUT": 0,
    # How long browsers and CDNs may keep a public image, in seconds.
    "PUBLIC_MEDIA_MAX_AGE": 60 * 60 * 24,
    # Headless preview: how long a token works (seconds), and where the admin sends the
    # editor, e.g. "https://front.example.org/preview?id={page_id}&token={token}" ({api_url}
    # is the draft's API address); empty, the admin shows the API address.
    "PREVIEW_MAX_AGE": 10 * 60,
    "PREVIEW_CLIENT_URL": "",
    # Webhooks: the task backend and queue of deliveries (a queue of their own keeps a slow
    # receiver from delaying other background work), retries and timeouts.
    "WEBHOOKS_TASK_BACKEND": "default",
    "WEBHOOKS_QUEUE": "default",
    "WEBHOOKS_ALLOW_INSECURE": False,
    "WEBHOOKS_MAX_ATTEMPTS": 6,
    "WEBHOOKS_RETRY_BASE_SECONDS": 60,
    "WEBHOOKS_TIMEOUT": (3, 10),
    # A delivery task running longer than this lost its worker: the scheduler queues it again.
    "WEBHOOKS_STALLED_SECONDS": 120,
}


def setting(name):
    """The value of one of the plugin's settings: the host's, else the default."""
    return getattr(settings, "PUBLISHING", {}).get(name, DEFAULTS[name])
