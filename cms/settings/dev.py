"""Local development: debug on, any local host, a fixed throwaway key."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
# A development-only key; production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-eig-cms-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
PUBLISHING = {**PUBLISHING, "WEBHOOKS_ALLOW_INSECURE": True}
# The memory cache cannot hear the scheduler's purges: cached answers live one second.
if not REDIS_URL:
    PUBLISHING |= {
        "RESPONSE_CACHE_ENABLED": env.bool("RESPONSE_CACHE_ENABLED", default=True),
        "RESPONSE_CACHE_TIMEOUT": env.int("RESPONSE_CACHE_TIMEOUT", default=1),
    }
