"""A Redis cache that the site survives losing.

Django's Redis backend raises when Redis does not answer, so every page and API answer that
touches the cache (Wagtail looks the site up in it on each request) would fail with a 500.
Here a Redis that is down or slow counts as an empty cache that keeps nothing: the site serves
uncached, slower but whole, and uses Redis again as soon as it answers.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What each operation answers when Redis does not: a miss, nothing stored.
_FALLBACKS = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda *args, **kwargs: {},
    "add": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "has_key": lambda *args, **kwargs: False,
    # A purge (cms.response_cache) while Redis is down: what Redis keeps from before the
    # outage is purged by its lifetime (RESPONSE_CACHE_TIMEOUT) at the latest.
    "incr": lambda *args, **kwargs: 0,
    "decr": lambda *args, **kwargs: 0,
    "clear": lambda *args, **kwargs: False,
}


def _fail_safe(name, method):
    fallback = _FALLBACKS[name]

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            logger.warning("Cache unavailable, serving uncached (%s): %s", name, error)
            return fallback(*args, **kwargs)

    return wrapper


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, with a miss instead of an error while Redis is unreachable."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a dead Redis must not hold every request for the OS's connect timeout.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)


for _name in _FALLBACKS:
    setattr(FailSafeRedisCache, _name, _fail_safe(_name, getattr(RedisCache, _name)))
