"""Parts of pages that every page repeats, built once per change rather than once per request.

The header's menu, the footer's links, the feeds every page announces and the DSFR
configuration cost several SQL queries on each page and change only when something is
published or an administrator edits the site's settings. They are kept in the cache under
the generation number that ``caching.responses.purge`` moves at every publication,
unpublication, move, expiry and change to a watched object or setting: a fragment built
before a change is never read after it, in any process sharing the cache (Redis in
production). Like cached answers, a fragment also never outlives the next scheduled expiry of
a live page.

``PUBLISHING["FRAGMENT_CACHE_TIMEOUT"]`` (seconds) sets their lifetime; 0 turns the cache
off. A memory
cache does not hear changes made in other processes (the scheduler, the workers): the
development settings keep fragments a few seconds there.
"""

import hashlib

from cms.publishing.caching import responses as response_cache
from cms.publishing.conf import setting


def timeout_setting():
    return setting("FRAGMENT_CACHE_TIMEOUT")


def _key(name, parts):
    digest = hashlib.md5("\n".join(map(str, parts)).encode()).hexdigest()  # noqa: S324 - a key
    return f"fragment:{name}:{digest}"


def read(name, parts):
    """``(generation, value)``: the value stored at the current generation, or None."""
    if not timeout_setting():
        return None, None
    key = _key(name, parts)
    found = response_cache.cache().get_many([response_cache.GENERATION_KEY, key])
    generation = found.get(response_cache.GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return generation, entry[1]
    return generation, None


def write(name, parts, generation, value, seconds=None):
    """Store ``value``, read at ``generation``, for ``seconds`` (default: the setting)."""
    if timeout_setting() and generation is not None:
        seconds = seconds or timeout_setting()
        response_cache.cache().set(_key(name, parts), (generation, value), seconds)


def cached(name, parts, build):
    """The value ``build()`` returns, from the cache when it was built at this generation; it
    is kept until the next scheduled expiry of a live page at most."""
    generation, value = read(name, parts)
    if value is None:
        value = build()
        if generation is not None:
            write(name, parts, generation, value, response_cache.timeout(timeout_setting()))
    return value
