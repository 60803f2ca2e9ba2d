"""Whole answers to anonymous GET requests kept in the cache (Redis in production).

Readers arrive all at once when a press release goes out; what they read changes only when
something is published. So the site's pages and the public API are answered from the cache
for anonymous GET requests, and every change that can alter an answer (publication,
unpublication, expiry, move, a change to a watched object: see ``signal_handlers``)
purges them all at once, by moving a generation number that every cached answer is stored
under: one cache round trip per request, no key to enumerate.

Never cached: requests with a session cookie (editors) or an Authorization header, the admin,
previews, v3, documents and media, and answers that set cookies, vary on them or say private.
A cached answer also expires before the next scheduled expiry of a live page, so expiry purges
it even if the scheduler has not run yet.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import set_response_etag
from wagtail.models import Page

from cms.publishing.conf import setting

# Moved by every change the public can see; cached answers and cached fragments of pages
# (caching.fragments) are stored under the value it had when they were built.
GENERATION_KEY = "response-cache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/api/v3/",
    "/api/v2/preview/",
    "/documents/",
    "/static/",
    "/media/",
    "/django-admin/",
)


def cache():
    return caches[setting("RESPONSE_CACHE_ALIAS")]


def enabled():
    return setting("RESPONSE_CACHE_ENABLED")


def _bump():
    store = cache()
    store.add(GENERATION_KEY, 0, None)
    try:
        store.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr
        store.set(GENERATION_KEY, 1, None)


def purge():
    """Forget every cached answer and fragment, now and again once the current transaction
    commits. Moves the generation even when answers are not cached: fragments are."""
    _bump()
    # A request reading between the change and its commit would cache the old answer under
    # the new generation: move it once more when the change is visible.
    transaction.on_commit(_bump)


def cacheable_request(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    excluded = EXCLUDED_PREFIXES + tuple(setting("RESPONSE_CACHE_EXCLUDED_PREFIXES"))
    return not request.path.startswith(excluded)


def cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and "authorization" not in vary


def timeout(seconds=None):
    """The configured lifetime (or ``seconds``), cut short by the next scheduled expiry of a
    live page."""
    if seconds is None:
        seconds = setting("RESPONSE_CACHE_TIMEOUT")
    now = timezone.now()
    next_expiry = (
        Page.objects.filter(live=True, expire_at__gt=now)
        .aggregate(moment=Min("expire_at"))
        .get("moment")
    )
    if next_expiry is not None:
        seconds = min(seconds, max(1, int((next_expiry - now).total_seconds())))
    return seconds


class ResponseCacheMiddleware:
    """Serve anonymous GETs from the cache, keyed by generation, host, path and Accept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not cacheable_request(request):
            return self.get_response(request)
        key = (
            "response-cache:"
            + hashlib.md5(  # noqa: S324 - a cache key, not a secret
                "\n".join(
                    [request.get_host(), request.get_full_path(), request.headers.get("Accept", "")]
                ).encode()
            ).hexdigest()
        )
        store = cache()
        found = store.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            set_response_etag(response)
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            store.set(key, (generation, response.status_code, headers, response.content), timeout())
            response["X-Cache"] = "MISS"
        return response
