"""Settings of the HTTP benchmark: the development settings, served as in production.

Only the benchmark mounts stock Wagtail's ``PagesAPIViewSet`` (``bench.urls``), to compare it
with this site's API on the same models and data.
"""

from cms.settings.base import env
from cms.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.urls"
PUBLISHING = {
    **PUBLISHING,  # noqa: F405
    "RESPONSE_CACHE_ENABLED": env.bool("RESPONSE_CACHE_ENABLED", default=False),
    "RESPONSE_CACHE_TIMEOUT": 300,
    # The stock API and the bare baseline are measured as they are, never from this site's cache.
    "RESPONSE_CACHE_EXCLUDED_PREFIXES": ("/stock-api/", "/bench/"),
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
